/**
 * A small rotating log file (no electron-log in this repository): `<name>.log` in a 0700
 * folder, 0600 files, rotated when a line would pass `maxBytes` or when the local day changes;
 * rotated files are `<name>.<yyyy-mm-dd>.<n>.log`, the newest `keep` are kept. Synchronous
 * appends (a few lines a minute; survives a crash right after the line). Clock and the file
 * system calls are injectable (tests use a real temporary folder and a moving clock).
 */
import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../secrets/file-modes';

export type LogFs = Pick<typeof nodeFs, 'appendFileSync' | 'chmodSync' | 'existsSync' | 'readdirSync' | 'renameSync' | 'statSync' | 'unlinkSync'>;

export interface RotatingFileOptions {
  dir: string;
  name: string;
  clock: Clock;
  maxBytes?: number;
  keep?: number;
  fs?: LogFs;
}

export interface RotatingFile {
  readonly path: string;
  append(line: string): void;
}

export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_KEEP = 10;

const dayOf = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function rotatingFile(options: RotatingFileOptions): RotatingFile {
  const fs = options.fs ?? nodeFs;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const keep = options.keep ?? DEFAULT_KEEP;
  const path = join(options.dir, `${options.name}.log`);
  const archive = new RegExp(`^${options.name}\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)\\.log$`);
  ensurePrivateDir(options.dir);
  let size = fs.existsSync(path) ? fs.statSync(path).size : 0;
  let day = fs.existsSync(path) ? dayOf(fs.statSync(path).mtimeMs) : dayOf(options.clock.now());

  const archives = (): Array<{ file: string; day: string; n: number }> =>
    fs.readdirSync(options.dir)
      .map((file) => ({ file, m: archive.exec(file) }))
      .filter((x): x is { file: string; m: RegExpExecArray } => x.m !== null)
      .map(({ file, m }) => ({ file, day: m[1]!, n: Number(m[2]) }))
      .sort((a, b) => (a.day === b.day ? a.n - b.n : a.day < b.day ? -1 : 1));

  const rotate = (): void => {
    if (size > 0 && fs.existsSync(path)) {
      const n = Math.max(0, ...archives().filter((a) => a.day === day).map((a) => a.n)) + 1;
      fs.renameSync(path, join(options.dir, `${options.name}.${day}.${n}.log`));
    }
    size = 0;
    const all = archives();
    for (const old of all.slice(0, Math.max(0, all.length - keep))) fs.unlinkSync(join(options.dir, old.file));
  };

  return {
    path,
    append(line) {
      const text = line.endsWith('\n') ? line : `${line}\n`;
      const bytes = Buffer.byteLength(text);
      const today = dayOf(options.clock.now());
      if (today !== day || (size > 0 && size + bytes > maxBytes)) rotate();
      day = today;
      const created = size === 0 && !fs.existsSync(path);
      fs.appendFileSync(path, text, { mode: PRIVATE_FILE_MODE });
      if (created) fs.chmodSync(path, PRIVATE_FILE_MODE);
      size += bytes;
    },
  };
}
