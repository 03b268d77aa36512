/**
 * Durability: a child process takes paid orders on a real file database; we SIGKILL it at
 * random moments, several times. Every order it reported as paid must be there, complete
 * (lines, payments covering the total), and the database must pass integrity_check.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestShop } from '../api/test-shop';
import { integrityCheck, openDatabase } from './connection';

const child = fileURLToPath(new URL('./durability.child.ts', import.meta.url));

function runAndKill(args: string[], killAfterMs: number): Promise<{ paid: Map<string, number>; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const paid = new Map<string, number>();
    let buf = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        // Start the kill timer once the child is really selling, so every run is killed mid-flight.
        if (line === 'READY') timer = setTimeout(() => p.kill('SIGKILL'), killAfterMs);
        const m = /^PAID (\S+) (\d+)$/.exec(line);
        if (m?.[1]) paid.set(m[1], Number(m[2]));
      }
    });
    p.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    p.on('error', reject);
    p.on('exit', (_code, signal) => { clearTimeout(timer); resolve({ paid, signal, stderr }); });
  });
}

describe('durability under SIGKILL', () => {
  it('keeps every reported paid order, complete, across random kills', async () => {
    const shop = await createTestShop();
    const { file } = shop;
    const args = [file, JSON.stringify(shop.cashier), shop.items.coffee];
    shop.db.close();
    const reported = new Map<string, number>();
    try {
      for (let run = 0; run < 5; run++) {
        const r = await runAndKill(args, 40 + Math.floor(Math.random() * 400));
        expect(r.signal, r.stderr).toBe('SIGKILL');
        for (const [id, total] of r.paid) reported.set(id, total);
      }
      expect(reported.size).toBeGreaterThan(0);
      const db = openDatabase({ file, clock: shop.clock });
      expect(integrityCheck(db)).toBe('ok');
      const orderStmt = db.prepare('SELECT status, total_cents, paid_cents FROM orders WHERE id = ?');
      const linesStmt = db.prepare("SELECT COUNT(*) AS n, COALESCE(SUM(total_cents), 0) AS s FROM order_lines WHERE order_id = ? AND status = 'active'");
      const paysStmt = db.prepare('SELECT COALESCE(SUM(amount_cents), 0) AS s FROM payments WHERE order_id = ?');
      for (const [id, total] of reported) {
        expect(orderStmt.get(id), id).toEqual({ status: 'paid', total_cents: total, paid_cents: total });
        expect(linesStmt.get(id)).toEqual({ n: 1, s: total });
        expect(paysStmt.get(id)).toEqual({ s: total });
      }
      // No torn sale anywhere: every paid order in the file is covered by its payments.
      const torn = db.prepare(`SELECT o.id FROM orders o LEFT JOIN payments p ON p.order_id = o.id
        WHERE o.status = 'paid' GROUP BY o.id HAVING COALESCE(SUM(p.amount_cents), 0) <> MAX(o.total_cents)`).all();
      expect(torn).toEqual([]);
      console.log(`durability: ${reported.size} reported paid orders survived 5 SIGKILLs`);
      db.close();
    } finally {
      shop.cleanup();
    }
  });
});
