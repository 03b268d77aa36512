/**
 * Request body limit that leaves the connection usable (issue 9 rule 8). Hono's own bodyLimit
 * cancels the body stream on overflow, which destroys the socket while the client is still
 * sending: a keep-alive client then loses a later request ("other side closed"). Here an
 * oversized body is read to its end and discarded (up to `drainMaxBytes`), then answered with
 * 413; a body declared larger than that is answered at once with `Connection: close`, so the
 * server hangs up after the answer instead of in the middle of a request.
 */
import type { Context, MiddlewareHandler } from 'hono';

export interface BodyLimitOptions {
  maxBytes: number;
  /** Largest oversized body read and thrown away to keep the connection alive. */
  drainMaxBytes: number;
  onTooLarge: (c: Context) => Response | Promise<Response>;
}

export function limitBody(options: BodyLimitOptions): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared <= options.maxBytes) return next();
    if (Number.isFinite(declared) && declared > options.drainMaxBytes) return closeAfter(await options.onTooLarge(c));

    // Unknown (chunked) or oversized length: read it, keeping what fits, discarding the rest.
    const reader = body.getReader();
    const kept: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size <= options.maxBytes) kept.push(value);
      else if (size > options.drainMaxBytes) {
        // Not worth reading further: answer and hang up (the rest is never read).
        return closeAfter(await options.onTooLarge(c));
      } else kept.length = 0;
    }
    if (size > options.maxBytes) return options.onTooLarge(c);
    // Within the limit after all (chunked): hand the bytes on as the request body.
    c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers: c.req.raw.headers, body: concat(kept, size) });
    return next();
  };
}

function closeAfter(res: Response): Response {
  const out = new Response(res.body, res);
  out.headers.set('connection', 'close');
  return out;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}
