/**
 * Serves the renderer from `app://pospal/…` instead of file://, so it gets a real origin, the
 * strict CSP header, and no access to the rest of the disk (paths cannot leave the folder).
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../server/http-app';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://pospal`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.map': 'application/json',
};

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Maps a request path inside the renderer folder; null when it would escape it. */
export function resolveRendererFile(rendererDir: string, urlPath: string): string | null {
  const decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  const file = join(rendererDir, rel === '' ? 'index.html' : rel);
  return file === rendererDir || file.startsWith(rendererDir + sep) ? file : null;
}

export function handleAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' };
    const file = url.host === 'pospal' ? resolveRendererFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404, headers });
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' } });
    } catch {
      // Client-side routes fall back to the app shell; missing assets stay 404.
      if (extname(file) !== '') return new Response('Not found', { status: 404, headers });
      const shell = await readFile(join(rendererDir, 'index.html'));
      return new Response(shell, { headers: { ...headers, 'Content-Type': TYPES['.html']! } });
    }
  });
}
