// Development sign-in: stands in for Cloudflare Access when ENVIRONMENT is development or test
// (never production). A short-lived HS256 cookie keyed from the worker's own signing secret.
import { jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../env';
import { sha256Hex } from '../tokens';

export const DEV_COOKIE = 'pospal_admin_dev';
const DEV_SESSION_SECONDS = 12 * 3600;

async function devKey(secret: string): Promise<Uint8Array> {
  return new TextEncoder().encode(await sha256Hex(`pospal-admin-dev-sign-in:${secret}`));
}

export async function issueDevSession(email: string, secret: string, now: Clock): Promise<string> {
  const iat = Math.floor(now() / 1000);
  return new SignJWT({ email: email.toLowerCase() })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + DEV_SESSION_SECONDS)
    .setAudience('pospal-admin-dev')
    .sign(await devKey(secret));
}

/** The signed-in email, or null for a missing, forged or expired cookie. */
export async function verifyDevSession(cookie: string | undefined, secret: string, now: Clock): Promise<string | null> {
  if (!cookie) return null;
  try {
    const { payload } = await jwtVerify(cookie, await devKey(secret), { audience: 'pospal-admin-dev', algorithms: ['HS256'], currentDate: new Date(now()) });
    return typeof payload.email === 'string' ? payload.email : null;
  } catch {
    return null;
  }
}

export const devCookieMaxAge = DEV_SESSION_SECONDS;
