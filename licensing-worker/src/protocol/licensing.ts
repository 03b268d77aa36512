// Requests and answers of validation, sessions and account endpoints.
import { z } from 'zod';
import { licenseStatusSchema } from './license';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case SHA-256 hex digest');
export const emailSchema = z.string().trim().min(3).max(254).pipe(z.email());
/** Tokens are normalised by the worker (case, O/0, I/L/1), so only the length is checked here. */
export const tokenSchema = z.string().min(10).max(64);
export const stripeSessionIdSchema = z.string().min(8).max(255).regex(/^[A-Za-z0-9_-]+$/);
/** The checkout claim secret: base64url of 32 random bytes, created by the app that opened the checkout. */
export const claimSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected base64url of 32 bytes');
/** SHA-256 of the UTF-8 claim secret, lower-case hex (what /checkout receives). */
export const claimHashSchema = sha256Hex;
export const sessionIdSchema = z.string().min(32).max(128).regex(/^[A-Za-z0-9_-]+$/);

export const deviceSchema = z.strictObject({
  machineFingerprint: sha256Hex,
  components: z
    .record(z.string().min(1).max(64), sha256Hex)
    .refine((c) => Object.keys(c).length <= 32, 'at most 32 components')
    .default({}),
  name: z.string().max(100).default(''),
  platform: z.string().max(50).default(''),
  appVersion: z.string().max(50).default(''),
});
export type Device = z.infer<typeof deviceSchema>;
export type DeviceInput = z.input<typeof deviceSchema>;

export const tokenCredentialsSchema = z.strictObject({ email: emailSchema, token: tokenSchema });
export const checkoutCredentialsSchema = z.strictObject({ email: emailSchema, stripeSessionId: stripeSessionIdSchema, claimSecret: claimSecretSchema });
export const sessionCredentialsSchema = z.strictObject({ sessionId: sessionIdSchema });

/**
 * The SHA-256 of the license file the agent holds (`licenseHash`): when what the worker would
 * sign says the same and the held one is less than a day old, the answer carries no new license
 * (`licenseUnchanged: true`) and the agent keeps its file.
 */
export const heldLicenseSchema = sha256Hex.optional();

export const validateOperationSchema = z.strictObject({
  operation: z.literal('validate'),
  credentials: tokenCredentialsSchema,
  device: deviceSchema,
  heldLicense: heldLicenseSchema,
});
export const instantOperationSchema = z.strictObject({
  operation: z.literal('instant'),
  credentials: checkoutCredentialsSchema,
  device: deviceSchema,
});
export const sessionClaimSchema = z.strictObject({
  operation: z.literal('session'),
  action: z.enum(['start', 'takeover']),
  credentials: tokenCredentialsSchema,
  device: deviceSchema,
});
export const sessionBearerSchema = z.strictObject({
  operation: z.literal('session'),
  action: z.enum(['heartbeat', 'end']),
  credentials: sessionCredentialsSchema,
  device: deviceSchema.optional(),
  heldLicense: heldLicenseSchema,
});
export const sessionOperationSchema = z.discriminatedUnion('action', [sessionClaimSchema, sessionBearerSchema]);

// Discriminated, so a wrong field is reported by its path, not as "no union member matched".
export const validateUnifiedRequestSchema = z.discriminatedUnion('operation', [validateOperationSchema, instantOperationSchema, sessionOperationSchema]);
export type ValidateUnifiedRequest = z.input<typeof validateUnifiedRequestSchema>;
export type SessionAction = 'start' | 'heartbeat' | 'end' | 'takeover';

// Legacy aliases (the first app versions).
const legacyDeviceFields = {
  machineFingerprint: sha256Hex,
  components: deviceSchema.shape.components,
  name: deviceSchema.shape.name,
  platform: deviceSchema.shape.platform,
  appVersion: deviceSchema.shape.appVersion,
};
export const legacyValidateRequestSchema = z.strictObject({ email: emailSchema, token: tokenSchema, ...legacyDeviceFields });
export const legacyInstantRequestSchema = z.strictObject({ email: emailSchema, stripeSessionId: stripeSessionIdSchema, claimSecret: claimSecretSchema, ...legacyDeviceFields });
/** /session/{start,heartbeat,end,takeover}: the `session` operation without `operation`/`action`. */
export const legacySessionClaimSchema = sessionClaimSchema.omit({ operation: true, action: true });
export const legacySessionBearerSchema = sessionBearerSchema.omit({ operation: true, action: true });

