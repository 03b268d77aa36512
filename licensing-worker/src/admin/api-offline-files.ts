// Offline license files (the reseller model) in the console: issue (admin, or the issuer's
// Access service token for `npm run license:issue`), list (support and up), revoke (admin).
// Every issue and revocation is audit-logged with who did it; the signed file is answered once
// at issue and can be downloaded again from its row.
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { readJson, parseWith } from '../http/validation';
import { decodeHardwareId } from '../protocol/offline-license';
import { offlineKeyOf } from '../offline-files/signing';
import { issueOfflineFile, listOfflineFiles, offlineFileById, revokeOfflineFile } from '../offline-files/store';
import { operatorAuditStatement } from './audit';
import { ok, requireRole, type AdminAppEnv, type AdminContext } from './context';
import { AdminError } from './errors';

export const offlineFilesApi = new Hono<AdminAppEnv>();

const text = (max: number) => z.string().trim().min(1).max(max);

const issueSchema = z.strictObject({
  hardwareId: z.string().min(20).max(4000),
  customer: text(200),
  distributor: text(200).optional(),
  /** YYYY-MM-DD (valid through that day, UTC) or null/absent for a perpetual file. */
  until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').nullable().optional(),
});

const revokeSchema = z.strictObject({ reason: text(500) });
const idParam = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** The end of the given UTC day, or null (perpetual); a day already over is refused. */
function expiryOf(until: string | null | undefined, now: number): number | null {
  if (!until) return null;
  const end = Date.parse(`${until}T23:59:59.999Z`);
  if (Number.isNaN(end)) throw new AdminError('INVALID_REQUEST', `${until} is not a calendar date.`, { issues: ['until'] });
  if (end <= now) throw new AdminError('INVALID_REQUEST', `${until} is already over: a file must be valid for at least part of a day.`, { issues: ['until'] });
  return end;
}

/** An admin in the console, or the issuer's service token (the guard let it through only here). */
const adminOnly = requireRole('admin');
const mayIssue: MiddlewareHandler<AdminAppEnv> = async (c, next) => {
  if (c.get('serviceClientId')) {
    await next();
    return;
  }
  await adminOnly(c, next);
};

const actorOf = (c: AdminContext): string => c.get('operator')?.email ?? `service:${c.get('serviceClientId') ?? 'unknown'}`;

offlineFilesApi.post('/offline-files', mayIssue, async (c) => {
  const body = await readJson(c, issueSchema);
  if (!offlineKeyOf(c.env)) throw new AdminError('CONSOLE_NOT_CONFIGURED', 'This worker has no OFFLINE_LICENSE_SIGNING_KEY, so it cannot issue offline license files (see licensing-worker/README.md).');
  const hw = decodeHardwareId(body.hardwareId);
  if (!hw.ok) {
    const why = hw.code === 'HARDWARE_ID_CHECKSUM' ? 'its checksum does not match (a typo?): copy it again from the shop\'s app' : 'it is not a POSPAL-HW1-… Hardware ID';
    throw new AdminError('INVALID_REQUEST', `The Hardware ID was refused: ${why}.`, { issues: ['hardwareId'], reason: hw.code });
  }
  const now = c.get('now')();
  const expiresAt = expiryOf(body.until, now);
  const db = c.get('db');
  const issued = await issueOfflineFile(c.env, db, { hardware: hw.hardware, customer: body.customer, distributor: body.distributor ?? 'POSPal', expiresAt }, now, actorOf(c));
  await db.batch([
    issued.insert,
    operatorAuditStatement(db, c, {
      action: 'admin_offline_file_issued',
      details: { fileId: issued.payload.fileId, customer: body.customer, distributor: issued.payload.distributor, expiresAt, fingerprint: hw.hardware.fingerprint },
    }),
  ]);
  return ok(c, { file: { id: issued.payload.fileId, customer: issued.payload.customer, distributor: issued.payload.distributor, issuedAt: now, expiresAt }, licenseFile: issued.file }, 201);
});

offlineFilesApi.get('/offline-files', requireRole('support'), async (c) => {
  const limit = parseWith(z.coerce.number().int().min(1).max(500).default(200), c.req.query('limit'));
  const rows = await listOfflineFiles(c.get('db'), limit);
  return ok(c, {
    files: rows.map((r) => ({
      id: r.id, customer: r.customer_name, distributor: r.distributor, issuedAt: r.issued_at, expiresAt: r.expires_at, issuedBy: r.issued_by,
      fingerprint: r.fingerprint, revokedAt: r.revoked_at, revokedBy: r.revoked_by, revokeReason: r.revoke_reason,
    })),
  });
});

offlineFilesApi.get('/offline-files/:id/file', requireRole('support'), async (c) => {
  const row = await offlineFileById(c.get('db'), parseWith(idParam, c.req.param('id')));
  if (!row) throw new AdminError('NOT_FOUND', 'No such offline license file.');
  c.header('Content-Disposition', `attachment; filename="${row.id}.pospal-license"`);
  return c.body(row.license_file, 200, { 'Content-Type': 'application/json' });
});

offlineFilesApi.post('/offline-files/:id/revoke', adminOnly, async (c) => {
  const id = parseWith(idParam, c.req.param('id'));
  const { reason } = await readJson(c, revokeSchema);
  const db = c.get('db');
  const row = await offlineFileById(db, id);
  if (!row) throw new AdminError('NOT_FOUND', 'No such offline license file.');
  if (row.revoked_at !== null) throw new AdminError('CONFLICT', `This file was already revoked by ${row.revoked_by ?? 'someone'}.`);
  const now = c.get('now')();
  if (!(await revokeOfflineFile(c.env, db, id, now, actorOf(c), reason))) throw new AdminError('CONFLICT', 'This file was revoked meanwhile.');
  await db.batch([operatorAuditStatement(db, c, { action: 'admin_offline_file_revoked', details: { fileId: id, reason } })]);
  return ok(c, { revoked: true, revokedAt: now });
});
