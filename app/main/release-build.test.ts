// The one build-time constant (RELEASE_BUILD): the release bundle ignores POSPAL_LICENSE_URL and
// POSPAL_LICENSE_KEYS; a development bundle and the tests honour them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type * as configModule from '../core/license/config';
import { PRODUCTION_LICENSE_URL, RELEASE_BUILD, readLicenseConfig } from '../core/license/config';
// @ts-expect-error -- plain .mjs script without type declarations
import { releaseDefine } from './build.mjs';

const root = join(import.meta.dirname, '..', '..');
const env = { POSPAL_LICENSE_URL: 'http://127.0.0.1:9999', POSPAL_LICENSE_KEYS: 'evil=MCowBQYDK2VwAyEAabc=' };

/** config.ts bundled exactly as app/main/build.mjs bundles it, then loaded. */
async function bundledConfig(release: boolean): Promise<typeof configModule> {
  const dir = mkdtempSync(join(tmpdir(), 'pospal-release-'));
  try {
    const outfile = join(dir, 'config.mjs');
    await build({
      entryPoints: [join(root, 'app/core/license/config.ts')], outfile, bundle: true, platform: 'node', format: 'esm',
      define: releaseDefine(release) as Record<string, string>, logLevel: 'silent',
    });
    return (await import(/* @vite-ignore */ pathToFileURL(outfile).href)) as typeof configModule;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the release build constant', () => {
  it('a release bundle ignores POSPAL_LICENSE_URL and POSPAL_LICENSE_KEYS; a development bundle honours them', async () => {
    const released = await bundledConfig(true);
    expect(released.RELEASE_BUILD).toBe(true);
    expect(released.readLicenseConfig(env)).toMatchObject({ ok: true, config: { licenseUrl: PRODUCTION_LICENSE_URL, extraKeys: {} } });
    // not even read: a junk value can't stop a release app either
    expect(released.readLicenseConfig({ POSPAL_LICENSE_URL: 'junk' }).ok).toBe(true);

    const dev = await bundledConfig(false);
    expect(dev.RELEASE_BUILD).toBe(false);
    expect(dev.readLicenseConfig(env)).toMatchObject({ ok: true, config: { licenseUrl: 'http://127.0.0.1:9999', extraKeys: { evil: 'MCowBQYDK2VwAyEAabc=' } } });
  });

  it('is injectable in tests, and off in them by default', () => {
    expect(RELEASE_BUILD).toBe(false);
    expect(readLicenseConfig(env, { release: true })).toMatchObject({ ok: true, config: { licenseUrl: PRODUCTION_LICENSE_URL, extraKeys: {} } });
    expect(readLicenseConfig(env)).toMatchObject({ ok: true, config: { licenseUrl: 'http://127.0.0.1:9999' } });
  });
});
