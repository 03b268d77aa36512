/**
 * The HTTP transport: `POST /api/call/:command` over the dispatcher, `GET /api/events` (SSE),
 * PIN sign-in, LAN pairing, and the built renderer as static files with a strict CSP.
 * Every /api request except health and pairing carries `Authorization: Bearer <deviceToken>`
 * (the event stream too: never a token in the URL). Requests must name this computer in `Host`,
 * and every POST is JSON.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Caller, Dispatcher, Envelope } from './dispatcher';
import { limitBody } from './body-limit';
import type { DeviceRegistry } from './devices';
import type { HostCheck } from './host-check';
import type { AppEvent, AppEvents } from './events';
import { hashToken, sameHash } from './tokens';
import { httpStatusOf, transportError } from './transport-errors';
import type { Logger } from '../core/logging/logger';

/** Renderer CSP: no inline scripts, no remote code; inline styles for chart libraries. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface HttpAppDeps {
  dispatcher: Dispatcher;
  devices: DeviceRegistry;
  events: AppEvents;
  /** Token of the desktop itself (printed in the start URL / handed to Electron). */
  localToken: string;
  /** Built renderer (index.html + assets), or null when not built. */
  rendererDir: string | null;
  /** Events sent to a stream as soon as it opens (current license state). */
  initialEvents?: () => AppEvent[];
  /** Keep-alive comment interval for SSE. */
  sseKeepAliveMs?: number;
  /** Which `Host` headers are this computer (DNS-rebinding guard); see host-check.ts. */
  hostCheck: HostCheck;
  /** The server's log file (app/core/logging); the console when absent. */
  log?: Logger;
}

/** Largest request body; an oversized one up to DRAIN_MAX_BYTES is read and dropped to keep the connection. */
export const MAX_BODY_BYTES = 1024 * 1024;
const DRAIN_MAX_BYTES = 8 * 1024 * 1024;

type Vars = { Variables: { caller: Caller } };

