// The Greek text of every email, for customers who bought from a Greek-language app.
import { formatDate, formatDateTime, formatMoney, html, renderLayout } from './layout';
import type { Renderers } from './templates';

const language = 'el' as const;
const greeting = (name: string | undefined) => (name ? `Γεια σας ${name},` : 'Γεια σας,');
const date = (ms: number) => formatDate(ms, language);
const money = (cents: number, currency: string) => formatMoney(cents, currency, language);

const tokenBlock = (token: string) =>
  html`<p style="font-family:ui-monospace,Menlo,Consolas,monospace;font-size:18px;letter-spacing:1px;background:#f4f4f5;padding:12px 16px;border-radius:6px;text-align:center">${token}</p>`;

export const greek: Renderers = {
  welcome: (d) =>
    renderLayout({
      language,
      subject: 'Καλώς ήρθατε στο POSPal — ο κωδικός ξεκλειδώματος',
      preheader: 'Η συνδρομή σας είναι ενεργή. Ιδού ο κωδικός ξεκλειδώματος.',
      body: html`<p>${greeting(d.name)}</p>
<p>Σας ευχαριστούμε για τη συνδρομή${d.businessName ? html` για <strong>${d.businessName}</strong>` : ''}. Η συνδρομή σας είναι ενεργή.</p>
<p>Ο κωδικός ξεκλειδώματος:</p>${tokenBlock(d.token)}
<p>Πληκτρολογήστε τον στο POSPal μαζί με αυτή τη διεύθυνση email για να ξεκλειδώσετε το ταμείο. Φυλάξτε τον: όποιος έχει τον κωδικό μπορεί να χρησιμοποιήσει τη συνδρομή σας.</p>`,
      text: `${greeting(d.name)}

Σας ευχαριστούμε για τη συνδρομή${d.businessName ? ` για ${d.businessName}` : ''}. Η συνδρομή σας είναι ενεργή.

Ο κωδικός ξεκλειδώματος: ${d.token}

Πληκτρολογήστε τον στο POSPal μαζί με αυτή τη διεύθυνση email για να ξεκλειδώσετε το ταμείο. Φυλάξτε τον.`,
    }),

  token_recovery: (d) =>
    renderLayout({
      language,
      subject: 'Ο νέος κωδικός ξεκλειδώματος του POSPal',
      preheader: 'Επιβεβαιώσατε την ανάκτηση. Ιδού ο νέος κωδικός ξεκλειδώματος.',
      body: html`<p>${greeting(d.name)}</p>
<p>Επιβεβαιώσατε την ανάκτηση του κωδικού ξεκλειδώματος. Ιδού ο νέος:</p>${tokenBlock(d.token)}
<p>Ο προηγούμενος κωδικός λειτουργεί μέχρι να πληκτρολογηθεί ο νέος σε ένα ταμείο· από τότε λειτουργεί μόνο ο νέος. Πληκτρολογήστε τον σε κάθε υπολογιστή σας.</p>
<p>Αν δεν το ζητήσατε εσείς, επικοινωνήστε μαζί μας.</p>`,
      text: `${greeting(d.name)}

Επιβεβαιώσατε την ανάκτηση του κωδικού ξεκλειδώματος. Ιδού ο νέος.

Ο κωδικός ξεκλειδώματος: ${d.token}

Ο προηγούμενος κωδικός λειτουργεί μέχρι να πληκτρολογηθεί ο νέος σε ένα ταμείο· από τότε λειτουργεί μόνο ο νέος. Πληκτρολογήστε τον σε κάθε υπολογιστή σας.

Αν δεν το ζητήσατε εσείς, επικοινωνήστε μαζί μας.`,
    }),

  machine_changed: (d) =>
    renderLayout({
      language,
      subject: 'POSPal: ένας υπολογιστής σας άλλαξε',
      preheader: 'Ένας καταχωρημένος υπολογιστής σας ανέφερε νέο υλικό.',
      body: html`<p>Γεια σας,</p>
<p>Ο υπολογιστής <strong>${d.machineName}</strong>${d.platform ? html` (${d.platform})` : ''} ανέφερε αλλαγμένο υλικό στις ${formatDateTime(d.at)} και αναγνωρίστηκε ως ο ίδιος υπολογιστής.</p>
<p>Αν δεν ήσασταν εσείς, ζητήστε νέο κωδικό ξεκλειδώματος από την εφαρμογή.</p>`,
      text: `Γεια σας,

Ο υπολογιστής ${d.machineName}${d.platform ? ` (${d.platform})` : ''} ανέφερε αλλαγμένο υλικό στις ${formatDateTime(d.at)} και αναγνωρίστηκε ως ο ίδιος υπολογιστής.

Αν δεν ήσασταν εσείς, ζητήστε νέο κωδικό ξεκλειδώματος από την εφαρμογή.`,
    }),

  session_taken_over: (d) =>
    renderLayout({
      language,
      subject: 'POSPal: το ταμείο σας το ανέλαβε άλλη συσκευή',
      preheader: 'Μια άλλη συσκευή άρχισε να χρησιμοποιεί τη συνδρομή σας.',
      body: html`<p>Γεια σας,</p>
<p>Στις ${formatDateTime(d.at)} ${d.takenOverBy ? html`η συσκευή <strong>${d.takenOverBy}</strong>` : 'μια άλλη συσκευή'} ανέλαβε τη σύνδεση POSPal του <strong>${d.machineName}</strong>${d.platform ? html` (${d.platform})` : ''}.</p>
<p>Αν δεν ήσασταν εσείς, ζητήστε νέο κωδικό ξεκλειδώματος από την εφαρμογή: ο παλιός σταματά αμέσως να λειτουργεί.</p>`,
      text: `Γεια σας,

Στις ${formatDateTime(d.at)} ${d.takenOverBy ? `η συσκευή ${d.takenOverBy}` : 'μια άλλη συσκευή'} ανέλαβε τη σύνδεση POSPal του ${d.machineName}${d.platform ? ` (${d.platform})` : ''}.

Αν δεν ήσασταν εσείς, ζητήστε νέο κωδικό ξεκλειδώματος από την εφαρμογή: ο παλιός σταματά αμέσως να λειτουργεί.`,
    }),

  payment_failed: (d) => {
    const amount = d.amountCents !== undefined && d.currency ? money(d.amountCents, d.currency) : null;
    return renderLayout({
      language,
      subject: 'POSPal: η πληρωμή σας απέτυχε',
      preheader: 'Οι πωλήσεις είναι σε παύση μέχρι να περάσει η πληρωμή.',
      body: html`<p>${greeting(d.name)}</p>
<p>Δεν μπορέσαμε να εισπράξουμε την πληρωμή της συνδρομής σας${amount ? html` ύψους ${amount}` : ''}. Οι πωλήσεις στο POSPal είναι σε παύση μέχρι να περάσει· οι αναφορές και τα δεδομένα σας μένουν διαθέσιμα.</p>
<p>Ανοίξτε το POSPal και επιλέξτε <strong>Διαχείριση χρέωσης</strong> για να ενημερώσετε τον τρόπο πληρωμής.</p>`,
      text: `${greeting(d.name)}

Δεν μπορέσαμε να εισπράξουμε την πληρωμή της συνδρομής σας${amount ? ` ύψους ${amount}` : ''}. Οι πωλήσεις στο POSPal είναι σε παύση μέχρι να περάσει· οι αναφορές και τα δεδομένα σας μένουν διαθέσιμα.

Ανοίξτε το POSPal και επιλέξτε «Διαχείριση χρέωσης» για να ενημερώσετε τον τρόπο πληρωμής.`,
    });
  },

  reactivated: (d) =>
    renderLayout({
      language,
      subject: 'POSPal: η συνδρομή σας είναι ξανά ενεργή',
      preheader: 'Η πληρωμή ελήφθη. Μπορείτε να πουλάτε ξανά.',
      body: html`<p>${greeting(d.name)}</p>
<p>Η πληρωμή σας πέρασε και η συνδρομή σας είναι ξανά ενεργή${d.currentPeriodEnd ? html` έως ${date(d.currentPeriodEnd)}` : ''}. Οι πωλήσεις ξεκλείδωσαν στο ταμείο σας.</p>`,
      text: `${greeting(d.name)}

Η πληρωμή σας πέρασε και η συνδρομή σας είναι ξανά ενεργή${d.currentPeriodEnd ? ` έως ${date(d.currentPeriodEnd)}` : ''}. Οι πωλήσεις ξεκλείδωσαν στο ταμείο σας.`,
    }),

  subscription_cancelled: (d) =>
    renderLayout({
      language,
      subject: 'POSPal: η συνδρομή σας ακυρώθηκε',
      preheader: 'Η συνδρομή σας έληξε.',
      body: html`<p>${greeting(d.name)}</p>
<p>Η συνδρομή σας στο POSPal ακυρώθηκε${d.endsAt ? html` στις ${date(d.endsAt)}` : ''}. Οι πωλήσεις κλείδωσαν· οι αναφορές και οι εξαγωγές μένουν διαθέσιμες.</p>
<p>Μπορείτε να εγγραφείτε ξανά από την εφαρμογή όποτε θέλετε.</p>`,
      text: `${greeting(d.name)}

Η συνδρομή σας στο POSPal ακυρώθηκε${d.endsAt ? ` στις ${date(d.endsAt)}` : ''}. Οι πωλήσεις κλείδωσαν· οι αναφορές και οι εξαγωγές μένουν διαθέσιμες.

Μπορείτε να εγγραφείτε ξανά από την εφαρμογή όποτε θέλετε.`,
    }),

  renewal_reminder: (d) => {
    const amount = d.amountCents !== undefined && d.currency ? money(d.amountCents, d.currency) : null;
    return renderLayout({
      language,
      subject: `POSPal: η συνδρομή σας ανανεώνεται στις ${date(d.renewsAt)}`,
      preheader: 'Υπενθύμιση πριν από την επόμενη πληρωμή.',
      body: html`<p>${greeting(d.name)}</p>
<p>Η συνδρομή σας στο POSPal ανανεώνεται στις <strong>${date(d.renewsAt)}</strong>${amount ? html` για ${amount}` : ''}. Δεν χρειάζεται να κάνετε τίποτα αν ο τρόπος πληρωμής σας είναι ενημερωμένος.</p>`,
      text: `${greeting(d.name)}

Η συνδρομή σας στο POSPal ανανεώνεται στις ${date(d.renewsAt)}${amount ? ` για ${amount}` : ''}. Δεν χρειάζεται να κάνετε τίποτα αν ο τρόπος πληρωμής σας είναι ενημερωμένος.`,
    });
  },

  refund_request: (d) =>
    renderLayout({
      language,
      subject: `Αίτημα επιστροφής χρημάτων POSPal από ${d.customerEmail}`,
      preheader: 'Ένας πελάτης ζήτησε επιστροφή χρημάτων.',
      body: html`<p>Ένας πελάτης ζήτησε επιστροφή χρημάτων.</p>
<p>Πελάτης: <strong>${d.customerEmail}</strong> (${d.customerId})${d.requestId ? html`<br>Αριθμός αιτήματος: ${d.requestId}` : ''}</p>
<p>Αιτία:</p><blockquote style="border-left:3px solid #d4d4d8;margin:0;padding-left:12px;white-space:pre-wrap">${d.reason}</blockquote>`,
      text: `Ένας πελάτης ζήτησε επιστροφή χρημάτων.

Πελάτης: ${d.customerEmail} (${d.customerId})${d.requestId ? `\nΑριθμός αιτήματος: ${d.requestId}` : ''}

Αιτία:
${d.reason}`,
    }),

  refund_approved: (d) =>
    renderLayout({
      language,
      subject: 'POSPal: η επιστροφή χρημάτων είναι καθ’ οδόν',
      preheader: 'Εγκρίναμε το αίτημα επιστροφής χρημάτων.',
      body: html`<p>${greeting(d.name)}</p>
<p>Εγκρίναμε το αίτημά σας: <strong>${money(d.amountCents, d.currency)}</strong> επιστρέφονται στην κάρτα με την οποία πληρώσατε. Οι τράπεζες συνήθως τα δείχνουν μέσα σε 5–10 ημέρες.</p>
<p>${d.subscriptionCancelled ? 'Η συνδρομή σας ακυρώθηκε, όπως ζητήσατε.' : 'Η συνδρομή σας συνεχίζεται κανονικά.'}</p>`,
      text: `${greeting(d.name)}

Εγκρίναμε το αίτημά σας: ${money(d.amountCents, d.currency)} επιστρέφονται στην κάρτα με την οποία πληρώσατε. Οι τράπεζες συνήθως τα δείχνουν μέσα σε 5-10 ημέρες.

${d.subscriptionCancelled ? 'Η συνδρομή σας ακυρώθηκε, όπως ζητήσατε.' : 'Η συνδρομή σας συνεχίζεται κανονικά.'}`,
    }),

  refund_declined: (d) =>
    renderLayout({
      language,
      subject: 'POSPal: σχετικά με το αίτημα επιστροφής χρημάτων',
      preheader: 'Δεν μπορέσαμε να εγκρίνουμε το αίτημα επιστροφής χρημάτων.',
      body: html`<p>${greeting(d.name)}</p>
<p>Εξετάσαμε το αίτημα επιστροφής χρημάτων και δεν μπορέσαμε να το εγκρίνουμε.</p>
<blockquote style="border-left:3px solid #d4d4d8;margin:0;padding-left:12px;white-space:pre-wrap">${d.reason}</blockquote>
<p>Απαντήστε σε αυτό το email αν θέλετε να το συζητήσουμε.</p>`,
      text: `${greeting(d.name)}

Εξετάσαμε το αίτημα επιστροφής χρημάτων και δεν μπορέσαμε να το εγκρίνουμε.

${d.reason}

Απαντήστε σε αυτό το email αν θέλετε να το συζητήσουμε.`,
    }),

  operator_alert: (d) =>
    renderLayout({
      language,
      subject: `Ειδοποίηση POSPal: ${d.title}`,
      preheader: d.whatHappened,
      body: html`<p><strong>${d.title}</strong></p><p>${d.whatHappened}</p><p><strong>Τι να κάνετε:</strong> ${d.whatToDo}</p><p><a href="${d.screen}">${d.screen}</a></p>`,
      text: `${d.title}

${d.whatHappened}

Τι να κάνετε: ${d.whatToDo}

${d.screen}`,
    }),

  recovery_confirm: (d) =>
    renderLayout({
      language,
      subject: 'POSPal: επιβεβαιώστε την ανάκτηση του κωδικού',
      preheader: 'Ανοίξτε τον σύνδεσμο για να πάρετε νέο κωδικό ξεκλειδώματος.',
      body: html`<p>${greeting(d.name)}</p>
<p>Κάποιος ζήτησε νέο κωδικό ξεκλειδώματος POSPal για αυτή τη διεύθυνση email. Για να τον πάρετε, ανοίξτε αυτόν τον σύνδεσμο και πατήστε <strong>Στείλτε μου νέο κωδικό</strong>:</p>
<p><a href="${d.link}">${d.link}</a></p>
<p>Ο σύνδεσμος λειτουργεί μία φορά, έως ${formatDateTime(d.expiresAt)}. Ο τωρινός σας κωδικός λειτουργεί στο μεταξύ. Αν δεν το ζητήσατε εσείς, αγνοήστε αυτό το email: τίποτα δεν αλλάζει.</p>`,
      text: `${greeting(d.name)}

Κάποιος ζήτησε νέο κωδικό ξεκλειδώματος POSPal για αυτή τη διεύθυνση email. Για να τον πάρετε, ανοίξτε αυτόν τον σύνδεσμο και πατήστε «Στείλτε μου νέο κωδικό»:

${d.link}

Ο σύνδεσμος λειτουργεί μία φορά, έως ${formatDateTime(d.expiresAt)}. Ο τωρινός σας κωδικός λειτουργεί στο μεταξύ. Αν δεν το ζητήσατε εσείς, αγνοήστε αυτό το email: τίποτα δεν αλλάζει.`,
    }),

  checkout_already_subscribed: (d) =>
    renderLayout({
      language,
      subject: 'POSPal: έχετε ήδη συνδρομή',
      preheader: 'Ξεκίνησε νέα αγορά για αυτό το email· δεν έγινε καμία χρέωση.',
      body: html`<p>${greeting(d.name)}</p>
<p>Κάποιος (μάλλον εσείς) ξεκίνησε νέα αγορά POSPal για αυτή τη διεύθυνση email. Αυτό το email έχει ήδη ενεργή συνδρομή, οπότε δεν άνοιξε φόρμα πληρωμής και δεν έγινε καμία χρέωση.</p>
<p>Για να αλλάξετε κάρτα, να δείτε τιμολόγια ή να ακυρώσετε, ανοίξτε το POSPal και επιλέξτε <strong>Συνδρομή → Διαχείριση χρέωσης</strong>. Χάσατε τον κωδικό ξεκλειδώματος; Επιλέξτε <strong>Ανάκτηση κωδικού</strong> στην εφαρμογή.</p>
<p>Αν δεν το ξεκινήσατε εσείς, αγνοήστε αυτό το email.</p>`,
      text: `${greeting(d.name)}

Κάποιος (μάλλον εσείς) ξεκίνησε νέα αγορά POSPal για αυτή τη διεύθυνση email. Αυτό το email έχει ήδη ενεργή συνδρομή, οπότε δεν άνοιξε φόρμα πληρωμής και δεν έγινε καμία χρέωση.

Για να αλλάξετε κάρτα, να δείτε τιμολόγια ή να ακυρώσετε, ανοίξτε το POSPal και επιλέξτε «Συνδρομή > Διαχείριση χρέωσης». Χάσατε τον κωδικό ξεκλειδώματος; Επιλέξτε «Ανάκτηση κωδικού» στην εφαρμογή.

Αν δεν το ξεκινήσατε εσείς, αγνοήστε αυτό το email.`,
    }),

  duplicate_purchase: (d) => {
    const amount = d.amountCents != null && d.currency ? money(d.amountCents, d.currency) : null;
    const undone = d.refunded
      ? `Η δεύτερη συνδρομή ακυρώθηκε και η πληρωμή${amount ? ` ύψους ${amount}` : ''} επιστράφηκε· η επιστροφή φτάνει στην κάρτα σας μέσα σε λίγες ημέρες.`
      : 'Η δεύτερη συνδρομή ακυρώθηκε· θα σας επιστρέψουμε την πληρωμή.';
    return renderLayout({
      language,
      subject: 'POSPal: πληρώθηκε δεύτερη συνδρομή και επιστράφηκε',
      preheader: 'Η υπάρχουσα συνδρομή και ο κωδικός σας δεν άλλαξαν.',
      body: html`<p>${greeting(d.name)}</p>
<p>Μια αγορά που ξεκίνησε νωρίτερα πληρώθηκε, αλλά αυτό το email είχε ήδη ενεργή συνδρομή POSPal. ${undone}</p>
<p>Η υπάρχουσα συνδρομή και ο κωδικός ξεκλειδώματος δεν άλλαξαν: συνεχίστε να τα χρησιμοποιείτε. Για τη χρέωση, ανοίξτε το POSPal και επιλέξτε <strong>Συνδρομή → Διαχείριση χρέωσης</strong>.</p>`,
      text: `${greeting(d.name)}

Μια αγορά που ξεκίνησε νωρίτερα πληρώθηκε, αλλά αυτό το email είχε ήδη ενεργή συνδρομή POSPal. ${undone}

Η υπάρχουσα συνδρομή και ο κωδικός ξεκλειδώματος δεν άλλαξαν: συνεχίστε να τα χρησιμοποιείτε. Για τη χρέωση, ανοίξτε το POSPal και επιλέξτε «Συνδρομή > Διαχείριση χρέωσης».`,
    });
  },

  duplicate_purchase_operator: (d) =>
    renderLayout({
      language,
      subject: `Διπλή αγορά POSPal για ${d.customerEmail}`,
      preheader: 'Πληρώθηκε αγορά για email με ενεργή συνδρομή.',
      body: html`<p>Πληρώθηκε αγορά για email του οποίου ο πελάτης έχει ήδη ενεργή συνδρομή. Ο πελάτης δεν άλλαξε.</p>
<p>Πελάτης: <strong>${d.customerEmail}</strong> (${d.customerId})<br>Συνεδρία αγοράς: ${d.checkoutSessionId}<br>Διπλή συνδρομή: ${d.duplicateSubscriptionId ?? 'καμία'}</p>
<p>${d.undone ? 'Αναιρέθηκε: η συνδρομή ακυρώθηκε, η πληρωμή επιστράφηκε.' : 'ΔΕΝ αναιρέθηκε ακόμη: ελέγξτε το στο Stripe.'} ${d.detail}</p>`,
      text: `Πληρώθηκε αγορά για email του οποίου ο πελάτης έχει ήδη ενεργή συνδρομή. Ο πελάτης δεν άλλαξε.

Πελάτης: ${d.customerEmail} (${d.customerId})
Συνεδρία αγοράς: ${d.checkoutSessionId}
Διπλή συνδρομή: ${d.duplicateSubscriptionId ?? 'καμία'}

${d.undone ? 'Αναιρέθηκε: η συνδρομή ακυρώθηκε, η πληρωμή επιστράφηκε.' : 'ΔΕΝ αναιρέθηκε ακόμη: ελέγξτε το στο Stripe.'} ${d.detail}`,
    }),

  trial_welcome: (d) =>
    renderLayout({
      language,
      subject: 'Η δωρεάν δοκιμή του POSPal ξεκίνησε',
      preheader: `Η δωρεάν δοκιμή σας διαρκεί έως ${date(d.endsAt)}. Ιδού ο κωδικός ξεκλειδώματος.`,
      body: html`<p>Γεια σας,</p>
<p>Η δωρεάν δοκιμή του POSPal για ${d.email} ξεκίνησε σε αυτόν τον υπολογιστή και διαρκεί έως <strong>${date(d.endsAt)}</strong>. Δεν χρειάζεται κάρτα.</p>
<p>Ο κωδικός ξεκλειδώματος (η εφαρμογή τον έχει ήδη· κρατήστε τον για την υποστήριξη):</p>${tokenBlock(d.token)}
<p>Για να συνεχίσετε τις πωλήσεις μετά τη δοκιμή, πατήστε <strong>Συνδρομή</strong> στο POSPal: ο κατάλογος, οι παραγγελίες και το προσωπικό μένουν ως έχουν.</p>`,
      text: `Γεια σας,

Η δωρεάν δοκιμή του POSPal για ${d.email} ξεκίνησε σε αυτόν τον υπολογιστή και διαρκεί έως ${date(d.endsAt)}. Δεν χρειάζεται κάρτα.

Ο κωδικός ξεκλειδώματος (η εφαρμογή τον έχει ήδη· κρατήστε τον για την υποστήριξη): ${d.token}

Για να συνεχίσετε τις πωλήσεις μετά τη δοκιμή, πατήστε Συνδρομή στο POSPal: ο κατάλογος, οι παραγγελίες και το προσωπικό μένουν ως έχουν.`,
    }),

  trial_converted: (d) =>
    renderLayout({
      language,
      subject: 'POSPal: η συνδρομή σας είναι ενεργή',
      preheader: 'Σας ευχαριστούμε για τη συνδρομή. Ο υπολογιστής της δοκιμής συνεχίζει να πουλά.',
      body: html`<p>${greeting(d.name)}</p>
<p>Σας ευχαριστούμε για τη συνδρομή. Η δοκιμή σας έγινε συνδρομή${d.currentPeriodEnd ? html`, πληρωμένη έως ${date(d.currentPeriodEnd)}` : ''}. Ο υπολογιστής της δοκιμής συνεχίζει να πουλά με τον ίδιο κωδικό ξεκλειδώματος· δεν χρειάζεται να πληκτρολογήσετε τίποτα.</p>`,
      text: `${greeting(d.name)}

Σας ευχαριστούμε για τη συνδρομή. Η δοκιμή σας έγινε συνδρομή${d.currentPeriodEnd ? `, πληρωμένη έως ${date(d.currentPeriodEnd)}` : ''}. Ο υπολογιστής της δοκιμής συνεχίζει να πουλά με τον ίδιο κωδικό ξεκλειδώματος· δεν χρειάζεται να πληκτρολογήσετε τίποτα.`,
    }),
};
