/**
 * The license agent's configuration from the environment (DESIGN.md "Configuration"), validated
 * with zod so a typo in a variable stops the app with a clear message instead of a quiet default.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const PRODUCTION_LICENSE_URL = 'https://licensing.pospal.app';

/** Replaced by the release build (app/main/build.mjs, esbuild `define`); undefined elsewhere. */
declare const __POSPAL_RELEASE__: boolean | undefined;

/**
 * THE build-time constant: true only in a release build (`node app/main/build.mjs`, what
 * electron-builder packages). A release app ignores POSPAL_LICENSE_URL and POSPAL_LICENSE_KEYS:
 * otherwise anyone could point it at a proxy that drops the session calls, or at their own
 * signing key. Development (`npm start`), tests and the support CLI are not release builds.
 */
export const RELEASE_BUILD: boolean = typeof __POSPAL_RELEASE__ === 'boolean' && __POSPAL_RELEASE__;

/** The variables a release build ignores. */
export const DEVELOPMENT_ONLY_VARIABLES = ['POSPAL_LICENSE_URL', 'POSPAL_LICENSE_KEYS', 'POSPAL_OFFLINE_LICENSE_KEYS'] as const;

/** `kid=base64spki,kid2=base64spki` */
const keyListSchema = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const keys: Record<string, string> = {};
    if (raw === '') return keys;
    for (const entry of raw.split(',')) {
      const eq = entry.indexOf('=');
      const kid = entry.slice(0, eq).trim();
      const key = entry.slice(eq + 1).trim();
      if (eq <= 0 || !/^[A-Za-z0-9._-]{1,64}$/.test(kid) || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(key)) {
        ctx.addIssue({ code: 'custom', message: `expected kid=base64 public key, got "${entry.trim().slice(0, 40)}"` });
        return z.NEVER;
      }
      keys[kid] = key;
    }
    return keys;
  });

const envSchema = z.object({
  POSPAL_DATA_DIR: z.string().trim().min(1, 'must be a folder path').optional(),
  POSPAL_LICENSE_URL: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:8787' })
    .optional(),
  POSPAL_LICENSE_KEYS: keyListSchema.optional(),
  /** Extra keys for offline license files (their own context), same format. */
  POSPAL_OFFLINE_LICENSE_KEYS: keyListSchema.optional(),
});

export interface LicenseConfig {
  dataDir: string;
  /** The shop database inside dataDir (the license cache lives in it). */
  databaseFile: string;
  licenseUrl: string;
  /** Extra trusted public keys (kid → SPKI base64); always empty in a release build (keys.ts also refuses them when packaged). */
  extraKeys: Record<string, string>;
  /** Extra trusted keys of offline license files (kid → SPKI base64); empty in a release build. */
  extraOfflineKeys: Record<string, string>;
}

export type ConfigResult =
  | { ok: true; config: LicenseConfig }
  | { ok: false; error: { code: 'CONFIG_INVALID'; message: string; issues: { variable: string; message: string }[] } };

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'POSPal');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'POSPal');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'POSPal');
}

export function databaseFileIn(dataDir: string): string {
  return join(dataDir, 'pospal.db');
}

export interface ReadConfigOptions {
  /** Tests inject it; everything else gets the build's constant. */
  release?: boolean;
}

/**
 * Empty strings count as unset (a shell `VAR=` should mean "default", not "invalid"). A release
 * build doesn't even read the development-only variables: the production worker and the
 * built-in keys, whatever the environment says.
 */
export function readLicenseConfig(env: NodeJS.ProcessEnv = process.env, options: ReadConfigOptions = {}): ConfigResult {
  const release = options.release ?? RELEASE_BUILD;
  const ignored = new Set<string>(release ? DEVELOPMENT_ONLY_VARIABLES : []);
  const pick = (name: string) => (ignored.has(name) || env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const parsed = envSchema.safeParse({
    POSPAL_DATA_DIR: pick('POSPAL_DATA_DIR'),
    POSPAL_LICENSE_URL: pick('POSPAL_LICENSE_URL'),
    POSPAL_LICENSE_KEYS: pick('POSPAL_LICENSE_KEYS'),
    POSPAL_OFFLINE_LICENSE_KEYS: pick('POSPAL_OFFLINE_LICENSE_KEYS'),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message }));
    return {
      ok: false,
      error: {
        code: 'CONFIG_INVALID',
        message: issues.map((i) => `${i.variable}: ${i.message}`).join('; '),
        issues,
      },
    };
  }
  const dataDir = parsed.data.POSPAL_DATA_DIR ?? defaultDataDir();
  return {
    ok: true,
    config: {
      dataDir,
      databaseFile: databaseFileIn(dataDir),
      licenseUrl: (parsed.data.POSPAL_LICENSE_URL ?? PRODUCTION_LICENSE_URL).replace(/\/+$/, ''),
      extraKeys: parsed.data.POSPAL_LICENSE_KEYS ?? {},
      extraOfflineKeys: parsed.data.POSPAL_OFFLINE_LICENSE_KEYS ?? {},
    },
  };
}
