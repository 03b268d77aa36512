import { describe, expect, it } from 'vitest';
import { UUID_RE, uuidv7 } from './uuid';

const msOf = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidv7 (app/shared, the one generator the app and the worker use)', () => {
  it('makes RFC 9562 version-7 ids carrying the time, variant 10', () => {
    const now = Date.parse('2026-12-01T12:00:00.123Z');
    const id = uuidv7(now);
    expect(id).toMatch(UUID_RE);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(msOf(id)).toBe(now);
  });

  it('keeps ids in creation order within one millisecond and when the clock steps back', () => {
    const now = Date.parse('2027-01-01T00:00:00Z');
    const ids = [...Array.from({ length: 3000 }, () => uuidv7(now)), ...Array.from({ length: 10 }, () => uuidv7(now - 5_000))];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_RE);
  });
});
