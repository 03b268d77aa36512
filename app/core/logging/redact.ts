/**
 * Secrets never reach a log file or a support bundle: fields whose name says secret (token,
 * PIN, session id, claim secret, device key, password…) are replaced whole, and text is scrubbed
 * of what secrets look like (unlock tokens POS-XXXXX-…, 32-byte base64url bearer tokens, claim
 * secrets and session ids, Bearer headers, token=… in URLs, Stripe checkout session ids).
 */
export const REDACTED = '[redacted]';

const SECRET_KEY = /(token|secret|password|passphrase|authorization|cookie|apikey|signature|signingkey|subscriptionkey)|^(pin|newpin|oldpin|currentpin|sessionid|stripesessionid|devicekey|claimsecret)$/i;

const SECRET_TEXT: readonly RegExp[] = [
  /POS(?:-[0-9A-Z]{5}){4}/gi, // unlock token
  /\bBearer\s+[^\s"',;]+/gi,
  /([?#&](?:token|key|secret|session(?:_?id)?)=)[^&\s"']+/gi,
  /\b((?:pin|password|secret|token|claim)\s*[=:]\s*)[^\s&"',;]+/gi, // pin=1234, token: abc
  /\bcs_(?:test|live)_[A-Za-z0-9]+/g, // Stripe checkout session
  /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, // 32 random bytes, base64url
];

export function redactText(text: string): string {
  let out = text;
  for (const re of SECRET_TEXT) out = out.replace(re, (_m, prefix?: unknown) => (typeof prefix === 'string' ? `${prefix}${REDACTED}` : REDACTED));
  return out;
}

export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key.replace(/[_-]/g, ''));

/** A deep copy with secret-named fields replaced and every string scrubbed. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return redactText(`${value.name}: ${value.message}`);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) && v !== null && v !== undefined ? REDACTED : redact(v, depth + 1);
  return out;
}
