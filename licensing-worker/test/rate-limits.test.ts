// The per-address limits are Workers Rate Limiting bindings (wrangler.toml [[ratelimits]]),
// simulated by Miniflare here. The code's ADDRESS_LIMITS (Retry-After, fallback) must match them.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import wranglerToml from '../wrangler.toml?raw';
import { ADDRESS_LIMITS } from '../src/http/rate-limit';
import { unique } from './helpers';

const blocks = (section: string) =>
  [...section.matchAll(/\[\[(?:env\.production\.)?ratelimits\]\]\s*name = "(\w+)"\s*namespace_id = "(\d+)"\s*simple = \{ limit = (\d+), period = (\d+) \}/g)].map((m) => ({
    name: m[1]!,
    namespace: m[2]!,
    limit: Number(m[3]),
    period: Number(m[4]),
  }));

describe('rate-limit bindings', () => {
  it.each(Object.entries(ADDRESS_LIMITS))('%s: the binding allows exactly its limit per period', async (_name, spec) => {
    const binding = env[spec.binding];
    expect(binding).toBeDefined();
    // The binding's windows are aligned to the wall clock: a run that straddles a window's edge
    // starts counting again half-way, so such a run proves nothing and is repeated (at most 3).
    const windowOf = () => Math.floor(Date.now() / (spec.windowSeconds * 1000));
    for (let attempt = 1; ; attempt++) {
      const key = unique('rl-config');
      const start = windowOf();
      const results: boolean[] = [];
      for (let i = 0; i <= spec.limit; i++) results.push((await binding!.limit({ key })).success);
      const other = (await binding!.limit({ key: `${key}-other` })).success;
      if (windowOf() !== start && attempt < 3) continue;
      expect(results.slice(0, spec.limit).every(Boolean)).toBe(true);
      expect(results[spec.limit]).toBe(false);
      expect(other).toBe(true);
      break;
    }
  });

  it('declares the same bindings for production, with 10 s or 60 s periods', () => {
    const [top, production] = wranglerToml.split('[env.production]');
    const expected = Object.values(ADDRESS_LIMITS).map((s) => ({ name: s.binding, limit: s.limit, period: s.windowSeconds }));
    for (const section of [top!, production!]) {
      const found = blocks(section);
      expect(found.map(({ name, limit, period }) => ({ name, limit, period }))).toEqual(expected);
      expect(new Set(found.map((b) => b.namespace)).size).toBe(found.length);
      for (const b of found) expect([10, 60]).toContain(b.period);
    }
  });
});
