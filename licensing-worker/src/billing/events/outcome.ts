/** What applying one Stripe event did. `ignored` covers unknown types and stale events. */
export interface ApplyOutcome {
  status: 'applied' | 'ignored';
  note?: string;
}

/**
 * The event cannot be applied yet (e.g. an invoice for a customer whose checkout has not been
 * processed). Recorded as failed and answered 500, so Stripe and the cron retry it later.
 */
export class RetryLaterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLaterError';
  }
}
