/**
 * How documents reach AADE: a small interface, so a certified provider (or a fiscal register)
 * can stand in for the direct myDATA REST channel the app has today. The outbox only calls
 * these; what each channel covers is declared in settings (CHANNEL_COVERS).
 */
import type { AadeResponse, RegisteredInvoice } from './response';

export interface Transmitter {
  /** SendInvoices: one InvoicesDoc with these documents; one answer per document, in order. */
  send(invoicesDocXml: string): Promise<AadeResponse[]>;
  /** CancelInvoice of a registered document, by its mark. */
  cancel(mark: string): Promise<AadeResponse>;
  /** RequestTransmittedDocs: what AADE registered for this issuer on a day (recovering a lost answer). */
  findRegistered(uid: string, issueDate: string): Promise<RegisteredInvoice | null>;
}

/** The call never got an answer (offline, timeout, refused) or got one that is not myDATA's: retry later. */
export class TransmitError extends Error {
  constructor(readonly kind: 'network' | 'http' | 'auth' | 'answer', message: string, readonly status?: number) {
    super(message);
    this.name = 'TransmitError';
  }
}
