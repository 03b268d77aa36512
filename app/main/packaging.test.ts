import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs script without type declarations
import { checkPackaging } from '../../scripts/check-packaging.mjs';

const root = join(import.meta.dirname, '..', '..');

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own schema with every target, the icons and better-sqlite3 unpacked', async () => {
    expect(await checkPackaging()).toEqual([]);
  });

  it('is really checked: a wrong type or a missing target is reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pospal-pack-'));
    try {
      const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
      const broken = join(dir, 'broken.yml');
      writeFileSync(broken, text.replace('oneClick: false', 'oneClick: "no"').replace('    - deb\n', ''));
      const problems = (await checkPackaging(broken)) as string[];
      expect(problems.some((p) => p.includes('oneClick'))).toBe(true);
      expect(problems).toContain('linux: target deb missing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('electron-builder.yml fuses and update feed', () => {
  it('a release without RunAsNode off, asar integrity, cookie encryption or the update feed is reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pospal-pack-'));
    try {
      const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
      const broken = join(dir, 'broken.yml');
      writeFileSync(
        broken,
        text
          .replace('runAsNode: false', 'runAsNode: true')
          .replace('  enableEmbeddedAsarIntegrityValidation: true\n', '')
          .replace('enableCookieEncryption: true', 'enableCookieEncryption: false')
          .replace('provider: generic', 'provider: github'),
      );
      const problems = (await checkPackaging(broken)) as string[];
      expect(problems).toEqual(expect.arrayContaining([
        'electronFuses.runAsNode must be false',
        'electronFuses.enableEmbeddedAsarIntegrityValidation must be true',
        'electronFuses.enableCookieEncryption must be true',
        'publish: a generic provider with a url is required (auto-update feed)',
      ]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