export function createHttpApp(deps: HttpAppDeps) {
  const app = new Hono<Vars>();
  const localHash = hashToken(deps.localToken);
  const openStreams = new Map<string, Set<() => void>>();

  const send = (c: Context, env: Envelope) => c.json(env, env.ok ? 200 : httpStatusOf(env.error.code));
  const addressOf = (c: Context): string => {
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
  });

  app.onError((err, c) => {
    if (deps.log) deps.log.error('unexpected_error', { method: c.req.method, path: c.req.path, error: err });
    else console.error('[server] unexpected error', err);
    return c.json({ ok: false, error: { code: 'INTERNAL', message: 'Internal error' } }, 500);
  });

  // A page on another site that rebinds its DNS name to this computer still sends its own name.
  app.use('*', async (c, next) => {
    if (!deps.hostCheck(c.req.header('host'))) {
      return send(c, transportError('HOST_NOT_ALLOWED', "This address is not one of this computer's names; open POSPal by its IP address or name, or add the name to POSPAL_ALLOWED_HOSTS"));
    }
    return next();
  });

  // Only JSON is posted: a form on a web page can send text/plain or form data without asking.
  app.use('*', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return send(c, transportError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON (Content-Type: application/json)'));
    }
    return next();
  });

  app.use('/api/*', limitBody({
    maxBytes: MAX_BODY_BYTES,
    drainMaxBytes: DRAIN_MAX_BYTES,
    onTooLarge: (c) => send(c, transportError('PAYLOAD_TOO_LARGE', `Request body too large (at most ${MAX_BODY_BYTES / 1024} KB)`)),
  }));

  app.get('/api/health', (c) => c.json({ ok: true, result: { status: 'ok' } }));

  app.post('/api/pair', async (c) => {
    const body = await readJson(c);
    if (body === INVALID) return send(c, transportError('INVALID_REQUEST', 'Body must be JSON'));
    return send(c, deps.dispatcher.pair(body, addressOf(c)));
  });

  // Authentication for everything else under /api.
  app.use('/api/*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    // Header only, the events stream included: a token in the URL ends up in logs and history.
    const token = bearer;
    if (!token) return send(c, transportError('UNAUTHENTICATED', 'A device token is required'));
    const address = addressOf(c);
    const staffToken = c.req.header('x-staff-session') ?? null;
    if (sameHash(hashToken(token), localHash)) {
      c.set('caller', { deviceId: 'local', deviceName: 'This computer', local: true, staffToken, address });
    } else {
      const device = deps.devices.authenticate(token);
      if (!device) return send(c, transportError('DEVICE_NOT_PAIRED', 'This device is not paired (or was removed); pair it again'));
      c.set('caller', { deviceId: device.id, deviceName: device.name, local: false, staffToken, address });
    }
    await next();
  });

  app.post('/api/auth/pin', async (c) => {
    const body = await readJson(c);
    if (body === INVALID) return send(c, transportError('INVALID_REQUEST', 'Body must be JSON'));
    return send(c, await deps.dispatcher.call('auth.signIn', body, c.get('caller')));
  });

  app.post('/api/auth/signout', async (c) => send(c, await deps.dispatcher.call('auth.signOut', {}, c.get('caller'))));

  app.post('/api/call/:command', async (c) => {
    const command = c.req.param('command');
    if (!/^[A-Za-z][\w.-]{0,80}$/.test(command)) return send(c, transportError('INVALID_REQUEST', 'Bad command name'));
    const body = await readJson(c);
    if (body === INVALID) return send(c, transportError('INVALID_REQUEST', 'Body must be JSON'));
    return send(c, await deps.dispatcher.call(command, body, c.get('caller')));
  });

  app.get('/api/events', (c) => {
    const caller = c.get('caller');
    return streamSSE(c, async (stream) => {
      let closed = false;
      let wake: () => void = () => {};
      const done = new Promise<void>((resolve) => { wake = resolve; });
      const end = () => { closed = true; wake(); };
      const streams = openStreams.get(caller.deviceId) ?? new Set();
      streams.add(end);
      openStreams.set(caller.deviceId, streams);
      const queue: AppEvent[] = [...(deps.initialEvents?.() ?? [])];
      let flushing = Promise.resolve();
      const flush = () => {
        flushing = flushing.then(async () => {
          while (queue.length > 0 && !closed) {
            const e = queue.shift()!;
            await stream.writeSSE({ event: e.name, data: JSON.stringify(e.data ?? null) });
          }
        }).catch(end);
      };
      const unsubscribe = deps.events.subscribe((e) => { queue.push(e); flush(); });
      stream.onAbort(end);
      const keepAlive = setInterval(() => {
        flushing = flushing.then(() => stream.write(': keep-alive\n\n')).then(() => undefined).catch(end);
      }, deps.sseKeepAliveMs ?? 25_000);
      await stream.write('retry: 2000\n\n');
      flush();
      await done;
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(end);
    });
  });

  app.all('/api/*', (c) => send(c, transportError('INVALID_REQUEST', 'No such endpoint')));

  // The renderer: the same bundle Electron loads, served with a strict CSP.
  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  });
  const dir = deps.rendererDir;
  if (dir && existsSync(join(dir, 'index.html'))) {
    const indexHtml = readFileSync(join(dir, 'index.html'), 'utf8');
    app.use('/*', serveStatic({ root: dir }));
    // Client-side routes fall back to the app shell.
    app.get('*', (c) => c.html(indexHtml));
  } else {
    app.get('*', (c) => c.html(
      '<!doctype html><meta charset="utf-8"><title>POSPal</title><p>The screen is not built yet: run <code>npm run build:renderer</code>, then reload.</p>',
      503,
    ));
  }

  return {
    app,
    /** Ends the live event streams of a device (after it is revoked). */
    closeDeviceStreams(deviceId: string) {
      for (const end of openStreams.get(deviceId) ?? []) end();
      openStreams.delete(deviceId);
    },
    closeAllStreams() {
      for (const set of openStreams.values()) for (const end of set) end();
      openStreams.clear();
    },
  };
}

const INVALID = Symbol('invalid');

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}
