/**
 * Issue 9, rule 7: a full disk. SQLite's max_page_count on the real shop file makes writes
 * fail with SQLITE_FULL exactly like a full disk; over the real HTTP server the till must
 * answer DISK_FULL (retryable, 503), lose nothing, and take the same request once there is room.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { integrityCheck } from '../core/db/connection';
import { CASHIER_PIN, createTestShop } from '../core/api/test-shop';
import type { TestShop } from '../core/api/test-shop';
import { createAppEvents, createTransport, startAppServer } from './index';
import type { AppServer, Transport } from './index';

let shop: TestShop;
let transport: Transport;
let server: AppServer;

beforeEach(async () => {
  shop = await createTestShop();
  transport = createTransport({ api: shop.api, dataDir: shop.dir, clock: shop.clock });
  server = await startAppServer({ transport, events: createAppEvents(), host: '127.0.0.1', port: 0, rendererDir: null, initialEvents: () => [] });
});
afterEach(async () => {
  await server.stop();
  transport.close();
  shop.cleanup();
});

interface Answer { status: number; body: { ok: boolean; result?: any; error?: { code: string; message: string; details?: Record<string, unknown> } } } // eslint-disable-line @typescript-eslint/no-explicit-any

async function post(path: string, body: unknown, session?: string): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.localToken}`, ...(session ? { 'x-staff-session': session } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function sale(session: string): Promise<Answer> {
  const order = await post('/api/call/order.create', {}, session);
  if (!order.body.ok) return order;
  return post('/api/call/order.addLine', { orderId: order.body.result.id, itemId: shop.items.coffee, quantity: 2 }, session);
}

describe('disk full (SQLITE_FULL)', () => {
  it('answers DISK_FULL, retryable, with a message a person can act on; nothing is lost or corrupted; the retry works once there is room', async () => {
    const signIn = await post('/api/auth/pin', { staffId: shop.cashier.id, pin: CASHIER_PIN });
    const session = signIn.body.result.token as string;
    const earlier: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await sale(session);
      expect(r.body.ok).toBe(true);
      earlier.push(r.body.result.id ?? r.body.result.order?.id);
    }
    const before = await post('/api/call/order.listActive', {}, session);

    // The disk is full: the file may not grow by a single page.
    const pages = Number(shop.db.pragma('page_count', { simple: true }));
    shop.db.pragma(`max_page_count = ${pages}`);
    let full: Answer | undefined;
    for (let i = 0; i < 500 && !full; i++) {
      const r = await sale(session);
      if (!r.body.ok) full = r;
    }
    expect(full).toBeDefined();
    expect(full?.status).toBe(503);
    expect(full?.body.error).toMatchObject({ code: 'DISK_FULL', details: { retryable: true } });
    expect(full?.body.error?.message).toMatch(/disk is full.*selling resumes/i);

    // Nothing lost, nothing half-written.
    expect(integrityCheck(shop.db)).toBe('ok');
    const after = await post('/api/call/order.listActive', {}, session);
    const ids = (after.body.result as { id: string }[]).map((o) => o.id);
    for (const o of before.body.result as { id: string; totalCents: number }[]) expect(ids).toContain(o.id);
    for (const id of earlier) {
      const o = await post('/api/call/order.get', { orderId: id }, session);
      expect(o.body.ok).toBe(true);
    }

    // Space freed: the same request goes through.
    shop.db.pragma('max_page_count = 1073741823');
    expect((await sale(session)).body.ok).toBe(true);
    expect(integrityCheck(shop.db)).toBe('ok');
  });
});
