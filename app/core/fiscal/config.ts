/**
 * `POSPAL_MYDATA_URL`: where the outbox sends instead of AADE's environment address (the e2e
 * tests' fake AADE, a local proxy). Ignored by a release build, like POSPAL_LICENSE_URL: a
 * shop's documents go to AADE's test or production address only.
 */
import { z } from 'zod';
import { RELEASE_BUILD } from '../license/config';

const schema = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as http://127.0.0.1:9090' });

export type FiscalUrlResult = { ok: true; url: string | null } | { ok: false; message: string };

export function readFiscalUrlOverride(env: NodeJS.ProcessEnv, release: boolean = RELEASE_BUILD): FiscalUrlResult {
  const raw = env.POSPAL_MYDATA_URL?.trim();
  if (release || raw === undefined || raw === '') return { ok: true, url: null };
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, url: parsed.data } : { ok: false, message: `POSPAL_MYDATA_URL ${parsed.error.issues[0]?.message ?? 'is not valid'}` };
}
