/**
 * Instant activation after an in-app checkout: ask the worker (operation `instant`, with the
 * Stripe checkout session id and the claim secret whose hash the checkout carried, see
 * ./claim.ts) until the payment is confirmed and the token arrives, so the shop never has to
 * type it. The token is handed over once, within an hour of payment; after that the worker
 * answers TOKEN_ALREADY_CLAIMED / CLAIM_EXPIRED (use the emailed token), which is final here.
 */
import type { DeviceInput } from 'licensing-worker/protocol';
import type { Clock } from '../clock';
import type { LicenseClient, ValidateAnswer } from './client';
import { instantInputSchema, invalidInput } from './inputs';
import { problemFrom, type AgentProblem } from './problems';
import type { AgentTimers } from './status';

export interface InstantOptions {
  /** Give up after this long (default 10 minutes: people read the card form slowly). */
  timeoutMs?: number;
  pollMs?: number;
}

export type InstantResult =
  | { ok: true; email: string; answer: ValidateAnswer & { token: string } }
  | { ok: false; error: AgentProblem };

export async function pollInstantActivation(
  deps: { client: LicenseClient; clock: Clock; timers: AgentTimers; device: DeviceInput },
  email: string,
  stripeSessionId: string,
  claimSecret: string,
  options: InstantOptions = {},
): Promise<InstantResult> {
  const input = instantInputSchema.safeParse({ email, stripeSessionId, claimSecret });
  if (!input.success) return { ok: false, error: invalidInput(input.error) };
  const deadline = deps.clock.now() + (options.timeoutMs ?? 10 * 60_000);
  const pollMs = options.pollMs ?? 2000;
  for (;;) {
    const res = await deps.client.unified({ operation: 'instant', credentials: input.data, device: deps.device });
    if (res.ok) {
      const token = res.data.token;
      if (!token) return { ok: false, error: { code: 'TOKEN_ALREADY_CLAIMED', message: 'Use the unlock token from the welcome email' } };
      return { ok: true, email: input.data.email, answer: { ...res.data, token } };
    }
    // CHECKOUT_PENDING (payment not confirmed yet) and a network blip mean "ask again";
    // anything else the worker rejects is final.
    const pending = res.failure.kind !== 'rejected' || res.failure.code === 'CHECKOUT_PENDING';
    if (!pending) return { ok: false, error: problemFrom(res.failure) };
    if (deps.clock.now() + pollMs > deadline) {
      return { ok: false, error: { code: 'INSTANT_TIMEOUT', message: 'The payment was not confirmed in time; use the token from the welcome email' } };
    }
    await new Promise<void>((resolve) => deps.timers.setTimeout(resolve, pollMs));
  }
}
