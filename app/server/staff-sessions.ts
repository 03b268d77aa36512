/**
 * Staff sessions after PIN sign-in: an opaque token per signed-in person, held in memory only
 * (a restart signs everyone out, as a till should), expiring after a quiet period.
 */
import type { Clock } from '../core/clock';
import type { SessionStaff } from '../core/api';
import { hashToken, newSecretToken } from './tokens';

export interface StaffSessions {
  open(staff: SessionStaff, deviceId: string): string;
  get(token: string, deviceId: string): SessionStaff | null;
  close(token: string): void;
  /** Ends every session opened from a device (revoked tablet). */
  closeDevice(deviceId: string): void;
}

export function createStaffSessions(clock: Clock, idleMs = 12 * 60 * 60_000): StaffSessions {
  const sessions = new Map<string, { staff: SessionStaff; deviceId: string; lastUsed: number }>();
  return {
    open(staff, deviceId) {
      const token = newSecretToken();
      sessions.set(hashToken(token), { staff, deviceId, lastUsed: clock.now() });
      return token;
    },
    get(token, deviceId) {
      const key = hashToken(token);
      const s = sessions.get(key);
      if (!s) return null;
      // A session token only works from the device that signed in: a stolen header is not enough.
      if (s.deviceId !== deviceId) return null;
      if (clock.now() - s.lastUsed > idleMs) {
        sessions.delete(key);
        return null;
      }
      s.lastUsed = clock.now();
      return s.staff;
    },
    close(token) {
      sessions.delete(hashToken(token));
    },
    closeDevice(deviceId) {
      for (const [k, s] of sessions) if (s.deviceId === deviceId) sessions.delete(k);
    },
  };
}
