#!/usr/bin/env node
// Validates electron-builder.yml with electron-builder's own schema (app-builder-lib's
// validateConfiguration) and checks that the resources it names exist — no Electron download.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const yaml = require('js-yaml');
const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util');

/** Problems found in the packaging configuration (empty = fine). */
export async function checkPackaging(file = `${root}/electron-builder.yml`) {
const config = yaml.load(readFileSync(file, 'utf8'));
const problems = [];
try {
  await validateConfiguration(config, new DebugLogger(false));
} catch (e) {
  problems.push(`schema: ${e.message}`);
}
const targets = (t) => (t ?? []).map((x) => (typeof x === 'string' ? x : x.target));
const want = { linux: ['AppImage', 'deb'], win: ['nsis'], mac: ['dmg'] };
for (const [os, list] of Object.entries(want)) {
  for (const t of list) if (!targets(config[os]?.target).includes(t)) problems.push(`${os}: target ${t} missing`);
}
if (!(config.asarUnpack ?? []).some((p) => p.includes('better-sqlite3'))) problems.push('better-sqlite3 must be unpacked from the asar');
for (const icon of [config.win?.icon, config.mac?.icon, config.linux?.icon, 'build/icons/256x256.png', 'build/icons/32x32.png']) {
  if (icon && !existsSync(`${root}/${icon}`)) problems.push(`missing resource ${icon}`);
}
/** Fuses every release must carry (electronFuses), with the value they must have. */
const REQUIRED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
};
for (const [fuse, want] of Object.entries(REQUIRED_FUSES)) {
  if (config.electronFuses?.[fuse] !== want) problems.push(`electronFuses.${fuse} must be ${want}`);
}
const feeds = [config.publish].flat().filter(Boolean);
if (!feeds.some((p) => p.provider === 'generic' && typeof p.url === 'string' && p.url.length > 0)) problems.push('publish: a generic provider with a url is required (auto-update feed)');
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
if (config.extraMetadata?.main !== pkg.main) problems.push(`extraMetadata.main (${config.extraMetadata?.main}) differs from package.json main (${pkg.main})`);

return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
const problems = await checkPackaging();
if (problems.length > 0) {
  console.error(`electron-builder.yml: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('electron-builder.yml: valid (electron-builder schema), targets AppImage, deb, nsis, dmg; resources present');
}
