/**
 * Where the app's HTTP server listens (DESIGN.md "Configuration"): POSPAL_HOST / POSPAL_PORT, and
 * the extra names it answers to (POSPAL_ALLOWED_HOSTS),
 * validated so a typo stops the start with a clear message rather than a silent default.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

export interface ServerConfig {
  host: string;
  port: number;
  /** Listening beyond this computer: tablets must pair. */
  lan: boolean;
  /** Extra names the server answers to besides its own (POSPAL_ALLOWED_HOSTS; DNS-rebinding guard). */
  allowedHosts: string[];
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;
const isHostEntry = (h: string): boolean => HOST_NAME.test(h) || isIP(h.replace(/^\[(.*)\]$/, '$1')) !== 0;

const schema = z.object({
  POSPAL_HOST: z
    .string()
    .trim()
    .refine((h) => h === 'localhost' || isIP(h) !== 0, 'must be an IP address such as 127.0.0.1 or 0.0.0.0 (LAN)')
    .default('127.0.0.1'),
  POSPAL_ALLOWED_HOSTS: z
    .string()
    .transform((v) => v.split(',').map((h) => h.trim()).filter((h) => h !== ''))
    .refine((list) => list.every(isHostEntry), 'must be comma-separated host names or IP addresses without ports, e.g. till.lan,pos.example.com')
    .default([]),
  POSPAL_PORT: z.coerce.number().int('must be a whole number').min(0).max(65535, 'must be a port 0-65535').default(4173),
});

export type ServerConfigResult =
  | { ok: true; config: ServerConfig }
  | { ok: false; error: { code: 'CONFIG_INVALID'; message: string } };

export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfigResult {
  const pick = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const parsed = schema.safeParse({ POSPAL_HOST: pick('POSPAL_HOST'), POSPAL_PORT: pick('POSPAL_PORT'), POSPAL_ALLOWED_HOSTS: pick('POSPAL_ALLOWED_HOSTS') });
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ');
    return { ok: false, error: { code: 'CONFIG_INVALID', message } };
  }
  const host = parsed.data.POSPAL_HOST;
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  return { ok: true, config: { host, port: parsed.data.POSPAL_PORT, lan: !loopback, allowedHosts: parsed.data.POSPAL_ALLOWED_HOSTS } };
}
