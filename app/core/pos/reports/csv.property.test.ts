import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsv } from '../../../shared/csv';
import { minorToDecimal } from '../../../shared/money';
import { toCsv } from './csv';

const text = fc.string({ unit: fc.constantFrom('a', 'Ω', 'ά', ',', '"', '\n', '\r', ' ', '=', '-', '+', '@', '\t', 'x', '€') });

describe('CSV (property)', () => {
  it('round-trips any text and amount through toCsv → parseCsv', () => {
    fc.assert(fc.property(fc.array(fc.record({ name: text, cents: fc.integer({ min: -10_000_000, max: 10_000_000 }) }), { maxLength: 20 }), (rows) => {
      const csv = toCsv([
        { header: 'name', type: 'text', value: (r: (typeof rows)[number]) => r.name },
        { header: 'amount', type: 'money', value: (r: (typeof rows)[number]) => r.cents },
      ], rows);
      const parsed = parseCsv(csv);
      expect(parsed[0]).toEqual(['name', 'amount']);
      expect(parsed.length).toBe(rows.length + 1);
      rows.forEach((row, i) => {
        const [name, amount] = parsed[i + 1] ?? [];
        // Formula-looking text comes back with the guarding apostrophe, nothing else changes.
        expect(name).toBe(/^[=+\-@\t\r]/.test(row.name) ? `'${row.name}` : row.name);
        expect(Math.round(Number(amount) * 100)).toBe(row.cents);
        expect(amount).toBe(minorToDecimal(row.cents));
      });
    }));
  });
});
