/** i18n keys of myDATA's document types and states (i18next keys can't hold the dots of "8.6"). */
export type FiscalDocType = '8.6' | '11.1' | '11.4';
export type FiscalDocState = 'queued' | 'sending' | 'registered' | 'rejected' | 'cancel_queued' | 'cancelled';

const TYPE_KEYS: Record<FiscalDocType, string> = { '8.6': 'fiscal.types.slip', '11.1': 'fiscal.types.receipt', '11.4': 'fiscal.types.credit' };

export function docTypeKey(type: FiscalDocType): string {
  return TYPE_KEYS[type];
}

/** Resend: a rejected document (corrected, same number) or one still waiting in the outbox. */
export function canResend(state: FiscalDocState): boolean {
  return state === 'rejected' || state === 'queued';
}
