#!/usr/bin/env node
// `npm run license:issue -- --hardware-id POSPAL-HW1-… --customer "Taverna Nikos" --until 2027-12-31
//  [--distributor "Kafeneio Systems"] [--out taverna.pospal-license]`
//
// A thin client of the worker's operator endpoint POST /admin/api/offline-files (issue 13 §4):
// the worker signs the file with its offline key and records it in D1 (the operator console
// lists it and can revoke it). `--until never` issues a perpetual file.
//
// Where and as whom:
// - locally (default POSPAL_ADMIN_URL=http://127.0.0.1:8787, `npm run dev:worker`): the
//   development sign-in as POSPAL_OPERATOR_EMAIL (default the wrangler.toml owner);
// - production: POSPAL_ADMIN_URL=https://<worker> with a Cloudflare Access service token in
//   CF_ACCESS_CLIENT_ID / CF_ACCESS_CLIENT_SECRET (the worker allows that token, by
//   ADMIN_ISSUER_SERVICE_TOKEN_ID, on this one route). Secrets are never printed.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const USAGE = 'usage: npm run license:issue -- --hardware-id POSPAL-HW1-… --customer NAME --until YYYY-MM-DD|never [--distributor NAME] [--out FILE]';
const FLAGS = new Set(['hardware-id', 'customer', 'until', 'distributor', 'out']);

/** argv (after the script) + env → the request, or a message saying what is wrong. */
export function parseIssueArgs(argv, env = process.env) {
  const values = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !FLAGS.has(m[1])) return { ok: false, error: `unknown argument ${arg}\n${USAGE}` };
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) return { ok: false, error: `--${m[1]} needs a value\n${USAGE}` };
    values[m[1]] = value;
  }
  for (const required of ['hardware-id', 'customer', 'until']) {
    if (!values[required]?.trim()) return { ok: false, error: `--${required} is required\n${USAGE}` };
  }
  const until = values.until.trim().toLowerCase() === 'never' ? null : values.until.trim();
  if (until !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(`${until}T00:00:00Z`)))) {
    return { ok: false, error: `--until must be a date YYYY-MM-DD (valid through that day, UTC) or "never", got "${values.until}"` };
  }
  const url = (env.POSPAL_ADMIN_URL || 'http://127.0.0.1:8787').replace(/\/+$/, '');
  const clientId = env.CF_ACCESS_CLIENT_ID || '';
  const clientSecret = env.CF_ACCESS_CLIENT_SECRET || '';
  if (Boolean(clientId) !== Boolean(clientSecret)) return { ok: false, error: 'set both CF_ACCESS_CLIENT_ID and CF_ACCESS_CLIENT_SECRET (the Access service token), or neither' };
  const auth = clientId ? { kind: 'service', clientId, clientSecret } : { kind: 'dev', email: env.POSPAL_OPERATOR_EMAIL || 'owner@pospal.local' };
  const body = { hardwareId: values['hardware-id'].replace(/\s+/g, ''), customer: values.customer.trim(), until };
  if (values.distributor?.trim()) body.distributor = values.distributor.trim();
  return { ok: true, request: { url, auth, body, out: values.out } };
}

const cookiesOf = (res) => (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');

/** The headers that let this request through the console's guard. */
export async function consoleHeaders(request, fetchImpl = fetch) {
  const { url, auth } = request;
  if (auth.kind === 'service') return { 'CF-Access-Client-Id': auth.clientId, 'CF-Access-Client-Secret': auth.clientSecret };
  const signIn = await fetchImpl(`${url}/admin/dev/sign-in`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: url }, body: JSON.stringify({ email: auth.email }), redirect: 'manual',
  });
  if (!signIn.ok) throw new Error(`the development sign-in at ${url} answered ${signIn.status} (${await errorText(signIn)}): is it a development worker (npm run dev:worker)?`);
  const devCookie = cookiesOf(signIn);
  const session = await fetchImpl(`${url}/admin/api/session`, { headers: { Cookie: devCookie } });
  if (!session.ok) throw new Error(`the console refused ${auth.email} (${session.status}: ${await errorText(session)})`);
  const { csrfToken } = await session.json();
  const csrfCookie = cookiesOf(session);
  return { Cookie: [devCookie, csrfCookie || `pospal_admin_csrf=${csrfToken}`].filter(Boolean).join('; '), 'X-Admin-CSRF': csrfToken, Origin: url };
}

async function errorText(res) {
  try {
    const body = await res.clone().json();
    return body?.error ? `${body.error.code}: ${body.error.message}` : res.statusText;
  } catch {
    return res.statusText;
  }
}

/** Issues the file; resolves `{ file, licenseFile }` or throws with the worker's reason. */
export async function issueOfflineLicense(request, fetchImpl = fetch) {
  const headers = { 'Content-Type': 'application/json', ...(await consoleHeaders(request, fetchImpl)) };
  const res = await fetchImpl(`${request.url}/admin/api/offline-files`, { method: 'POST', headers, body: JSON.stringify(request.body) });
  if (res.status !== 201) throw new Error(`the worker refused to issue the file (${res.status} ${await errorText(res)})`);
  const answer = await res.json();
  return { file: answer.file, licenseFile: answer.licenseFile };
}

export async function main(argv = process.argv.slice(2), env = process.env, fetchImpl = fetch) {
  const parsed = parseIssueArgs(argv, env);
  if (!parsed.ok) {
    console.error(parsed.error);
    return 2;
  }
  try {
    const { file, licenseFile } = await issueOfflineLicense(parsed.request, fetchImpl);
    const until = file.expiresAt === null ? 'perpetual' : `valid until ${new Date(file.expiresAt).toISOString().slice(0, 10)}`;
    if (parsed.request.out) {
      writeFileSync(parsed.request.out, `${licenseFile}\n`);
      console.error(`Issued ${file.id} for ${file.customer} (${until}, by ${file.distributor}) → ${parsed.request.out}`);
    } else {
      console.error(`Issued ${file.id} for ${file.customer} (${until}, by ${file.distributor})`);
      process.stdout.write(`${licenseFile}\n`);
    }
    return 0;
  } catch (e) {
    console.error(`license:issue: ${e.message}`);
    return 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
