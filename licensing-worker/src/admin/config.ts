// The /admin console's configuration (vars and secrets), parsed with zod at the edge.
import { z } from 'zod';
import type { Env } from '../env';
import { AdminError } from './errors';
import { operatorEmailSchema } from './operators';

/** Bindings only the console reads; optional so the public API's Env stays as it is. */
export interface AdminBindings {
  /** Cloudflare Access: the team domain, e.g. https://pospal.cloudflareaccess.com */
  ADMIN_ACCESS_TEAM_DOMAIN?: string;
  /** Cloudflare Access: the application's audience (AUD) tag. */
  ADMIN_ACCESS_AUD?: string;
  /** The first owner; later operators are added by an owner in the console. */
  OPERATOR_OWNER_EMAIL?: string;
  /** Client id of the Access service token `npm run backup:worker` reports with. */
  ADMIN_BACKUP_SERVICE_TOKEN_ID?: string;
  /** Client id of the Access service token `npm run license:issue` issues offline files with. */
  ADMIN_ISSUER_SERVICE_TOKEN_ID?: string;
  /** Resend webhook signing secret (whsec_…), for delivery events. */
  RESEND_WEBHOOK_SECRET?: string;
  /** Static assets of the console (wrangler.toml [assets]). */
  ASSETS?: Fetcher;
}

export type AdminEnv = Env & AdminBindings;

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const configSchema = z.object({
  teamDomain: z
    .string()
    .trim()
    .url()
    .refine((u) => u.startsWith('https://') || !u.includes('cloudflareaccess.com'), 'must be https')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  audience: optionalText,
  ownerEmail: operatorEmailSchema.optional(),
  backupServiceTokenId: optionalText,
  issuerServiceTokenId: optionalText,
  environment: z.enum(['development', 'test', 'production']),
});

export type AdminConfig = z.infer<typeof configSchema>;

export function adminConfigOf(env: AdminEnv): AdminConfig {
  const parsed = configSchema.safeParse({
    teamDomain: env.ADMIN_ACCESS_TEAM_DOMAIN || undefined,
    audience: env.ADMIN_ACCESS_AUD,
    ownerEmail: env.OPERATOR_OWNER_EMAIL || undefined,
    backupServiceTokenId: env.ADMIN_BACKUP_SERVICE_TOKEN_ID,
    issuerServiceTokenId: env.ADMIN_ISSUER_SERVICE_TOKEN_ID,
    environment: env.ENVIRONMENT,
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new AdminError('CONSOLE_NOT_CONFIGURED', `The console's configuration is not valid (${fields}); see docs/operations/deploying.md.`);
  }
  return parsed.data;
}

/** The development sign-in exists only where the environment says so explicitly. */
export const allowsDevSignIn = (env: Pick<Env, 'ENVIRONMENT'>): boolean => env.ENVIRONMENT === 'development' || env.ENVIRONMENT === 'test';
