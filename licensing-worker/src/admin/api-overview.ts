// Overview (with /health and the breaker), backup reports, flags and the audit log.
import { Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readJson } from '../http/validation';
import { operatorAuditStatement } from './audit';
import { ok, requireRole, type AdminAppEnv } from './context';
import { csvResponse, toCsv } from './csv';
import { AdminError } from './errors';
import { forgetCachedFlags, type FlagRow } from './flags';
import { hasRole } from './operators';
import { computeOverview } from './overview';

export const overviewApi = new Hono<AdminAppEnv>();

overviewApi.get('/overview', async (c) => {
  const db = c.get('db');
  const now = c.get('now');
  const started = Date.now();
  let database: 'healthy' | 'unhealthy' = 'healthy';
  try {
    await db.guard((d1) => d1.prepare('SELECT 1').first());
  } catch {
    database = 'unhealthy';
  }
  const health = {
    status: database === 'healthy' && db.breaker.state(now()) === 'closed' ? 'healthy' : 'unhealthy',
    database: { status: database, responseTimeMs: Date.now() - started },
    circuitBreaker: { state: db.breaker.state(now()), failures: db.breaker.consecutiveFailures },
    version: c.env.APP_VERSION,
    environment: c.env.ENVIRONMENT,
  };
  return ok(c, { health, overview: database === 'healthy' ? await computeOverview(db, now()) : null });
});

const backupReportSchema = z.strictObject({
  verified: z.boolean(),
  file: z.string().min(1).max(500),
  bytes: z.number().int().min(0),
  tables: z.record(z.string().max(100), z.number().int().min(0)).default({}),
  error: z.string().max(2000).optional(),
});

/** `npm run backup:worker` reports here (an Access service token, or an admin). */
overviewApi.post('/backups', async (c) => {
  const op = c.get('operator');
  if (op && !hasRole(op.role, 'admin')) throw new AdminError('ROLE_REQUIRED', 'Reporting a backup needs the admin role (or the backup service token).', { requiredRole: 'admin', role: op.role });
  const input = await readJson(c, backupReportSchema);
  const db = c.get('db');
  const actor = op?.email ?? `service:${c.get('serviceClientId')}`;
  await db.batch([
    db
      .prepare('INSERT INTO backup_reports (at, verified, file, bytes, tables, error, reported_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .bind(c.get('now')(), input.verified ? 1 : 0, input.file, input.bytes, JSON.stringify(input.tables), input.error ?? null, actor),
    operatorAuditStatement(db, c, { action: 'admin_backup_reported', details: { verified: input.verified, file: input.file, bytes: input.bytes } }),
  ]);
  return ok(c, { recorded: true }, 201);
});

overviewApi.get('/backups', async (c) =>
  ok(c, { backups: await c.get('db').all('SELECT id, at, verified, file, bytes, tables, error, reported_by FROM backup_reports ORDER BY at DESC LIMIT 30') }),
);

overviewApi.get('/flags', async (c) => ok(c, { flags: await c.get('db').all<FlagRow>('SELECT * FROM feature_flags ORDER BY key') }));

const flagKey = z.string().regex(/^[a-z][a-z0-9_.-]{1,62}$/, 'lower-case letters, digits, _ . -');
const flagSchema = z.strictObject({
  enabled: z.boolean(),
  rolloutPercent: z.number().int().min(0).max(100).default(100),
  description: z.string().trim().max(300).default(''),
});

overviewApi.put('/flags/:key', requireRole('admin'), async (c) => {
  const key = parseWith(flagKey, c.req.param('key'));
  const input = await readJson(c, flagSchema);
  const db = c.get('db');
  const op = c.get('operator');
  await db.batch([
    db
      .prepare(
        `INSERT INTO feature_flags (key, enabled, rollout_percent, description, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET enabled = excluded.enabled, rollout_percent = excluded.rollout_percent, description = excluded.description,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .bind(key, input.enabled ? 1 : 0, input.rolloutPercent, input.description, c.get('now')(), op?.email ?? null),
    operatorAuditStatement(db, c, { action: 'admin_flag_saved', details: { key, enabled: input.enabled, rolloutPercent: input.rolloutPercent } }),
  ]);
  forgetCachedFlags(db);
  return ok(c, { flag: { key, ...input } });
});

const auditQuery = z.object({
  customerId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const AUDIT_COLUMNS = ['id', 'at', 'request_id', 'customer_id', 'action', 'details', 'operator'] as const;

overviewApi.get('/audit', async (c) => {
  const q = parseWith(auditQuery, c.req.query());
  const entries = await c.get('db').all(
    `SELECT ${AUDIT_COLUMNS.join(', ')} FROM audit_log WHERE (?1 IS NULL OR customer_id = ?1) AND (?2 IS NULL OR action = ?2) ORDER BY id DESC LIMIT ?3`,
    q.customerId ?? null,
    q.action ?? null,
    q.limit,
  );
  return ok(c, { entries });
});

overviewApi.get('/audit.csv', async (c) => {
  const since = parseWith(z.coerce.number().int().min(0).default(0), c.req.query('since'));
  const rows = await c.get('db').all<Record<string, unknown>>(`SELECT ${AUDIT_COLUMNS.join(', ')} FROM audit_log WHERE at >= ? ORDER BY id LIMIT 100000`, since);
  return csvResponse('pospal-audit-log.csv', toCsv(AUDIT_COLUMNS, rows));
});
