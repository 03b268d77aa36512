import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manualClock } from './clock';
import { openDatabase } from './db/connection';
import { tempDir } from './db/test-helpers';
import { PosError, toErrorValue } from './errors';

describe('error values', () => {
  it('keeps code, message and details of a PosError', () => {
    expect(toErrorValue(new PosError('ORDER_NOT_FOUND', 'No such order', { id: 'x' }))).toEqual({ code: 'ORDER_NOT_FOUND', message: 'No such order', details: { id: 'x' } });
  });

  it('a full disk (SQLITE_FULL, ENOSPC) is DISK_FULL, retryable, never an opaque INTERNAL', () => {
    for (const code of ['SQLITE_FULL', 'ENOSPC']) {
      expect(toErrorValue(Object.assign(new Error('database or disk is full'), { code }))).toMatchObject({ code: 'DISK_FULL', details: { retryable: true } });
    }
  });

  it('hides other errors, except a busy database which a client may retry', () => {
    expect(toErrorValue(new Error('at /home/secret/file.ts:12'))).toEqual({ code: 'INTERNAL', message: 'Internal error' });
    const t = tempDir();
    try {
      const clock = manualClock(0);
      const a = openDatabase({ file: join(t.dir, 's.sqlite3'), clock });
      const b = openDatabase({ file: join(t.dir, 's.sqlite3'), clock });
      b.pragma('busy_timeout = 0');
      a.exec('BEGIN IMMEDIATE');
      let busy: unknown;
      try { b.exec('BEGIN IMMEDIATE'); } catch (e) { busy = e; }
      a.exec('ROLLBACK');
      expect(toErrorValue(busy)).toEqual({ code: 'DB_BUSY', message: 'The database is busy; try again' });
      a.close();
      b.close();
    } finally {
      t.cleanup();
    }
  });
});
