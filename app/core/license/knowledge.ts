/**
 * What the agent knows about the license and the rules applied to it: the verified cache, the
 * worker's verdicts, the offline allowance and the clock. No network and no timers here: the
 * agent (agent.ts) holds the conversations and feeds their outcomes in.
 */
import { licenseHash, verifyLicenseFile, type LicensePayload } from 'licensing-worker/protocol';
import type { Clock } from '../clock';
import type { CachedLicense, CacheRecord, LicenseCache, SubscriptionInfo } from './cache';
import type { ValidateAnswer, WorkerFailure } from './client';
import type { TrustedKeys } from './keys';
import { problemFrom, type AgentProblem } from './problems';
import { clockSetBack, offlineVerdict, type LicenseVerdict } from './rules';

const RETRY_MIN_MS = 60_000;
const RETRY_MAX_MS = 15 * 60_000;
const MIN_CHECK_GAP_MS = 60_000;
/** After a verdict (suspended, rejected token, no seat) ask again, but not every heartbeat. */
const VERDICT_RECHECK_MS = 5 * 60_000;

type Rejection = Extract<WorkerFailure, { kind: 'rejected' }>;

export class LicenseKnowledge {
  record: CacheRecord | undefined;
  payload: LicensePayload | undefined;
  verdict: LicenseVerdict = { state: 'unlicensed' };
  problem: AgentProblem | null = null;
  /** Local time of the next online check. */
  nextCheckAt = 0;
  private highestLocalTime = 0;
  private failures = 0;

  constructor(
    private readonly cache: LicenseCache,
    private readonly keys: TrustedKeys,
    private readonly clock: Clock,
    /** This machine's fingerprint (known once the agent started). */
    private readonly fingerprint: () => string | undefined,
  ) {}

  get licenseAllowsSelling(): boolean {
    return this.verdict.state === 'active' || this.verdict.state === 'offline_grace';
  }

  /**
   * The subscription is paid and only the offline allowance is missing or spent: a session call
   * is what earns it, so the agent starts (or keeps) its session.
   */
  get mayHoldSession(): boolean {
    return this.licenseAllowsSelling || (this.verdict.state === 'locked' && this.verdict.reason === 'offline_expired' && this.payload?.status === 'active');
  }

  /** Unlock (or not) from the cache alone: runs before any network call. */
  async load(): Promise<CachedLicense> {
    const fingerprint = this.fingerprint();
    const cached: CachedLicense = fingerprint ? await this.cache.readVerified(this.keys, fingerprint) : { kind: 'none' };
    const now = this.clock.now();
    this.record = cached.kind === 'none' ? undefined : cached.record;
    this.payload = cached.kind === 'valid' ? cached.payload : undefined;
    if (cached.kind === 'none') {
      this.verdict = { state: 'unlicensed' };
      return cached;
    }
    this.highestLocalTime = cached.record.highestTrustedTime;
    if (cached.kind === 'credentials_only') {
      // Edited, foreign or unverifiable: ignored, and only the network can unlock.
      this.verdict = { state: 'locked', reason: 'license_unverified' };
      this.nextCheckAt = now;
    } else if (clockSetBack(now, this.highestLocalTime, cached.payload.issuedAt)) {
      this.verdict = { state: 'locked', reason: 'clock_tampered' };
      this.nextCheckAt = now;
    } else {
      this.highestLocalTime = Math.max(this.highestLocalTime, now);
      this.verdict = offlineVerdict(cached.payload, now, false);
      this.nextCheckAt = this.verdict.state === 'active' ? cached.payload.nextCheckAt : now;
    }
    return cached;
  }

  /** Time rules that need no network: a clock set back, the end of the offline allowance. */
  checkTime(now: number): void {
    if (!this.payload || !this.record) return;
    if (clockSetBack(now, this.highestLocalTime, this.payload.issuedAt)) {
      if (!(this.verdict.state === 'locked' && this.verdict.reason === 'clock_tampered')) this.nextCheckAt = now;
      this.verdict = { state: 'locked', reason: 'clock_tampered' };
      return;
    }
    this.highestLocalTime = Math.max(this.highestLocalTime, now);
    this.cache.noteTime(this.highestLocalTime);
    if (this.licenseAllowsSelling && now >= this.payload.offlineGraceUntil) {
      this.verdict = { state: 'locked', reason: 'offline_expired' };
      this.nextCheckAt = now;
    }
  }

  /**
   * The hash of the verified license file held here, presented as `heldLicense` so the worker may
   * answer "unchanged" instead of signing a new one. None without a verified license.
   */
  async heldLicenseHash(): Promise<string | undefined> {
    return this.payload && this.record?.licenseFile ? await licenseHash(this.record.licenseFile) : undefined;
  }

