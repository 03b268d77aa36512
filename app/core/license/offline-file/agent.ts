/**
 * File mode of the license agent (issue 13 §4, the reseller model), kept apart from the online
 * state machine: it wraps the online agent. With a verified offline license file for this
 * machine stored here, the file decides (expiry, revocation, the clock-rollback rule) and the
 * online agent is never started: no validation, no heartbeat, no session, no network at all.
 * This is the one written exception to "only the session holder sells offline"
 * (licensing-worker/README.md "Offline license files"). Without a file, everything is the
 * online agent's.
 *
 * Revocations reach a file-mode till only with online contact: any worker answer carrying the
 * signed list (`noteRevocations`, fed by `recordingRevocations` around the client), and "check
 * again" (`checkNow`), the one user action that fetches the list from the worker.
 */
import { encodeHardwareId, type Hardware, type OfflineFilePayload } from 'licensing-worker/protocol';
import { systemClock, type Clock } from '../../clock';
import type { SecretStore } from '../../secrets/secret-store';
import type { Fingerprinter, MachineIdentity } from '../fingerprint';
import type { AgentProblem } from '../problems';
import type { TrustedKeys } from '../keys';
import { daysLeft } from '../rules';
import type { ActionResult, AgentEvent, AgentTimers, LicenseAgent, LicenseStatus, Listener, OfflineFileInfo } from '../status';

export type { OfflineFileInfo } from '../status';
import { checkOfflineFile, fileVerdict, normalizeFileText, revokedIdsOf } from './check';
import type { OfflineFileStore } from './store';

/** How often file mode re-reads the clock (expiry, time floor) without anything else happening. */
export const FILE_TICK_MS = 60_000;
/** The time floor is written at most this often (one small UPDATE). */
const FLOOR_WRITE_GAP_MS = 60_000;


export interface HardwareIdView extends Hardware {
  /** The one copyable string (POSPAL-HW1-…, with a checksum). */
  hardwareId: string;
}

export interface OfflineFileDeps {
  online: LicenseAgent;
  store: OfflineFileStore;
  /** The OFFLINE keys (keys.ts offlineTrustedKeys), never the online ones. */
  keys: TrustedKeys;
  fingerprinter: Fingerprinter;
  clock?: Clock;
  timers?: AgentTimers;
  /** One GET of the worker's signed revocation list ("check again" in file mode); absent: never. */
  fetchRevocations?: () => Promise<string | null>;
  /** The second copy of the trusted-time floor (never in the database), as the online cache keeps it. */
  secrets?: SecretStore;
}

export interface OfflineAwareAgent extends LicenseAgent {
  /** Verifies the file for this machine and, if it may sell, switches to file mode. */
  importFile(text: string): Promise<ActionResult>;
  /** Forgets the file: back to the online agent. */
  removeFile(): Promise<ActionResult>;
  hardwareId(): Promise<HardwareIdView>;
  /** A signed revocation list from any worker answer: verified, stored when newer. */
  noteRevocations(signed: string): Promise<void>;
  mode(): 'file' | 'online';
}

const fileModeOnly = { code: 'OFFLINE_FILE_MODE', message: 'This computer runs on an offline license file: remove the file first to use a subscription' } as const;

const infoOf = (p: OfflineFilePayload): OfflineFileInfo => ({ fileId: p.fileId, customer: p.customer, distributor: p.distributor, issuedAt: p.issuedAt, expiresAt: p.expiresAt });

