/** English strings of the fiscal documents' screens (myDATA, issue 15); Greek in fiscal.el.ts, same keys. */
export const fiscalEn = {
  settings: {
    intro: 'Register order slips, receipts and credit notes with AADE’s myDATA. Off until you turn it on; your accountant decides which channel the shop uses.',
    enabled: 'Issue fiscal documents (myDATA)',
    afm: 'VAT number (ΑΦΜ)',
    afmCheck: {
      valid: 'Valid ΑΦΜ.', length: 'An ΑΦΜ has 9 digits.', checkDigit: 'This ΑΦΜ’s check digit does not match: look for a mistyped digit.',
      fix: 'Enter the shop’s 9-digit ΑΦΜ before saving.',
    },
    branch: 'Branch (0 = head office)', series: 'Document series of this computer',
    seriesHint: 'The main computer issues the documents of its tablets; another POSPal installation needs a series of its own.',
    credentials: 'myDATA account', userId: 'myDATA user id', subscriptionKey: 'Subscription key',
    credentialsSaved: 'A user id and key are saved. Type new ones only to replace them.', credentialsNone: 'No myDATA user id and key saved yet.',
    savedPlaceholder: 'saved', credentialsHint: 'Kept in this computer’s secret store: never shown again, never in backups or logs.',
    environment: 'Environment', env: { test: 'AADE test environment (nothing is registered for real)', production: 'Production: real tax documents' },
    productionNote: 'Production: every document is registered with AADE for real.',
    confirm: {
      title: 'Send real documents to AADE?',
      text: 'In production every order slip, receipt and credit note is registered with AADE as a real tax document. A registered document cannot be deleted, only cancelled or credited.',
      when: 'Switch when your accountant has checked these settings and a day in the test environment worked.',
      yes: 'Use production', no: 'Stay in test',
    },
    channel: 'Channel', channels: { mydataRest: 'Direct to myDATA from this software (REST API)' },
    covers: 'This channel sends:', channelHint: 'A certified provider or a fiscal register may be added later; ask your accountant which one the shop must use.',
    orderSlip: 'Print the customer’s order slip (8.6) on the receipt printer when a table’s order is sent',
    saved: 'Fiscal settings saved.',
  },
  types: { slip: 'Order slip 8.6', receipt: 'Retail receipt 11.1', credit: 'Credit note 11.4' },
  states: { queued: 'Waiting to send', sending: 'Sending', registered: 'Registered', rejected: 'Rejected', cancel_queued: 'Cancellation waiting', cancelled: 'Cancelled' },
  docs: {
    title: 'Fiscal documents (myDATA)', column: 'myDATA', mark: 'ΜΑΡΚ {{mark}}', resend: 'Resend', resent: 'Sent to AADE again.',
    rejected: 'AADE refused it ({{code}}): {{message}}. Correct it, then resend: it keeps its number.',
    waiting_one: 'Not at AADE yet (since {{since}}, {{count}} try).', waiting_other: 'Not at AADE yet (since {{since}}, {{count}} tries).',
  },
  banner: {
    waiting_one: '{{count}} fiscal document has not reached AADE for more than an hour. Check the internet connection and the Orders screen; POSPal keeps trying.',
    waiting_other: '{{count}} fiscal documents have not reached AADE for more than an hour. Check the internet connection and the Orders screen; POSPal keeps trying.',
    open: 'Show documents',
  },
  export: {
    open: 'Export month', title: 'The month’s fiscal documents for the accountant', month: 'Month',
    xml: 'Export XML (myDATA)', csv: 'Export CSV', saved: 'Saved {{file}}.',
  },
};
