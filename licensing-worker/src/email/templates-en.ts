// The English text of every email (the default language).
import { formatDate, formatDateTime, formatMoney, html, renderLayout } from './layout';
import type { Renderers } from './templates';

const greeting = (name: string | undefined) => (name ? `Hello ${name},` : 'Hello,');

const tokenBlock = (token: string) =>
  html`<p style="font-family:ui-monospace,Menlo,Consolas,monospace;font-size:18px;letter-spacing:1px;background:#f4f4f5;padding:12px 16px;border-radius:6px;text-align:center">${token}</p>`;

export const english: Renderers = {
  welcome: (d) =>
    renderLayout({
      subject: 'Welcome to POSPal — your unlock token',
      preheader: 'Your subscription is active. Here is your unlock token.',
      body: html`<p>${greeting(d.name)}</p>
<p>Thank you for subscribing${d.businessName ? html` for <strong>${d.businessName}</strong>` : ''}. Your subscription is active.</p>
<p>Your unlock token:</p>${tokenBlock(d.token)}
<p>Enter it in POSPal together with this email address to unlock the till. Keep it safe: anyone with the token can use your subscription.</p>`,
      text: `${greeting(d.name)}

Thank you for subscribing${d.businessName ? ` for ${d.businessName}` : ''}. Your subscription is active.

Your unlock token: ${d.token}

Enter it in POSPal together with this email address to unlock the till. Keep it safe.`,
    }),

  token_recovery: (d) =>
    renderLayout({
      subject: 'Your new POSPal unlock token',
      preheader: 'You confirmed the recovery. Here is your new unlock token.',
      body: html`<p>${greeting(d.name)}</p>
<p>You confirmed the recovery of your unlock token. Here is your new one:</p>${tokenBlock(d.token)}
<p>Your previous token keeps working until this one is entered on a till; from then on only the new token works. Enter it on each of your computers.</p>
<p>If you did not ask for this, contact us.</p>`,
      text: `${greeting(d.name)}

You confirmed the recovery of your unlock token. Here is your new one.

Your unlock token: ${d.token}

Your previous token keeps working until this one is entered on a till; from then on only the new token works. Enter it on each of your computers.

If you did not ask for this, contact us.`,
    }),

  machine_changed: (d) =>
    renderLayout({
      subject: 'POSPal: a computer of yours changed',
      preheader: 'One of your registered computers reported new hardware.',
      body: html`<p>Hello,</p>
<p>The computer <strong>${d.machineName}</strong>${d.platform ? html` (${d.platform})` : ''} reported changed hardware on ${formatDateTime(d.at)} and was recognised as the same machine.</p>
<p>If this was not you, request a new unlock token from the app.</p>`,
      text: `Hello,

The computer ${d.machineName}${d.platform ? ` (${d.platform})` : ''} reported changed hardware on ${formatDateTime(d.at)} and was recognised as the same machine.

If this was not you, request a new unlock token from the app.`,
    }),

  session_taken_over: (d) =>
    renderLayout({
      subject: 'POSPal: your till was taken over by another device',
      preheader: 'Another device started using your subscription.',
      body: html`<p>Hello,</p>
<p>On ${formatDateTime(d.at)} ${d.takenOverBy ? html`the device <strong>${d.takenOverBy}</strong>` : 'another device'} took over the POSPal session of <strong>${d.machineName}</strong>${d.platform ? html` (${d.platform})` : ''}.</p>
<p>If this was not you, request a new unlock token from the app: the old token stops working at once.</p>`,
      text: `Hello,

On ${formatDateTime(d.at)} ${d.takenOverBy ? `the device ${d.takenOverBy}` : 'another device'} took over the POSPal session of ${d.machineName}${d.platform ? ` (${d.platform})` : ''}.

If this was not you, request a new unlock token from the app: the old token stops working at once.`,
    }),

  payment_failed: (d) => {
    const amount = d.amountCents !== undefined && d.currency ? formatMoney(d.amountCents, d.currency) : null;
    return renderLayout({
      subject: 'POSPal: your payment failed',
      preheader: 'Selling is paused until the payment goes through.',
      body: html`<p>${greeting(d.name)}</p>
<p>We could not collect your subscription payment${amount ? html` of ${amount}` : ''}. Selling in POSPal is paused until it goes through; your reports and data stay readable.</p>
<p>Open POSPal and choose <strong>Manage billing</strong> to update your payment method.</p>`,
      text: `${greeting(d.name)}

We could not collect your subscription payment${amount ? ` of ${amount}` : ''}. Selling in POSPal is paused until it goes through; your reports and data stay readable.

Open POSPal and choose "Manage billing" to update your payment method.`,
    });
  },

  reactivated: (d) =>
    renderLayout({
      subject: 'POSPal: your subscription is active again',
      preheader: 'Payment received. You can sell again.',
      body: html`<p>${greeting(d.name)}</p>
<p>Your payment went through and your subscription is active again${d.currentPeriodEnd ? html` until ${formatDate(d.currentPeriodEnd)}` : ''}. Selling is unlocked on your till.</p>`,
      text: `${greeting(d.name)}

Your payment went through and your subscription is active again${d.currentPeriodEnd ? ` until ${formatDate(d.currentPeriodEnd)}` : ''}. Selling is unlocked on your till.`,
    }),

  subscription_cancelled: (d) =>
    renderLayout({
      subject: 'POSPal: your subscription was cancelled',
      preheader: 'Your subscription has ended.',
      body: html`<p>${greeting(d.name)}</p>
<p>Your POSPal subscription was cancelled${d.endsAt ? html` on ${formatDate(d.endsAt)}` : ''}. Selling is locked; your reports and exports stay readable.</p>
<p>You can subscribe again from the app at any time.</p>`,
      text: `${greeting(d.name)}

Your POSPal subscription was cancelled${d.endsAt ? ` on ${formatDate(d.endsAt)}` : ''}. Selling is locked; your reports and exports stay readable.

You can subscribe again from the app at any time.`,
    }),

  renewal_reminder: (d) => {
    const amount = d.amountCents !== undefined && d.currency ? formatMoney(d.amountCents, d.currency) : null;
    return renderLayout({
      subject: `POSPal: your subscription renews on ${formatDate(d.renewsAt)}`,
      preheader: 'A reminder before your next payment.',
      body: html`<p>${greeting(d.name)}</p>
<p>Your POSPal subscription renews on <strong>${formatDate(d.renewsAt)}</strong>${amount ? html` for ${amount}` : ''}. Nothing to do if your payment method is up to date.</p>`,
      text: `${greeting(d.name)}

Your POSPal subscription renews on ${formatDate(d.renewsAt)}${amount ? ` for ${amount}` : ''}. Nothing to do if your payment method is up to date.`,
    });
  },

  refund_request: (d) =>
    renderLayout({
      subject: `POSPal refund request from ${d.customerEmail}`,
      preheader: 'A customer asked for a refund.',
      body: html`<p>A customer asked for a refund.</p>
<p>Customer: <strong>${d.customerEmail}</strong> (${d.customerId})${d.requestId ? html`<br>Request id: ${d.requestId}` : ''}</p>
<p>Reason:</p><blockquote style="border-left:3px solid #d4d4d8;margin:0;padding-left:12px;white-space:pre-wrap">${d.reason}</blockquote>`,
      text: `A customer asked for a refund.

Customer: ${d.customerEmail} (${d.customerId})${d.requestId ? `\nRequest id: ${d.requestId}` : ''}

Reason:
${d.reason}`,
    }),

  refund_approved: (d) =>
    renderLayout({
      subject: 'POSPal: your refund is on its way',
      preheader: 'We approved your refund request.',
      body: html`<p>${greeting(d.name)}</p>
<p>We approved your refund request: <strong>${formatMoney(d.amountCents, d.currency)}</strong> goes back to the card you paid with. Banks usually show it within 5–10 days.</p>
<p>${d.subscriptionCancelled ? 'Your subscription has been cancelled as you asked.' : 'Your subscription continues as before.'}</p>`,
      text: `${greeting(d.name)}

We approved your refund request: ${formatMoney(d.amountCents, d.currency)} goes back to the card you paid with. Banks usually show it within 5-10 days.

${d.subscriptionCancelled ? 'Your subscription has been cancelled as you asked.' : 'Your subscription continues as before.'}`,
    }),

  refund_declined: (d) =>
    renderLayout({
      subject: 'POSPal: about your refund request',
      preheader: 'We could not approve your refund request.',
      body: html`<p>${greeting(d.name)}</p>
<p>We looked at your refund request and could not approve it.</p>
<blockquote style="border-left:3px solid #d4d4d8;margin:0;padding-left:12px;white-space:pre-wrap">${d.reason}</blockquote>
<p>Reply to this email if you would like to talk it through.</p>`,
      text: `${greeting(d.name)}

We looked at your refund request and could not approve it.

${d.reason}

Reply to this email if you would like to talk it through.`,
    }),

  operator_alert: (d) =>
    renderLayout({
      subject: `POSPal alert: ${d.title}`,
      preheader: d.whatHappened,
      body: html`<p><strong>${d.title}</strong></p><p>${d.whatHappened}</p><p><strong>What to do:</strong> ${d.whatToDo}</p><p><a href="${d.screen}">${d.screen}</a></p>`,
      text: `${d.title}

${d.whatHappened}

What to do: ${d.whatToDo}

${d.screen}`,
    }),

  recovery_confirm: (d) =>
    renderLayout({
      subject: 'POSPal: confirm your token recovery',
      preheader: 'Open the link to get a new unlock token.',
      body: html`<p>${greeting(d.name)}</p>
<p>Someone asked for a new POSPal unlock token for this email address. To get one, open this link and press <strong>Send me a new token</strong>:</p>
<p><a href="${d.link}">${d.link}</a></p>
<p>The link works once, until ${formatDateTime(d.expiresAt)}. Your current token keeps working meanwhile. If you did not ask for this, ignore this email: nothing changes.</p>`,
      text: `${greeting(d.name)}

Someone asked for a new POSPal unlock token for this email address. To get one, open this link and press "Send me a new token":

${d.link}

The link works once, until ${formatDateTime(d.expiresAt)}. Your current token keeps working meanwhile. If you did not ask for this, ignore this email: nothing changes.`,
    }),

  checkout_already_subscribed: (d) =>
    renderLayout({
      subject: 'POSPal: you already have a subscription',
      preheader: 'A new checkout was started for this email; nothing was charged.',
      body: html`<p>${greeting(d.name)}</p>
<p>Someone (probably you) started a new POSPal checkout for this email address. This email already has an active subscription, so no payment form was opened and nothing was charged.</p>
<p>To change your card, see invoices or cancel, open POSPal and choose <strong>Subscription → Manage billing</strong> (the billing portal). Lost your unlock token? Choose <strong>Recover my token</strong> in the app.</p>
<p>If you did not start this, you can ignore this email.</p>`,
      text: `${greeting(d.name)}

Someone (probably you) started a new POSPal checkout for this email address. This email already has an active subscription, so no payment form was opened and nothing was charged.

To change your card, see invoices or cancel, open POSPal and choose "Subscription > Manage billing" (the billing portal). Lost your unlock token? Choose "Recover my token" in the app.

If you did not start this, you can ignore this email.`,
    }),

  duplicate_purchase: (d) => {
    const amount = d.amountCents != null && d.currency ? formatMoney(d.amountCents, d.currency) : null;
    const undone = d.refunded
      ? `The second subscription was cancelled and the payment${amount ? ` of ${amount}` : ''} refunded; the refund reaches your card within a few days.`
      : 'The second subscription was cancelled; we will refund the payment.';
    return renderLayout({
      subject: 'POSPal: a second subscription was paid and refunded',
      preheader: 'Your existing subscription and unlock token are unchanged.',
      body: html`<p>${greeting(d.name)}</p>
<p>A checkout started earlier was paid, but this email already had an active POSPal subscription. ${undone}</p>
<p>Your existing subscription and your unlock token are unchanged: keep using them. To manage billing, open POSPal and choose <strong>Subscription → Manage billing</strong>.</p>`,
      text: `${greeting(d.name)}

A checkout started earlier was paid, but this email already had an active POSPal subscription. ${undone}

Your existing subscription and your unlock token are unchanged: keep using them. To manage billing, open POSPal and choose "Subscription > Manage billing".`,
    });
  },

  duplicate_purchase_operator: (d) =>
    renderLayout({
      subject: `POSPal duplicate purchase for ${d.customerEmail}`,
      preheader: 'A checkout was paid for an email with a live subscription.',
      body: html`<p>A checkout was paid for an email whose customer already has a live subscription. The customer was not changed.</p>
<p>Customer: <strong>${d.customerEmail}</strong> (${d.customerId})<br>Checkout session: ${d.checkoutSessionId}<br>Duplicate subscription: ${d.duplicateSubscriptionId ?? 'none'}</p>
<p>${d.undone ? 'Undone: subscription cancelled, payment refunded.' : 'NOT undone yet: check it in Stripe.'} ${d.detail}</p>`,
      text: `A checkout was paid for an email whose customer already has a live subscription. The customer was not changed.

Customer: ${d.customerEmail} (${d.customerId})
Checkout session: ${d.checkoutSessionId}
Duplicate subscription: ${d.duplicateSubscriptionId ?? 'none'}

${d.undone ? 'Undone: subscription cancelled, payment refunded.' : 'NOT undone yet: check it in Stripe.'} ${d.detail}`,
    }),

  trial_welcome: (d) =>
    renderLayout({
      subject: 'Your POSPal free trial has started',
      preheader: `Your free trial runs until ${formatDate(d.endsAt)}. Here is your unlock token.`,
      body: html`<p>Hello,</p>
<p>Your free POSPal trial for ${d.email} has started on this computer and runs until <strong>${formatDate(d.endsAt)}</strong>. No card is needed.</p>
<p>Your unlock token (the app already holds it; keep it for support):</p>${tokenBlock(d.token)}
<p>To keep selling after the trial, press <strong>Subscribe</strong> in POSPal: your menu, orders and staff stay as they are.</p>`,
      text: `Hello,

Your free POSPal trial for ${d.email} has started on this computer and runs until ${formatDate(d.endsAt)}. No card is needed.

Your unlock token (the app already holds it; keep it for support): ${d.token}

To keep selling after the trial, press Subscribe in POSPal: your menu, orders and staff stay as they are.`,
    }),

  trial_converted: (d) =>
    renderLayout({
      subject: 'POSPal: your subscription is active',
      preheader: 'Thank you for subscribing. Your trial computer keeps selling.',
      body: html`<p>${greeting(d.name)}</p>
<p>Thank you for subscribing. Your trial is now a subscription${d.currentPeriodEnd ? html`, paid until ${formatDate(d.currentPeriodEnd)}` : ''}. The computer you tried POSPal on keeps selling with the same unlock token; nothing to enter.</p>`,
      text: `${greeting(d.name)}

Thank you for subscribing. Your trial is now a subscription${d.currentPeriodEnd ? `, paid until ${formatDate(d.currentPeriodEnd)}` : ''}. The computer you tried POSPal on keeps selling with the same unlock token; nothing to enter.`,
    }),
};
