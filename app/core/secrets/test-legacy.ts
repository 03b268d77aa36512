/** Tests only: a shop database as the versions before migration 006 wrote it (the token in license_cache). */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../clock';
import { openDatabase } from '../db/connection';
import { defaultMigrationsDir } from '../db/migrations';

const BEFORE_006 = ['001_core.sql', '002_operations.sql', '003_license.sql', '004_summaries_and_shift_stamps.sql', '005_report_rollups.sql'];

export function databaseFrom005(dataDir: string, token: string, at: number): string {
  const oldDir = mkdtempSync(join(tmpdir(), 'pospal-migrations-005-'));
  for (const f of BEFORE_006) copyFileSync(join(defaultMigrationsDir, f), join(oldDir, f));
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'pospal.db');
  const old = openDatabase({ file, clock: manualClock(at), migrationsDir: oldDir });
  old.prepare(`INSERT INTO license_cache (id, customer_email, token, license_file, highest_trusted_time, updated_at)
    VALUES (1, 'owner@cafe.example', ?, '{"signed":1}', ?, ?)`).run(token, at, at);
  old.close();
  return file;
}
