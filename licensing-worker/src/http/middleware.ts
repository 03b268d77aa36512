// Request plumbing shared by every route: request id, security headers, CORS limited to the
// configured origins, body size limit (declared or chunked; the refused stream is cancelled).
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv, Clock } from '../env';
import { Database, breakerFor } from '../db/database';
import { uuidv7 } from '../ids';
import { ApiError } from './errors';

/** Largest request body we accept (Stripe webhooks are the biggest, well under this). */
export const MAX_BODY_BYTES = 64 * 1024;

export function requestContext(now: Clock): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = uuidv7(now());
    c.set('requestId', requestId);
    c.set('now', now);
    // Without its D1 binding the worker is misconfigured: config-check.ts answers that.
    if (c.env.DB) c.set('db', new Database(c.env.DB, breakerFor(c.env.DB), now));
    await next();
    c.header('X-Request-Id', requestId);
  };
}

export const securityHeaders = (): MiddlewareHandler<AppEnv> =>
  secureHeaders({
    // An API and a few self-contained pages (dev checkout): nothing loads from elsewhere.
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    referrerPolicy: 'no-referrer',
    crossOriginResourcePolicy: 'same-origin',
  });

// One CORS middleware per ALLOWED_ORIGINS value, built at its first request (not per request).
const corsByOrigins = new Map<string, MiddlewareHandler<AppEnv>>();
const MAX_CORS_CONFIGS = 16;

function corsFor(allowedOrigins: string): MiddlewareHandler<AppEnv> {
  let handler = corsByOrigins.get(allowedOrigins);
  if (!handler) {
    const allowed = new Set(allowedOrigins.split(',').map((s) => s.trim()).filter(Boolean));
    handler = cors({
      origin: (origin) => (allowed.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type'],
      exposeHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
    if (corsByOrigins.size >= MAX_CORS_CONFIGS) corsByOrigins.clear();
    corsByOrigins.set(allowedOrigins, handler);
  }
  return handler;
}

export const corsForAllowedOrigins = (): MiddlewareHandler<AppEnv> => (c, next) => corsFor(c.env.ALLOWED_ORIGINS)(c, next);

/**
 * `middleware`, except on `patterns` (`/p`: exactly; `/p/*`: /p and everything below it, as Hono
 * matches them), decided by a string check per request: hono/combine's except() composes a new
 * middleware chain on every request.
 */
export function exceptPaths(patterns: readonly string[], middleware: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  const exact = new Set<string>();
  const below: string[] = [];
  for (const p of patterns) {
    if (p.endsWith('/*')) {
      exact.add(p.slice(0, -2));
      below.push(p.slice(0, -1));
    } else exact.add(p);
  }
  return (c, next) => {
    const path = c.req.path;
    return exact.has(path) || below.some((b) => path.startsWith(b)) ? next() : middleware(c, next);
  };
}

const tooLarge = (max: number) => new ApiError('PAYLOAD_TOO_LARGE', `Request bodies are limited to ${max} bytes.`);

/** Past this much (Cloudflare's own request body limit), a refused body is cancelled instead of read to its end. */
const MAX_DRAIN_BYTES = 100 * 1024 * 1024;

/**
 * The rest of a refused body is read and dropped (up to MAX_DRAIN_BYTES, then cancelled), never
 * left half-read: an unread request stream after the 413 broke local `wrangler dev`.
 */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    let drained = 0;
    while (drained <= MAX_DRAIN_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      drained += value.byteLength;
    }
    await reader.cancel('request body too large');
  } catch {
    // the client went away: nothing left to drain
  }
}

const utf8 = new TextDecoder();

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * At most `maxBytes` (MAX_BODY_BYTES unless a route has its own, e.g. menu publishing) per
 * request body, declared (Content-Length) or chunked. An oversized body is answered 413
 * PAYLOAD_TOO_LARGE after its stream is cancelled.
 */
export const limitBodySize = (maxBytes: number = MAX_BODY_BYTES): MiddlewareHandler<AppEnv> => async (c, next) => {
  const body = c.req.raw.body;
  if (!body) return next();
  const declared = c.req.raw.headers.get('content-length');
  const reader = body.getReader();
  if (declared !== null && !c.req.raw.headers.has('transfer-encoding') && Number(declared) > maxBytes) {
    await discard(reader);
    throw tooLarge(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await discard(reader);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  // Every reader goes through c.req (text, json, parseBody), which reads Hono's body cache: hand
  // it the bytes read here (and their text, what the JSON routes read), instead of a copy of the
  // whole request per request. The raw bytes come first: other forms (formData) convert from them.
  const bytes = concat(chunks, size);
  const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
  cache.arrayBuffer = Promise.resolve(bytes.buffer);
  cache.text = Promise.resolve(utf8.decode(bytes));
  return next();
};
