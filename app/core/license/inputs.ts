/** What the shop types (or the checkout hands over), validated before it reaches the network. */
import { z } from 'zod';
import type { AgentProblem } from './problems';

const email = z.string().trim().toLowerCase().pipe(z.email());

export const activationInputSchema = z.object({
  email,
  // Crockford base32 groups; people type lower case and O for 0 on the phone with support.
  token: z
    .string()
    .trim()
    .toUpperCase()
    .transform((t) => (t.startsWith('POS-') ? `POS-${t.slice(4).replace(/O/g, '0').replace(/[IL]/g, '1')}` : t))
    .pipe(z.string().regex(/^POS(-[0-9A-HJKMNP-TV-Z]{5}){4}$/, 'expected POS-XXXXX-XXXXX-XXXXX-XXXXX')),
});

export const instantInputSchema = z.object({
  email,
  stripeSessionId: z.string().trim().min(1).max(255),
  claimSecret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

export function invalidInput(error: z.ZodError): AgentProblem {
  return {
    code: 'INVALID_INPUT',
    message: 'Check the email and the unlock token',
    fields: [...new Set(error.issues.map((i) => String(i.path[0] ?? '')))],
  };
}
