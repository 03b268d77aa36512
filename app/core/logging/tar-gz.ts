/**
 * A plain .tar.gz (ustar) of in-memory files, with node:zlib: no zip library is installed, and
 * every support desk and OS (tar, 7-Zip, Windows 10+ tar.exe, macOS Archive Utility) opens it.
 */
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  /** Relative path with `/`, at most 100 bytes. */
  name: string;
  data: Buffer | string;
  mtimeMs: number;
}

function header(name: string, size: number, mtimeMs: number): Buffer {
  const h = Buffer.alloc(512, 0);
  const put = (value: string, offset: number, length: number) => h.write(value, offset, length, 'utf8');
  const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, '0') + '\0';
  if (Buffer.byteLength(name) > 100 || name.startsWith('/') || name.split('/').includes('..')) throw new Error(`tar: bad entry name ${name}`);
  put(name, 0, 100);
  put(octal(0o600, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(mtimeMs / 1000), 12), 136, 12);
  put('        ', 148, 8); // checksum placeholder: spaces
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

export function tarGz(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    parts.push(header(e.name, data.length, e.mtimeMs), data, Buffer.alloc((512 - (data.length % 512)) % 512, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return gzipSync(Buffer.concat(parts));
}
