/**
 * Issue 15 item 2: numbers per series and type never skip and never repeat — under real
 * concurrency (three processes selling on one database file), across a rolled-back sale, and
 * per series.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertDocument } from './ledger';
import { fiscalActive } from './settings';
import { addLine, createFiscalShop, payAll } from './testing/harness';
import type { FiscalShop } from './testing/harness';

let s: FiscalShop;
beforeEach(async () => { s = await createFiscalShop(); });
afterEach(async () => { await s.close(); });

const child = fileURLToPath(new URL('./testing/sales.child.ts', import.meta.url));

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

const numbers = (docType: string, series = 'A') =>
  (s.db.prepare('SELECT number FROM fiscal_documents WHERE doc_type = ? AND series = ? ORDER BY number').all(docType, series) as { number: number }[]).map((r) => r.number);

describe('gapless numbering', () => {
  it('three processes selling at once on one file: 11.1 numbers are exactly 1..N', async () => {
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    const session = JSON.stringify(s.cashier);
    const outs = await Promise.all([0, 1, 2].map(() => run([s.file, session, s.items.coffee, '12'])));
    expect(outs.every((o) => o.includes('DONE'))).toBe(true);
    expect(numbers('11.1')).toEqual(Array.from({ length: 36 }, (_, i) => i + 1));
  }, 60_000);

  it('a sale that rolls back takes its number back with it', async () => {
    const settings = fiscalActive(s.db);
    if (!settings) throw new Error('fiscal is on in the harness');
    expect(() => s.db.transaction(() => {
      insertDocument(s.db, s.clock, settings, { docType: '11.1', body: { rows: [{ rateBp: 2400, netCents: 100, vatCents: 24 }], payments: [] } });
      throw new Error('the sale failed after its document was written');
    }).immediate()).toThrow('the sale failed');
    const order = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, order.id, s.items.coffee, 1);
    await payAll(s, order.id);
    expect(numbers('11.1')).toEqual([1]);
  });

  it('each series and type counts on its own', async () => {
    const sale = async () => {
      const order = await s.call<{ id: string }>('order.create', {}, s.cashier);
      await addLine(s, order.id, s.items.coffee, 1);
      await payAll(s, order.id);
    };
    await sale();
    await sale();
    await s.call('fiscal.settings.set', { series: 'B' });
    await sale();
    expect(numbers('11.1', 'A')).toEqual([1, 2]);
    expect(numbers('11.1', 'B')).toEqual([1]);
  });
});
