// CPU time of a process as Linux accounts it (/proc/<pid>/stat: utime + stime, in clock ticks),
// and how to find the workerd process under a `wrangler dev` parent. Linux only; elsewhere the
// callers print "n/a".
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface Stat { pid: number; comm: string; ppid: number; utime: number; stime: number }

/** Fields of /proc/<pid>/stat; the command name is in parentheses and may hold spaces. */
export function parseStat(text: string): Stat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { pid: Number(text.slice(0, open).trim()), comm: text.slice(open + 1, close), ppid: Number(rest[1]), utime: Number(rest[11]), stime: Number(rest[12]) };
}

function readStat(pid: number): Stat | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** CPU milliseconds (user + system) the process has used so far; NaN when unreadable. */
export function cpuMs(pid: number): number {
  const s = readStat(pid);
  return s ? ((s.utime + s.stime) * 1000) / clockTicks() : NaN;
}

/** The descendants of `root` whose command name is `comm` (e.g. workerd under wrangler). */
export function findDescendants(root: number, comm: string): number[] {
  let all: Stat[];
  try {
    all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => readStat(Number(d))).filter((s): s is Stat => s !== null);
  } catch {
    return [];
  }
  const children = new Map<number, Stat[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      if (c.comm === comm) found.push(c.pid);
      walk(c.pid);
    }
  };
  walk(root);
  return found;
}

/**
 * `wrangler dev` runs two workerd processes: its dev proxy (listening on the public port, a
 * harness that forwards every request) and the runtime that runs the worker. True for the proxy.
 */
export function isDevProxy(pid: number, publicPort: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(`--socket-addr=entry=127.0.0.1:${publicPort}`);
  } catch {
    return false;
  }
}
