// Token actions on a customer's page. Neither ever shows the token to the operator:
// - rotate (admin): a new token is emailed to the customer and staged beside the current one,
//   which keeps working until the new one is first used (the till never locks mid-service);
// - send a new token (support): the recovery confirmation link is emailed; the customer
//   confirms, and only then is a token issued (the same path as the app's "forgot my token").
import { Hono } from 'hono';
import { z } from 'zod';
import { sendEmail } from '../email';
import { parseWith } from '../http/validation';
import { startRecovery } from '../recovery/requests';
import { stageNextToken } from '../recovery/rotation';
import { generateUnlockToken, hashToken } from '../tokens';
import { operatorAuditStatement } from './audit';
import { ok, requireRole, type AdminAppEnv, type AdminContext } from './context';
import { AdminError } from './errors';

export const tokensApi = new Hono<AdminAppEnv>();

const idParam = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);

async function customerOf(c: AdminContext, id: string) {
  const row = await c.get('db').first<{ id: string; email: string; name: string }>('SELECT id, email, name FROM customers WHERE id = ?', id);
  if (!row) throw new AdminError('NOT_FOUND', `No customer ${id}.`);
  return row;
}

tokensApi.post('/customers/:id/token/rotate', requireRole('admin'), async (c) => {
  const customer = await customerOf(c, parseWith(idParam, c.req.param('id')));
  const db = c.get('db');
  const now = c.get('now')();
  const token = generateUnlockToken();
  await db.batch([
    ...stageNextToken(db, customer.id, await hashToken(token), now, c.get('requestId')),
    operatorAuditStatement(db, c, { customerId: customer.id, action: 'admin_token_rotated', details: { oldTokenValidUntilFirstUse: true } }),
  ]);
  const mail = await sendEmail(
    { env: c.env, requestId: c.get('requestId'), now: c.get('now') },
    { to: customer.email, template: 'token_recovery', data: { name: customer.name, token }, customerId: customer.id },
  );
  return ok(c, { rotated: true, emailStatus: mail.status });
});

tokensApi.post('/customers/:id/token/send-new', requireRole('support'), async (c) => {
  const customer = await customerOf(c, parseWith(idParam, c.req.param('id')));
  const db = c.get('db');
  const outcome = await startRecovery({ env: c.env, db, now: c.get('now')(), requestId: c.get('requestId') }, customer.email);
  await db.batch([operatorAuditStatement(db, c, { customerId: customer.id, action: 'admin_recovery_link_sent', details: { outcome } })]);
  if (outcome === 'throttled') throw new AdminError('CONFLICT', 'Three recovery links were sent in the last hour; wait before sending another.');
  return ok(c, { sent: outcome === 'link_sent' });
});
