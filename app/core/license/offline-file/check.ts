/**
 * The rules of an offline license file, as pure functions: does this file belong here (offline
 * keys, this machine by the worker's component-majority rule, not revoked), and may it sell now
 * (expiry; the clock-rollback rule of the online agent, rules.ts `clockSetBack`).
 */
import {
  hardwareMatches, verifyOfflineFile, verifyRevocationList,
  type Hardware, type OfflineFilePayload, type OfflineVerifyProblem, type TrustedKey,
} from 'licensing-worker/protocol';
import { clockSetBack } from '../rules';

export type FileRefusal = 'OFFLINE_FILE_INVALID' | 'OFFLINE_FILE_OTHER_MACHINE' | 'OFFLINE_FILE_REVOKED' | 'OFFLINE_FILE_EXPIRED';

export type FileCheck =
  | { ok: true; payload: OfflineFilePayload }
  | { ok: false; code: FileRefusal; message: string; verification?: OfflineVerifyProblem };

/** The file's text exactly as the distributor sent it (a stray BOM or trailing newline is fine). */
export const normalizeFileText = (text: string): string => text.replace(/^\uFEFF/, '').trim();

export async function checkOfflineFile(text: string, keys: readonly TrustedKey[], here: Hardware, revoked: ReadonlySet<string>): Promise<FileCheck> {
  const verified = await verifyOfflineFile(normalizeFileText(text), keys);
  if (!verified.ok) {
    return { ok: false, code: 'OFFLINE_FILE_INVALID', verification: verified.code, message: 'This is not a valid POSPal license file (it was changed, or it was not issued by POSPal)' };
  }
  const payload = verified.payload;
  if (!hardwareMatches(payload.hardware, here)) {
    return { ok: false, code: 'OFFLINE_FILE_OTHER_MACHINE', message: 'This license file was issued for another computer: send this computer\'s Hardware ID to your distributor' };
  }
  if (revoked.has(payload.fileId)) return { ok: false, code: 'OFFLINE_FILE_REVOKED', message: 'This license file was revoked: ask your distributor for a new one' };
  return { ok: true, payload };
}

export type FileVerdict = { state: 'active' } | { state: 'locked'; reason: 'file_expired' | 'file_revoked' | 'clock_tampered' };

/** What a verified file (for this machine) allows at `now`. */
export function fileVerdict(payload: OfflineFilePayload, now: number, highestSeenAt: number, revoked: ReadonlySet<string>): FileVerdict {
  if (revoked.has(payload.fileId)) return { state: 'locked', reason: 'file_revoked' };
  if (clockSetBack(now, highestSeenAt, payload.issuedAt)) return { state: 'locked', reason: 'clock_tampered' };
  if (payload.expiresAt !== null && now >= payload.expiresAt) return { state: 'locked', reason: 'file_expired' };
  return { state: 'active' };
}

/** The revoked ids of a signed list, or null if it does not verify with the offline keys. */
export async function revokedIdsOf(signed: string, keys: readonly TrustedKey[]): Promise<{ issuedAt: number; ids: Set<string> } | null> {
  const list = await verifyRevocationList(signed, keys);
  return list.ok ? { issuedAt: list.payload.issuedAt, ids: new Set(list.payload.revoked) } : null;
}
