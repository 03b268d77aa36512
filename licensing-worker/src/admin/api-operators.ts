// GET /admin/api/session (who am I, CSRF token) and operator management (owner only).
import { Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readJson } from '../http/validation';
import { operatorAuditStatement } from './audit';
import { ok, operatorOf, requireRole, type AdminAppEnv } from './context';
import { AdminError } from './errors';
import { csrfTokenFor } from './guard';
import { listOperators, operatorEmailSchema, roleSchema } from './operators';

export const operatorsApi = new Hono<AdminAppEnv>();

operatorsApi.get('/session', (c) => {
  const op = operatorOf(c);
  return ok(c, { operator: op, csrfToken: csrfTokenFor(c), environment: c.env.ENVIRONMENT });
});

operatorsApi.get('/operators', requireRole('viewer'), async (c) => ok(c, { operators: await listOperators(c.get('db')) }));

const upsertSchema = z.strictObject({ email: operatorEmailSchema, role: roleSchema });

operatorsApi.post('/operators', requireRole('owner'), async (c) => {
  const input = await readJson(c, upsertSchema);
  const me = operatorOf(c);
  if (input.email === me.email && input.role !== 'owner') {
    throw new AdminError('CONFLICT', 'You cannot lower your own role; ask another owner.');
  }
  const db = c.get('db');
  const now = c.get('now')();
  await db.batch([
    db
      .prepare(
        `INSERT INTO operators (email, role, created_at, created_by) VALUES (?, ?, ?, ?)
         ON CONFLICT(email) DO UPDATE SET role = excluded.role, disabled_at = NULL`,
      )
      .bind(input.email, input.role, now, me.email),
    operatorAuditStatement(db, c, { action: 'admin_operator_saved', details: { email: input.email, newRole: input.role } }),
  ]);
  return ok(c, { operator: { email: input.email, role: input.role } });
});

operatorsApi.post('/operators/:email/disable', requireRole('owner'), async (c) => {
  const email = parseWith(operatorEmailSchema, decodeURIComponent(c.req.param('email')));
  if (email === operatorOf(c).email) throw new AdminError('CONFLICT', 'You cannot disable yourself; ask another owner.');
  const db = c.get('db');
  const [updated] = await db.batch([
    db.prepare('UPDATE operators SET disabled_at = ? WHERE email = ? AND disabled_at IS NULL').bind(c.get('now')(), email),
    operatorAuditStatement(db, c, { action: 'admin_operator_disabled', details: { email } }),
  ]);
  if ((updated?.meta.changes ?? 0) === 0) throw new AdminError('NOT_FOUND', `${email} is not an active operator.`);
  return ok(c, { disabled: email });
});
