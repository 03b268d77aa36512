// The free trial (issue 13, section 1): its terms and its start. The start answers like an
// instant activation: the machine-bound unlock token and a signed license with status `trial`.
import { z } from 'zod';
import { emailLanguageSchema } from './billing';
import { claimHashSchema, deviceSchema, emailSchema, validateSuccessSchema } from './licensing';

export const trialStartRequestSchema = z.strictObject({
  email: emailSchema,
  /** The app's UI language: the welcome email (and every later one) is written in it. */
  language: emailLanguageSchema.default('en'),
  device: deviceSchema,
  /** SHA-256 of the claim secret the app keeps: a checkout carrying it converts this trial. */
  claimHash: claimHashSchema,
});
export type TrialStartRequest = z.input<typeof trialStartRequestSchema>;

export const trialStartResponseSchema = validateSuccessSchema.extend({
  token: z.string(),
  trial: z.object({ endsAt: z.number().int() }),
});
export type TrialStartResponse = z.infer<typeof trialStartResponseSchema>;

/** GET /trial/terms: whether trials are offered and how long one runs (configuration). */
export const trialTermsResponseSchema = z.object({
  success: z.literal(true),
  requestId: z.string(),
  trial: z.object({
    available: z.boolean(),
    seconds: z.number().int().positive(),
    /** Whole days, rounded up (what "Try free for N days" says). */
    days: z.number().int().positive(),
  }),
});
export type TrialTerms = z.infer<typeof trialTermsResponseSchema>['trial'];
