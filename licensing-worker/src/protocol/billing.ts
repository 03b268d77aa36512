// Billing requests and answers: checkout, billing portal, refund requests, and the
// development-billing simulations. Re-exported by the protocol module for the app.
import { z } from 'zod';
import { claimHashSchema, emailSchema as email } from './licensing';

/** The unlock token as the customer typed it; normalised and hashed by the worker. */
const token = z.string().min(1).max(64);

export const checkoutRequestSchema = z.strictObject({
  email,
  name: z.string().trim().min(1).max(200),
  businessName: z.string().trim().max(200).default(''),
  /** SHA-256 (lower-case hex) of the claim secret the app keeps; `instant` must present the secret. */
  claimHash: claimHashSchema,
});
export type CheckoutRequest = z.input<typeof checkoutRequestSchema>;

export const checkoutResponseSchema = z.object({
  success: z.literal(true),
  requestId: z.string(),
  checkoutUrl: z.url(),
  sessionId: z.string(),
});
export type CheckoutResponse = z.infer<typeof checkoutResponseSchema>;

export const portalRequestSchema = z.strictObject({ email, token });
export type PortalRequest = z.infer<typeof portalRequestSchema>;

export const portalResponseSchema = z.object({
  success: z.literal(true),
  requestId: z.string(),
  url: z.url(),
});
export type PortalResponse = z.infer<typeof portalResponseSchema>;

export const refundRequestSchema = z.strictObject({
  email,
  token,
  reason: z.string().trim().min(1).max(2000),
});
export type RefundRequest = z.infer<typeof refundRequestSchema>;

export const refundResponseSchema = z.object({
  success: z.literal(true),
  requestId: z.string(),
  refundRequestId: z.string(),
  status: z.literal('received'),
});
export type RefundResponse = z.infer<typeof refundResponseSchema>;

/** Development billing only: events that can be simulated for an existing customer. */
export const simulatedEventSchema = z.enum(['payment_failed', 'renewal', 'cancel']);
export type SimulatedEvent = z.infer<typeof simulatedEventSchema>;

export const simulateRequestSchema = z.strictObject({ email, event: simulatedEventSchema });
export type SimulateRequest = z.infer<typeof simulateRequestSchema>;

/** GET /pricing: the plan as Stripe (or development billing) prices it. */
export const pricingResponseSchema = z.object({
  success: z.literal(true),
  requestId: z.string(),
  plan: z.object({
    amountCents: z.number().int().nonnegative(),
    /** ISO 4217, upper case. */
    currency: z.string().regex(/^[A-Z]{3}$/),
    interval: z.enum(['day', 'week', 'month', 'year']),
    intervalCount: z.number().int().positive(),
    source: z.enum(['stripe', 'development']),
  }),
});
export type PricingResponse = z.infer<typeof pricingResponseSchema>;
export type PlanPrice = PricingResponse['plan'];