export function withOfflineFile(deps: OfflineFileDeps): OfflineAwareAgent {
  const { online, store, keys } = deps;
  const clock = deps.clock ?? systemClock;
  const timers: AgentTimers = deps.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms).unref(), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };

  let identity: MachineIdentity | undefined;
  let file: OfflineFilePayload | null = null;
  let revoked = new Set<string>();
  let highestSeenAt = 0;
  let onlineStarted = false;
  let timer: unknown;
  let running = false;
  let lastKey = '';
  const listeners: Record<AgentEvent, Set<Listener>> = { state: new Set(), warning: new Set() };

  const here = async (): Promise<MachineIdentity> => (identity ??= await deps.fingerprinter.identity());
  const hardware = (id: MachineIdentity): Hardware => ({ fingerprint: id.fingerprint, components: id.components });

  async function loadRevocations(): Promise<void> {
    const signed = store.revocations();
    const list = signed ? await revokedIdsOf(signed, keys.list()) : null;
    revoked = list?.ids ?? new Set();
  }

  /** The stored file, if it is a genuine file for this machine (revoked ones too: they lock). */
  async function loadFile(): Promise<void> {
    const stored = store.read();
    file = null;
    if (!stored) return;
    const check = await checkOfflineFile(stored.licenseFile, keys.list(), hardware(await here()), new Set());
    if (!check.ok) return;
    file = check.payload;
    // The larger of the database's floor and the secret store's copy: editing one changes nothing.
    const secretFloor = Number(await deps.secrets?.get('highestTrustedTime').catch(() => null));
    highestSeenAt = Math.max(highestSeenAt, stored.highestSeenAt, Number.isFinite(secretFloor) ? secretFloor : 0);
  }

  function fileStatus(payload: OfflineFilePayload): LicenseStatus {
    const now = clock.now();
    const verdict = fileVerdict(payload, now, highestSeenAt, revoked);
    const tampered = verdict.state === 'locked' && verdict.reason === 'clock_tampered';
    if (!tampered && now > highestSeenAt + FLOOR_WRITE_GAP_MS) {
      highestSeenAt = now;
      store.noteTime(now);
      void deps.secrets?.set('highestTrustedTime', String(now)).catch(() => undefined);
    }
    return {
      state: verdict.state,
      reason: verdict.state === 'locked' ? verdict.reason : null,
      canSell: verdict.state === 'active',
      daysLeft: payload.expiresAt === null ? null : daysLeft(payload.expiresAt, now),
      warning: false,
      trialEndsAt: null,
      trialDaysLeft: null,
      trialWarning: false,
      lastCheckAt: null,
      offlineGraceUntil: payload.expiresAt,
      nextCheckAt: null,
      customerEmail: null,
      plan: 'offline_file',
      subscriptionStatus: null,
      currentPeriodEnd: payload.expiresAt,
      cancelAtPeriodEnd: false,
      machine: identity ? { id: null, name: identity.name, platform: identity.platform } : null,
      sessionHolder: null,
      problem: null,
      offlineFile: infoOf(payload),
    };
  }

  const status = (): LicenseStatus => (file ? fileStatus(file) : { ...online.status(), offlineFile: null });

  function publish(): LicenseStatus {
    const snapshot = status();
    const key = JSON.stringify([snapshot.state, snapshot.reason, snapshot.daysLeft, snapshot.offlineFile?.fileId]);
    if (key !== lastKey) {
      lastKey = key;
      for (const l of listeners.state) l(snapshot);
    }
    return snapshot;
  }

  function tick(): void {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
    if (!running || !file) return;
    timer = timers.setTimeout(() => {
      timer = undefined;
      publish();
      tick();
    }, FILE_TICK_MS);
  }

  async function ensureOnline(): Promise<void> {
    if (onlineStarted) return;
    onlineStarted = true;
    await online.start();
  }

  const result = (): ActionResult => ({ ok: true, status: publish() });
  const refusal = (error: Extract<AgentProblem, { code: `OFFLINE_FILE_${string}` }>): ActionResult => ({ ok: false, error: { code: error.code, message: error.message }, status: publish() });

  async function removeFile(): Promise<ActionResult> {
    store.remove();
    file = null;
    tick();
    await ensureOnline();
    return result();
  }

  async function noteRevocations(signed: string): Promise<void> {
    const list = await revokedIdsOf(signed, keys.list());
    if (!list) return;
    if (store.saveRevocations(signed, list.issuedAt, clock.now())) revoked = list.ids;
    publish();
  }

  online.on('state', (s) => { if (!file) for (const l of listeners.state) l({ ...s, offlineFile: null }); });
  online.on('warning', (s) => { if (!file) for (const l of listeners.warning) l({ ...s, offlineFile: null }); });

  return {
    canSell: () => status().canSell,
    state: () => status().state,
    status,
    mode: () => (file ? 'file' : 'online'),
    on(event, listener) {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },

    async start() {
      await here();
      await loadRevocations();
      await loadFile();
      running = true;
      if (file) {
        tick();
        return publish();
      }
      await ensureOnline();
      return publish();
    },

    async hardwareId() {
      const hw = hardware(await here());
      return { ...hw, hardwareId: encodeHardwareId(hw) };
    },

    async importFile(text) {
      const now = clock.now();
      const check = await checkOfflineFile(text, keys.list(), hardware(await here()), revoked);
      if (!check.ok) return refusal(check);
      if (check.payload.expiresAt !== null && now >= check.payload.expiresAt) {
        return refusal({ code: 'OFFLINE_FILE_EXPIRED', message: 'This license file has expired: ask your distributor for a new one' });
      }
      store.save(normalizeFileText(text), now);
      await loadFile();
      // The online agent (if it ran) ends its session: this computer sells on the file now.
      if (onlineStarted) {
        onlineStarted = false;
        await online.stop();
      }
      tick();
      return result();
    },

    removeFile,
    noteRevocations,

    async checkNow() {
      if (!file) {
        await ensureOnline();
        return { ...(await online.checkNow()), offlineFile: null };
      }
      const signed = await deps.fetchRevocations?.().catch(() => null);
      if (signed) await noteRevocations(signed);
      return publish();
    },

    async activate(email, token) {
      await ensureOnline();
      const r = await online.activate(email, token);
      if (r.ok && file) await removeFile();
      return r.ok ? result() : r;
    },

    async activateInstant(email, sessionId, claimSecret, options) {
      await ensureOnline();
      const r = await online.activateInstant(email, sessionId, claimSecret, options);
      if (r.ok && file) await removeFile();
      return r.ok ? result() : r;
    },

    // A free trial is an online subscription's (issue 13 §1): not beside a license file.
    async startTrial(input) {
      if (file) return refusal(fileModeOnly);
      await ensureOnline();
      const r = await online.startTrial(input);
      return r.ok ? result() : r;
    },

    takeOver: async () => (file ? refusal(fileModeOnly) : online.takeOver()),
    deactivate: async () => (file ? refusal(fileModeOnly) : online.deactivate()),
    async deactivateMachine(email, token, machineId) {
      await ensureOnline();
      return online.deactivateMachine(email, token, machineId);
    },
    listMachines: async () => (file ? { ok: false as const, error: { ...fileModeOnly } } : online.listMachines()),

    async whenIdle() {
      if (onlineStarted) await online.whenIdle();
    },

    async stop() {
      running = false;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      if (onlineStarted) await online.stop();
    },
  };
}
