/**
 * The issue-8 attack, as a real HTTP proxy in front of the real local worker: it forwards
 * everything (validate passes) but, while `dropSessions` is on, drops the session calls (start,
 * heartbeat, takeover, end) by closing the connection, so the till sees "offline".
 */
import { createServer, type IncomingMessage } from 'node:http';

export interface SessionDroppingProxy {
  url: string;
  dropSessions: boolean;
  /** Requests forwarded / dropped, as `operation[/action]` (or the path). */
  forwarded: string[];
  dropped: string[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function describeCall(path: string, body: Buffer): string {
  try {
    const json = JSON.parse(body.toString('utf8')) as { operation?: unknown; action?: unknown };
    if (typeof json.operation === 'string') return typeof json.action === 'string' ? `${json.operation}/${json.action}` : json.operation;
  } catch {
    // not JSON: named by its path
  }
  return path;
}

export async function sessionDroppingProxy(targetUrl: string): Promise<SessionDroppingProxy> {
  const proxy: Omit<SessionDroppingProxy, 'url' | 'close'> = { dropSessions: false, forwarded: [], dropped: [] };
  const server = createServer((req, res) => {
    void (async () => {
      const path = req.url ?? '/';
      const body = await readBody(req);
      const call = describeCall(path, body);
      if (proxy.dropSessions && (call.startsWith('session') || path.startsWith('/session/'))) {
        proxy.dropped.push(call);
        req.socket.destroy();
        return;
      }
      proxy.forwarded.push(call);
      const upstream = await fetch(`${targetUrl}${path}`, {
        method: req.method ?? 'GET',
        headers: { 'Content-Type': req.headers['content-type'] ?? 'application/json' },
        ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: new Uint8Array(body) }),
      });
      const headers: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) headers[name] = value;
      });
      res.writeHead(upstream.status, headers);
      res.end(Buffer.from(await upstream.arrayBuffer()));
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}
