/** Starts a Hono app on Node's HTTP server and resolves once it listens (port 0 = any free). */
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface Listening {
  host: string;
  port: number;
  /** Base URL to open on this computer. */
  url: string;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function listen(app: Hono<any>, host: string, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      server.off('error', reject);
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({
        host,
        port: info.port,
        url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${info.port}`,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          // SSE streams keep sockets open: end them so close() returns promptly.
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
      });
    });
    server.once('error', reject);
  });
}

/** URLs a tablet on the shop's network can reach when the server listens on the LAN. */
export function lanUrls(host: string, port: number): string[] {
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') return [];
  if (host !== '0.0.0.0' && host !== '::') return [`http://${host}:${port}`];
  const urls: string[] = [];
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family === 'IPv4' && !a.internal) urls.push(`http://${a.address}:${port}`);
    }
  }
  return urls;
}
