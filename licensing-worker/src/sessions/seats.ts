// The seat rule of one customer, as pure in-memory state (no I/O, no await): the Durable Object
// (object.ts) applies these synchronously, so a seat is claimed before anything awaits D1 and two
// starts can never both see a free seat.
import type { LicenseStatus } from '../protocol/license';

export const SESSION_TIMEOUT_MS = 120_000;
/** The object's storage and D1's last-seen are written at most this often (and on state changes). */
export const FLUSH_INTERVAL_MS = 5 * 60_000;
/**
 * D1's view of liveness (the console): an open record seen within a timeout plus a flush
 * interval, since its last-seen is written at most once per flush interval.
 */
export const D1_LIVE_WINDOW_MS = SESSION_TIMEOUT_MS + FLUSH_INTERVAL_MS;
/** A heartbeat re-reads the customer from D1 when its copy is older than this. */
export const CUSTOMER_REFRESH_MS = 5 * 60_000;
/** Ended sessions the object remembers (for "why did my session end" and validate's view). */
const ENDED_KEPT = 64;

export type EndReason = 'taken_over' | 'timed_out' | 'ended';

/** What a heartbeat needs of the customer, cached in the object (refreshed from D1). */
export interface SessionCustomer {
  id: string;
  status: LicenseStatus;
  plan: string;
  currentPeriodEnd: number | null;
  cancelAtPeriodEnd: number;
  maxMachines: number;
  maxConcurrent: number;
  activatedAt: number | null;
}

export interface SeatMachine {
  id: string;
  name: string;
  platform: string;
  fingerprint: string;
}

export interface Seat {
  idHash: string;
  ref: string;
  machine: SeatMachine;
  startedAt: number;
  /** The last successful session call (start, heartbeat, takeover): the grace counts from it. */
  lastCallAt: number;
  /** The seat is held until then (lastCallAt + timeout; longer only after a recovery). */
  liveUntil: number;
  /** The lastCallAt D1 holds for this session. */
  seenInD1: number;
}

export interface EndedSession {
  idHash: string;
  ref: string;
  machineId: string;
  reason: EndReason;
  endedAt: number;
  lastCallAt: number;
  byMachineId?: string;
}

export interface SeatBook {
  seats: Seat[];
  ended: EndedSession[];
}

export const emptyBook = (): SeatBook => ({ seats: [], ended: [] });

function endSeat(book: SeatBook, seat: Seat, reason: EndReason, now: number, byMachineId?: string): EndedSession {
  book.seats = book.seats.filter((s) => s !== seat);
  const ended: EndedSession = { idHash: seat.idHash, ref: seat.ref, machineId: seat.machine.id, reason, endedAt: now, lastCallAt: seat.lastCallAt, ...(byMachineId ? { byMachineId } : {}) };
  book.ended.push(ended);
  if (book.ended.length > ENDED_KEPT) book.ended.splice(0, book.ended.length - ENDED_KEPT);
  return ended;
}

/** Seats without a session call for the timeout end as timed_out. */
export function expire(book: SeatBook, now: number): EndedSession[] {
  return book.seats.filter((s) => s.liveUntil <= now).map((s) => endSeat(book, s, 'timed_out', now));
}

const oldestFirst = (a: Seat, b: Seat) => a.startedAt - b.startedAt;

export interface ClaimInput {
  idHash: string;
  ref: string;
  machine: SeatMachine;
  maxConcurrent: number;
  takeover: boolean;
}

export type ClaimResult =
  | { ok: true; seat: Seat; ended: EndedSession[]; displaced: Seat | null }
  | { ok: false; holder: Seat | null; ended: EndedSession[] };

/**
 * Claims a seat: the machine's own live session (an app restart) ends first; with `takeover` and
 * no free seat, the oldest live session of another machine ends as taken_over.
 */
export function claim(book: SeatBook, input: ClaimInput, now: number): ClaimResult {
  const ended = expire(book, now);
  for (const own of book.seats.filter((s) => s.machine.id === input.machine.id)) ended.push(endSeat(book, own, 'ended', now));
  let displaced: Seat | null = null;
  if (input.takeover && book.seats.length >= input.maxConcurrent) {
    displaced = [...book.seats].sort(oldestFirst)[0] ?? null;
    if (displaced) ended.push(endSeat(book, displaced, 'taken_over', now, input.machine.id));
  }
  if (book.seats.length >= input.maxConcurrent) return { ok: false, holder: [...book.seats].sort(oldestFirst)[0] ?? null, ended };
  const seat: Seat = { idHash: input.idHash, ref: input.ref, machine: input.machine, startedAt: now, lastCallAt: now, liveUntil: now + SESSION_TIMEOUT_MS, seenInD1: now };
  book.seats.push(seat);
  return { ok: true, seat, ended, displaced };
}

/** Gives a seat back (its start could not be recorded). */
export function release(book: SeatBook, idHash: string): void {
  book.seats = book.seats.filter((s) => s.idHash !== idHash);
}

export type TouchResult = { live: Seat } | { timedOut: EndedSession } | { ended: EndedSession } | { unknown: true };

/** A heartbeat: a live seat is held for another timeout; a silent one ends as timed_out. */
export function touch(book: SeatBook, idHash: string, now: number): TouchResult {
  const seat = book.seats.find((s) => s.idHash === idHash);
  if (seat && seat.liveUntil > now) {
    seat.lastCallAt = Math.max(seat.lastCallAt, now);
    seat.liveUntil = Math.max(seat.liveUntil, now + SESSION_TIMEOUT_MS);
    return { live: seat };
  }
  if (seat) return { timedOut: endSeat(book, seat, 'timed_out', now) };
  const ended = book.ended.findLast((e) => e.idHash === idHash);
  return ended ? { ended } : { unknown: true };
}

/** Ends the seats matching `which` (by session, by reference, by machine). */
export function endWhere(book: SeatBook, which: (s: Seat) => boolean, now: number): EndedSession[] {
  return book.seats.filter(which).map((s) => endSeat(book, s, 'ended', now));
}

/** What validate needs: the machine's open or last ended session, and how many others are live. */
export interface SessionView {
  last: { lastCallAt: number; endedAt: number | null; endReason: EndReason | null } | null;
  othersLive: number;
}

export function viewOf(book: SeatBook, machineId: string, now: number): SessionView {
  const othersLive = book.seats.filter((s) => s.machine.id !== machineId && s.liveUntil > now).length;
  const open = book.seats.find((s) => s.machine.id === machineId);
  if (open) return { last: { lastCallAt: open.lastCallAt, endedAt: open.liveUntil > now ? null : open.liveUntil, endReason: null }, othersLive };
  const ended = book.ended.findLast((e) => e.machineId === machineId);
  return { last: ended ? { lastCallAt: ended.lastCallAt, endedAt: ended.endedAt, endReason: ended.reason } : null, othersLive };
}

/**
 * After an eviction the object only has its last snapshot, whose lastCallAt may be up to one
 * flush interval old. A seat that was live at the snapshot is presumed live for one more timeout
 * from the reload (its next heartbeat proves it), unless the snapshot is older than a flush
 * interval plus a timeout (then its tills must have been silent). lastCallAt (the grace) is
 * never moved forward: only the seat is held.
 */
export function recover(book: SeatBook, persistedAt: number, loadedAt: number): void {
  if (loadedAt - persistedAt > FLUSH_INTERVAL_MS + SESSION_TIMEOUT_MS) return;
  for (const s of book.seats) if (s.liveUntil > persistedAt) s.liveUntil = Math.max(s.liveUntil, loadedAt + SESSION_TIMEOUT_MS);
}
