/**
 * "Save support bundle" (Settings, owner or manager): the log files, the versions and the
 * license state in one .tar.gz, saved in `<data folder>/support` (0600) and returned as bytes
 * for the screen to download. No secrets: log lines are redacted again on the way in (a file
 * written by an older version, a line from a library), the license state too; the database,
 * backups and the secret file are never included.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defineCommand, type CommandMap } from '../api/command';
import type { Clock } from '../clock';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../secrets/file-modes';
import { logsDirOf } from './logger';
import { redact, redactText } from './redact';
import { tarGz, type TarEntry } from './tar-gz';

export interface SupportInfo {
  versions: Record<string, string>;
  /** The license agent's status (no token, no session id: redacted anyway). */
  license: () => unknown;
}

export interface SupportBundle {
  fileName: string;
  path: string;
  files: string[];
  bytesBase64: string;
}

export const supportDirOf = (dataDir: string): string => join(dataDir, 'support');

const LOG_FILE = /^[a-z]+(\.\d{4}-\d{2}-\d{2}\.\d+)?\.log$/;

export function buildSupportBundle(dataDir: string, clock: Clock, info: SupportInfo): SupportBundle {
  const now = clock.now();
  const entries: TarEntry[] = [];
  const logs = logsDirOf(dataDir);
  let names: string[] = [];
  try {
    names = readdirSync(logs).filter((n) => LOG_FILE.test(n)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  for (const name of names) {
    const file = join(logs, name);
    entries.push({ name: `logs/${name}`, data: redactText(readFileSync(file, 'utf8')), mtimeMs: statSync(file).mtimeMs });
  }
  const json = (v: unknown) => `${JSON.stringify(redact(v), null, 2)}\n`;
  entries.push({ name: 'versions.json', data: json({ ...info.versions, node: process.versions.node, platform: `${process.platform} ${process.arch}`, createdAt: new Date(now).toISOString() }), mtimeMs: now });
  entries.push({ name: 'license.json', data: json(info.license()), mtimeMs: now });

  const bytes = tarGz(entries);
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const fileName = `pospal-support-${stamp}.tar.gz`;
  const dir = supportDirOf(dataDir);
  ensurePrivateDir(dir);
  const path = join(dir, fileName);
  writeFileSync(path, bytes, { mode: PRIVATE_FILE_MODE });
  return { fileName, path, files: entries.map((e) => e.name), bytesBase64: bytes.toString('base64') };
}

/** `support.bundle`: owner and manager (reports.read is theirs, not a cashier's). */
export function supportCommands(info: SupportInfo) {
  return {
    'support.bundle': defineCommand({
      input: z.object({}).strict(),
      permission: 'reports.read',
      run: (ctx) => buildSupportBundle(ctx.dataDir, ctx.clock, info),
    }),
  } satisfies CommandMap;
}
