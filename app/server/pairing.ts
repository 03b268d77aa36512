/**
 * LAN pairing: the desktop shows a short-lived 6-digit code; a tablet that sends it gets a
 * device token. A code is single-use, expires after `ttlMs`, and is burnt after a few wrong
 * guesses in total, so even many addresses guessing together cannot walk the 10^6 space.
 */
import { randomInt } from 'node:crypto';
import type { Clock } from '../core/clock';

export interface PairingCode {
  code: string;
  expiresAt: number;
}

export interface PairingCodes {
  /** A fresh code; any older one stops working. */
  issue(): PairingCode;
  /** The live code, if any (for the desktop's settings screen). */
  current(): PairingCode | null;
  /** True once for the right live code (it is consumed); false otherwise. */
  redeem(code: string): boolean;
}

export interface PairingOptions {
  clock: Clock;
  ttlMs?: number;
  /** Wrong guesses (from anyone) after which the live code is withdrawn. */
  maxWrongGuesses?: number;
}

export function createPairingCodes(options: PairingOptions): PairingCodes {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const maxWrong = options.maxWrongGuesses ?? 10;
  let live: (PairingCode & { wrong: number }) | null = null;

  function current(): PairingCode | null {
    if (live && options.clock.now() >= live.expiresAt) live = null;
    return live ? { code: live.code, expiresAt: live.expiresAt } : null;
  }

  return {
    issue() {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      live = { code, expiresAt: options.clock.now() + ttlMs, wrong: 0 };
      return { code, expiresAt: live.expiresAt };
    },
    current,
    redeem(code) {
      if (!current() || !live) return false;
      if (code === live.code) {
        live = null;
        return true;
      }
      live.wrong += 1;
      if (live.wrong >= maxWrong) live = null;
      return false;
    },
  };
}
