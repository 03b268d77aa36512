/// <reference types="node" />
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a fake API server saw it. `form` is Stripe's urlencoded body, flat. */
export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  form: Record<string, string>;
  json: unknown;
}

export type FakeHandler = (request: RecordedRequest) => { status: number; body: unknown };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A tiny HTTP server on 127.0.0.1 that records every request and answers through `handle`.
 * Tests (running inside workerd) read the log at GET /__fake/requests.
 */
export async function startRecordingServer(handle: FakeHandler): Promise<{ server: Server; port: number }> {
  const log: RecordedRequest[] = [];
  let seq = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(req);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/__fake/requests') {
        send(200, { requests: log });
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers[name] = value;
      }
      const contentType = headers['content-type'] ?? '';
      const form = contentType.includes('urlencoded') ? Object.fromEntries(new URLSearchParams(raw)) : {};
      let json: unknown = null;
      if (contentType.includes('json') && raw) {
        try {
          json = JSON.parse(raw);
        } catch {
          json = null;
        }
      }
      const recorded: RecordedRequest = {
        seq: ++seq,
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        form,
        json,
      };
      log.push(recorded);
      try {
        const answer = handle(recorded);
        send(answer.status, answer.body);
      } catch (error) {
        send(500, { error: { message: error instanceof Error ? error.message : 'fake server error' } });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { server, port: (server.address() as AddressInfo).port };
}