  /** A success answer: obey its signed license, if it verifies here (or keep the held one). */
  async applyAnswer(data: ValidateAnswer): Promise<boolean> {
    const { status, plan, currentPeriodEnd, cancelAtPeriodEnd } = data.subscription;
    const adopted = data.license === undefined ? data.licenseUnchanged === true && this.keepHeld() : await this.adoptLicense(data.license, { status, plan, currentPeriodEnd, cancelAtPeriodEnd });
    if (!adopted) {
      this.problem = { code: 'LICENSE_UNVERIFIED', message: 'The license service answered with a license this app cannot verify' };
      this.unreachable();
      return false;
    }
    const code = this.problem?.code;
    if (code === 'OFFLINE' || code === 'LICENSE_UNVERIFIED' || code === 'WORKER_ERROR') this.problem = null;
    return true;
  }

  /** Verifies, caches and obeys a signed license from the worker; false if it doesn't verify here. */
  private async adoptLicense(text: string, subscription?: SubscriptionInfo): Promise<boolean> {
    const check = await verifyLicenseFile(text, this.keys.list());
    const now = this.clock.now();
    if (!check.ok || check.payload.machineFingerprint !== this.fingerprint()) return false;
    const payload = check.payload;
    this.payload = payload;
    const sub = subscription ?? {
      status: payload.status, plan: payload.plan, currentPeriodEnd: payload.currentPeriodEnd,
      cancelAtPeriodEnd: this.record?.subscription.cancelAtPeriodEnd ?? false,
    };
    await this.cache.saveCheck({ licenseFile: text, serverTime: payload.issuedAt, now, subscription: sub, machineId: payload.machineId });
    this.record = (await this.cache.read()) ?? this.record;
    // The worker vouched for this moment: it is the new floor (this clears clock_tampered).
    this.highestLocalTime = now;
    // The signed offlineGraceUntil is obeyed online too: a validate answer carries only what the
    // last session call earned (none for a till that never held the session).
    this.verdict = offlineVerdict(payload, now, false);
    // Relative to the server's clock, so a skewed local clock neither hammers nor starves.
    this.nextCheckAt = now + Math.max(MIN_CHECK_GAP_MS, payload.nextCheckAt - payload.issuedAt);
    this.failures = 0;
    return true;
  }

  /**
   * "Unchanged": the worker vouches the held license still stands. The cached file stays as it
   * is and nothing is extended here: the verdict is the held license's own, checked again now.
   */
  private keepHeld(): boolean {
    const payload = this.payload;
    if (!payload || !this.record) return false;
    const now = this.clock.now();
    this.verdict = offlineVerdict(payload, now, false);
    this.nextCheckAt = now + Math.max(MIN_CHECK_GAP_MS, payload.nextCheckAt - payload.issuedAt);
    this.failures = 0;
    return true;
  }

  reachable(): void {
    if (this.verdict.state === 'offline_grace') this.verdict = { state: 'active' };
    if (this.problem?.code === 'OFFLINE') this.problem = null;
  }

  /** No usable answer: the offline allowance covers it until offlineGraceUntil, never longer. */
  unreachable(): void {
    const now = this.clock.now();
    this.failures += 1;
    this.nextCheckAt = now + Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (this.failures - 1));
    if (this.payload && this.licenseAllowsSelling) this.verdict = offlineVerdict(this.payload, now, true);
  }

  /**
   * The worker's verdict about the license (not the session). Returns false for codes that are
   * not about the license, which the caller handles.
   */
  async applyRejection(failure: Rejection): Promise<boolean> {
    const now = this.clock.now();
    switch (failure.code) {
      case 'INVALID_CREDENTIALS':
        this.verdict = { state: 'locked', reason: 'credentials_rejected' };
        this.nextCheckAt = now + VERDICT_RECHECK_MS;
        return true;
      case 'SUBSCRIPTION_INACTIVE':
        // The worker signs a license with the inactive status: caching it keeps a restart locked.
        if (!(typeof failure.details.license === 'string' && (await this.adoptLicense(failure.details.license)))) {
          this.verdict = failure.details.subscriptionStatus === 'cancelled' ? { state: 'cancelled' } : { state: 'suspended' };
          this.nextCheckAt = now + VERDICT_RECHECK_MS;
        }
        return true;
      case 'MACHINE_LIMIT':
        this.verdict = { state: 'locked', reason: 'machine_limit' };
        this.nextCheckAt = now + VERDICT_RECHECK_MS;
        return true;
      default:
        return false;
    }
  }

  /** Any failed request: sets the problem the UI shows; network-like failures use the allowance. */
  noteFailure(failure: WorkerFailure): void {
    // A rejection is an answer: we are online, whatever it says.
    if (failure.kind === 'rejected') this.reachable();
    else this.unreachable();
    this.problem = problemFrom(failure);
  }
}
