// The worker's ids come from the app's one UUIDv7 generator (app/shared/uuid.ts), run here
// inside workerd: the same function, the same ordering guarantees.
import { describe, expect, it } from 'vitest';
import { UUID_RE, uuidv7 as sharedUuidv7 } from '../../app/shared/uuid';
import { uuidv7 } from '../src/ids';

describe('worker ids', () => {
  it('are the shared UUIDv7 implementation, not a copy', () => {
    expect(uuidv7).toBe(sharedUuidv7);
  });

  it('are valid version-7 ids in creation order, even many within one millisecond', () => {
    const now = Date.parse('2027-01-01T00:00:00Z');
    const ids = [...Array.from({ length: 3000 }, () => uuidv7(now)), uuidv7(now + 1), ...Array.from({ length: 10 }, () => uuidv7(now - 60_000))];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(UUID_RE);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });
});
