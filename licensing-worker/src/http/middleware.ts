// Request plumbing shared by every route: request id, security headers, CORS limited to the
// configured origins, body size limit.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
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
    c.set('db', new Database(c.env.DB, breakerFor(c.env.DB), now));
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

export const corsForAllowedOrigins = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const allowed = new Set(c.env.ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean));
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  })(c, next);
};

export const limitBodySize = (): MiddlewareHandler<AppEnv> =>
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError('PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    },
  });
