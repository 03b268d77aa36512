import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../src/ids';
import { constantTimeEqual, generateUnlockToken, hashToken, normalizeToken, TOKEN_PATTERN } from '../src/tokens';
import { matchByComponents } from '../src/license/machines';

describe('unlock tokens', () => {
  it('look like POS-XXXXX-XXXXX-XXXXX-XXXXX in Crockford base32 and do not repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const t = generateUnlockToken();
      expect(t).toMatch(TOKEN_PATTERN);
      seen.add(t);
    }
    expect(seen.size).toBe(500);
  });

  it('hash the same after forgiving normalisation (case, dashes, O/0, I/L/1)', async () => {
    const t = 'POS-0A1BC-DEFGH-JKMNP-QRSTV';
    const sloppy = 'pos oa1bc defgh jkmnp qrstv'.replace('oa1', 'oal');
    expect(normalizeToken(sloppy)).toBe(t);
    expect(await hashToken(sloppy)).toBe(await hashToken(t));
    expect(await hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('compare in constant time with the right answers', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => constantTimeEqual(a, b) === (a === b)));
  });
});

describe('uuidv7', () => {
  it('is a version-7 RFC 9562 UUID ordered by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13)).toBe('018bcfe5-6800');
  });
});

describe('component majority', () => {
  const m = (id: string, components: Record<string, string>) => ({ id, components });
  it('needs at least two equal components and more than half of the larger set', () => {
    const stored = [m('a', { id: '1', cpu: '2', disk: '3', nic: '4' }), m('b', { id: '9', cpu: '8' })];
    expect(matchByComponents(stored, { id: '1', cpu: '2', disk: '3', nic: 'X' })?.id).toBe('a');
    expect(matchByComponents(stored, { id: '1', cpu: '2', disk: 'Y', nic: 'X' })).toBeNull();
    expect(matchByComponents(stored, { id: '9' })).toBeNull();
    expect(matchByComponents(stored, {})).toBeNull();
  });
});
