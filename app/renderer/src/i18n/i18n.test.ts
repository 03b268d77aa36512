/**
 * Every string exists in English and Greek, and every literal key the code asks for exists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { el } from './el';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('strings', () => {
  it('English and Greek have the same keys, none empty', () => {
    expect(keys(el).sort()).toEqual(keys(en).sort());
    for (const k of keys(el)) expect(k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], el)).not.toBe('');
  });

  it('every literal key used by the screens exists (plurals via _one/_other)', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const all = new Set(keys(en));
    const missing: string[] = [];
    for (const file of sources(root)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        const key = m[1]!;
        if (!all.has(key) && !all.has(`${key}_one`)) missing.push(`${file.slice(root.length)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
