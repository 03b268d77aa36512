/**
 * The app's logs, for a support person: one rotated file per part (main, server, core) in
 * `<data folder>/logs`, lines like
 *   2026-12-01T17:20:00.000Z WARN  core   backup_failed {"message":"disk full"}
 * Every field and message is redacted (./redact.ts) before it is written.
 */
import { join } from 'node:path';
import type { Clock } from '../clock';
import { redact, redactText } from './redact';
import { rotatingFile, type LogFs, type RotatingFile } from './rotating-file';

export type LogLevel = 'info' | 'warn' | 'error';
export const LOG_SOURCES = ['main', 'server', 'core'] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export const logsDirOf = (dataDir: string): string => join(dataDir, 'logs');

export function formatLine(time: number, level: LogLevel, source: string, event: string, fields?: Record<string, unknown>): string {
  const rest = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(redact(fields))}` : '';
  return `${new Date(time).toISOString()} ${level.toUpperCase().padEnd(5)} ${source.padEnd(6)} ${redactText(event)}${rest}`;
}

export function fileLogger(file: RotatingFile, source: string, clock: Clock, echo?: (line: string) => void): Logger {
  const write = (level: LogLevel) => (event: string, fields?: Record<string, unknown>) => {
    const line = formatLine(clock.now(), level, source, event, fields);
    try {
      file.append(line);
    } catch {
      // A full or read-only disk must not stop the till; the line still goes to the console.
    }
    echo?.(line);
  };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

export interface AppLogs extends Record<LogSource, Logger> {
  dir: string;
}

export function createAppLogs(options: { dataDir: string; clock: Clock; maxBytes?: number; keep?: number; fs?: LogFs; echo?: (line: string) => void }): AppLogs {
  const dir = logsDirOf(options.dataDir);
  const make = (source: LogSource) =>
    fileLogger(rotatingFile({ dir, name: source, clock: options.clock, maxBytes: options.maxBytes, keep: options.keep, fs: options.fs }), source, options.clock, options.echo);
  return { dir, main: make('main'), server: make('server'), core: make('core') };
}
