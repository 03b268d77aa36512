// `npm start` on a closed network (issue 11, item 19): Electron's binary is looked for on disk,
// its download tried on its own, and a failure is one line, never the electron module's throw.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseAppMode, installedElectronBinary } from './electron-binary';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A node_modules/electron as `npm install` leaves it: the package, no binary yet. */
function electronPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pospal-electron-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), '{"name":"electron"}');
  return dir;
}
function installBinary(dir: string) {
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'electron'), '');
  writeFileSync(join(dir, 'path.txt'), 'electron');
}
const display = { DISPLAY: ':0' };

describe('chooseAppMode', () => {
  it('a closed network: the download fails and the answer is one line saying browser mode continues', async () => {
    const dir = electronPackage();
    let tried = 0;
    const mode = await chooseAppMode({ env: display, platform: 'linux', electronDir: dir, download: () => { tried++; return Promise.resolve(false); } });
    expect(tried).toBe(1);
    expect(mode.mode).toBe('browser');
    const reason = mode.mode === 'browser' ? mode.reason : '';
    expect(reason).toMatch(/Electron could not be downloaded/);
    expect(reason).toMatch(/continuing in browser mode/);
    expect(reason).not.toMatch(/\n|at .*\(/);
  });

  it('an installed binary (path.txt + dist/) is used without any download', async () => {
    const dir = electronPackage();
    installBinary(dir);
    const mode = await chooseAppMode({ env: display, platform: 'linux', electronDir: dir, download: () => Promise.reject(new Error('no download expected')) });
    expect(mode).toEqual({ mode: 'electron', binary: join(dir, 'dist', 'electron') });
  });

  it('a first start with network downloads once, then uses the binary', async () => {
    const dir = electronPackage();
    const mode = await chooseAppMode({ env: display, platform: 'linux', electronDir: dir, download: () => { installBinary(dir); return Promise.resolve(true); } });
    expect(mode.mode).toBe('electron');
  });

  it('path.txt naming a binary that is not in dist/ counts as not installed', () => {
    const dir = electronPackage();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(installedElectronBinary(dir)).toBeNull();
  });

  it('POSPAL_BROWSER=1 and a machine without a display go to browser mode without downloading', async () => {
    const dir = electronPackage();
    const download = () => Promise.reject(new Error('no download expected'));
    expect((await chooseAppMode({ env: { ...display, POSPAL_BROWSER: '1' }, platform: 'linux', electronDir: dir, download })).mode).toBe('browser');
    const headless = await chooseAppMode({ env: {}, platform: 'linux', electronDir: dir, download });
    expect(headless.mode === 'browser' && headless.reason).toMatch(/no display/);
  });

  it('scripts/start.mjs never requires the electron module (requiring it starts the download)', () => {
    const start = readFileSync(fileURLToPath(new URL('../start.mjs', import.meta.url)), 'utf8');
    expect(start).not.toMatch(/require\(\s*['"]electron['"]\s*\)/);
    expect(start).toMatch(/chooseAppMode/);
  });
});
