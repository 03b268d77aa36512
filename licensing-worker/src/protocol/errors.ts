// Error codes of the licensing API and the JSON error body every failure carries.
import { z } from 'zod';

export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  INVALID_CREDENTIALS: 401,
  SUBSCRIPTION_INACTIVE: 403,
  NOT_FOUND: 404,
  MACHINE_LIMIT: 409,
  MACHINE_NOT_FOUND: 404,
  CHECKOUT_PENDING: 409,
  /** Instant activation: the checkout continues by email (e.g. the email already had a subscription). */
  CHECK_EMAIL: 409,
  /** Instant activation: more than an hour after payment; use the emailed token. */
  CLAIM_EXPIRED: 410,
  /** Instant activation: the token was handed out already (or rotated); use the emailed token. */
  TOKEN_ALREADY_CLAIMED: 410,
  ALREADY_SUBSCRIBED: 409,
  SESSION_CONFLICT: 409,
  /** The menu slug belongs to another shop. */
  SLUG_TAKEN: 409,
  /** A free trial was already used on this computer (or with this email): subscribe instead. */
  TRIAL_USED: 409,
  /** Free trials are switched off by the operator (feature flag `trials`). */
  TRIAL_UNAVAILABLE: 403,
  SESSION_NOT_FOUND: 404,
  SESSION_ENDED: 410,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const errorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

export const validationIssueSchema = z.object({ path: z.string(), message: z.string() });
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

export const registeredMachineSchema = z.object({
  id: z.string(),
  name: z.string(),
  platform: z.string(),
  lastSeenAt: z.number(),
  createdAt: z.number(),
});
export type RegisteredMachine = z.infer<typeof registeredMachineSchema>;

export const sessionHolderSchema = z.object({
  machineName: z.string(),
  platform: z.string(),
  lastHeartbeatAt: z.number(),
});

/** Error details are open (each code adds its own), the core fields are not. */
export const errorBodySchema = z.object({
  success: z.literal(false),
  requestId: z.string(),
  error: z.looseObject({
    code: errorCodeSchema,
    message: z.string(),
    retryable: z.boolean(),
    issues: z.array(validationIssueSchema).optional(),
    subscriptionStatus: z.string().optional(),
    machines: z.array(registeredMachineSchema).optional(),
    holder: sessionHolderSchema.optional(),
    reason: z.enum(['taken_over', 'timed_out', 'ended']).optional(),
    retryAfterSeconds: z.number().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