export const cachingStrategySchema = z.enum(['extended', 'standard', 'revalidate', 'inactive']);
export type CachingStrategy = z.infer<typeof cachingStrategySchema>;
export const cachingSchema = z.object({ strategy: cachingStrategySchema, ttlSeconds: z.number().int(), nextCheckAt: z.number().int() });
export type Caching = z.infer<typeof cachingSchema>;

export const subscriptionSchema = z.object({
  status: licenseStatusSchema,
  currentPeriodEnd: z.number().int().nullable(),
  cancelAtPeriodEnd: z.boolean(),
  plan: z.string(),
});

export const sessionInfoSchema = z.object({
  id: z.string(),
  heartbeatIntervalSeconds: z.number().int(),
  timeoutSeconds: z.number().int(),
});

/**
 * The presenting machine's device session, as the worker sees it: `live` (a heartbeat in the
 * last 120 s), `taken_over` (its last session was ended by another machine's takeover), `none`.
 */
export const machineSessionStateSchema = z.enum(['live', 'taken_over', 'none']);
export type MachineSessionState = z.infer<typeof machineSessionStateSchema>;

export const validateSuccessSchema = z.object({
  success: z.literal(true),
  requestId: z.string(),
  serverTime: z.number().int(),
  validation: z.object({ valid: z.literal(true), status: licenseStatusSchema }),
  subscription: subscriptionSchema,
  machine: z.object({ id: z.string(), matchedBy: z.enum(['fingerprint', 'components', 'new']) }),
  session: sessionInfoSchema.optional(),
  /** Every answer of this worker reports it (optional for older workers); the app obeys `taken_over`. */
  sessionState: machineSessionStateSchema.optional(),
  caching: cachingSchema,
  /** The signed license file (JSON text); verify with `verifyLicenseFile`. Absent only with `licenseUnchanged`. */
  license: z.string().optional(),
  /** The held license (`heldLicense`) still stands: keep it, nothing new was signed. */
  licenseUnchanged: z.literal(true).optional(),
  token: z.string().optional(),
  /** The signed list of revoked offline license files (verifyRevocationList); absent: none revoked. */
  offlineRevocations: z.string().max(2_000_000).optional(),
});
export type ValidateSuccess = z.infer<typeof validateSuccessSchema>;

export const sessionEndedSuccessSchema = z.object({
  success: z.literal(true),
  requestId: z.string(),
  serverTime: z.number().int(),
  session: z.object({ id: z.string(), ended: z.literal(true) }),
});
export type SessionEndedSuccess = z.infer<typeof sessionEndedSuccessSchema>;

export const recoverRequestSchema = z.strictObject({ email: emailSchema });
export const recoverResponseSchema = z.object({ success: z.literal(true), requestId: z.string() });

export const deactivateMachineRequestSchema = z.strictObject({ email: emailSchema, token: tokenSchema, machineId: z.string().min(1).max(64) });
export const deactivateMachineResponseSchema = z.object({
  success: z.literal(true),
  requestId: z.string(),
  machineId: z.string(),
  deactivationsThisMonth: z.number().int(),
  deactivationsLimit: z.number().int(),
});

export const listMachinesRequestSchema = z.strictObject({ email: emailSchema, token: tokenSchema });
export const machineSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  platform: z.string(),
  appVersion: z.string(),
  createdAt: z.number().int(),
  lastSeenAt: z.number().int(),
});
export type MachineSummary = z.infer<typeof machineSummarySchema>;
export const listMachinesResponseSchema = z.object({
  success: z.literal(true),
  requestId: z.string(),
  machines: z.array(machineSummarySchema),
});

export const healthResponseSchema = z.object({
  status: z.enum(['healthy', 'unhealthy']),
  services: z.object({ database: z.object({ status: z.enum(['healthy', 'unhealthy']), responseTimeMs: z.number() }) }),
  circuitBreaker: z.object({ state: z.enum(['closed', 'open', 'half_open']), failures: z.number().int() }),
  system: z.object({ version: z.string(), environment: z.string() }),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
