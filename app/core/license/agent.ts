/**
 * The license agent (DESIGN.md "The license agent"): unlocks from the verified cache before any
 * network call, checks online when the license asks, runs the single-device session, and turns
 * every answer into a state the UI can show. It must never lock out a paying customer by
 * mistake: only a verdict from the worker (or the end of the offline allowance, or a clock set
 * back) stops selling; a network failure never does before `offlineGraceUntil`.
 */
import { verifyLicenseFile, type DeviceInput, type LicensePayload } from 'licensing-worker/protocol';
import { systemClock } from '../clock';
import { createLicenseCache, type CacheRecord, type SubscriptionInfo } from './cache';
import type { LicenseRequest, ValidateAnswer, WorkerFailure } from './client';
import type { MachineIdentity } from './fingerprint';
import { activationInputSchema, invalidInput } from './inputs';
import { pollInstantActivation } from './instant';
import { holderFrom, problemFrom, type AgentProblem, type SessionHolder } from './problems';
import {
  clockSetBack, combine, daysLeft, offlineVerdict, offlineWarning, SELLING_STATES,
  type LicenseVerdict, type SessionVerdict,
} from './rules';
import type { ActionResult, AgentDeps, AgentEvent, AgentTimers, LicenseAgent, LicenseStatus, Listener } from './status';

export type { ActionResult, AgentDeps, AgentTimers, LicenseAgent, LicenseGate, LicenseStatus } from './status';

const RETRY_MIN_MS = 60_000;
const RETRY_MAX_MS = 15 * 60_000;
const MIN_CHECK_GAP_MS = 60_000;
const INACTIVE_RECHECK_MS = 5 * 60_000;
const STOP_DEADLINE_MS = 3000;

const defaultTimers: AgentTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createAgent(deps: AgentDeps): LicenseAgent {
  const clock = deps.clock ?? systemClock;
  const timers = deps.timers ?? defaultTimers;
  const random = deps.random ?? Math.random;
  const cache = createLicenseCache(deps.db);
  const { client, keys } = deps;
  const sessionsEnabled = deps.sessions ?? true;

  let identity: MachineIdentity | undefined;
  let record: CacheRecord | undefined;
  let payload: LicensePayload | undefined;
  let verdict: LicenseVerdict = { state: 'unlicensed' };
  let session: SessionVerdict = 'none';
  let sessionId: string | null = null;
  /** A session id from the previous run: if it ended meanwhile we simply start a new one. */
  let sessionFromLastRun = false;
  let holder: SessionHolder | null = null;
  let problem: AgentProblem | null = null;
  let failures = 0;
  let nextCheckAt = 0;
  let highestLocalTime = 0;
  let heartbeatMs = 60_000;
  let lastTickAt: number | undefined;
  let expectedGap = 0;
  let timer: unknown;
  let running = false;
  let lastEmitted = '';
  let lastWarning = false;
  let queue: Promise<unknown> = Promise.resolve();
  const listeners: Record<AgentEvent, Set<Listener>> = { state: new Set(), warning: new Set() };

  /** One network conversation at a time: ticks and user actions never interleave. */
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  }

  function device(): DeviceInput {
    if (!identity) throw new Error('agent not started');
    return {
      machineFingerprint: identity.fingerprint,
      components: identity.components,
      name: identity.name,
      platform: identity.platform,
      appVersion: deps.appVersion ?? '0.0.0',
    };
  }

  function status(): LicenseStatus {
    const now = clock.now();
    const { state, reason } = combine(verdict, session);
    const sub: SubscriptionInfo = record?.subscription ?? {};
    const lastCheckAt = record?.lastCheckAt ?? payload?.issuedAt ?? null;
    return {
      state,
      reason,
      canSell: SELLING_STATES.has(state),
      daysLeft: payload ? daysLeft(payload.offlineGraceUntil, now) : null,
      warning: state === 'offline_grace' && lastCheckAt !== null && offlineWarning(lastCheckAt, now),
      lastCheckAt,
      offlineGraceUntil: payload?.offlineGraceUntil ?? null,
      nextCheckAt: record ? nextCheckAt : null,
      customerEmail: record?.email ?? null,
      plan: payload?.plan ?? sub.plan ?? null,
      subscriptionStatus: sub.status ?? payload?.status ?? null,
      currentPeriodEnd: payload?.currentPeriodEnd ?? sub.currentPeriodEnd ?? null,
      cancelAtPeriodEnd: sub.cancelAtPeriodEnd ?? false,
      machine: identity ? { id: payload?.machineId ?? record?.machineId ?? null, name: identity.name, platform: identity.platform } : null,
      sessionHolder: session === 'conflict' || session === 'taken_over' ? holder : null,
      problem,
    };
  }

  function publish(): LicenseStatus {
    const snapshot = status();
    const key = JSON.stringify([snapshot.state, snapshot.reason, snapshot.daysLeft, snapshot.sessionHolder, snapshot.problem?.code]);
    if (key !== lastEmitted) {
      lastEmitted = key;
      for (const l of listeners.state) l(snapshot);
    }
    if (snapshot.warning && !lastWarning) for (const l of listeners.warning) l(snapshot);
    lastWarning = snapshot.warning;
    return snapshot;
  }

  // ---- facts from the worker ----

  /** A success answer: adopt its signed license (if it carries one we can verify). */
  async function applyAnswer(data: ValidateAnswer): Promise<boolean> {
    const { status, plan, currentPeriodEnd, cancelAtPeriodEnd } = data.subscription;
    if (!(await adoptLicense(data.license, { status, plan, currentPeriodEnd, cancelAtPeriodEnd }))) {
      problem = { code: 'LICENSE_UNVERIFIED', message: 'The license service answered with a license this app cannot verify' };
      markUnreachable();
      return false;
    }
    if (problem?.code === 'OFFLINE' || problem?.code === 'LICENSE_UNVERIFIED' || problem?.code === 'WORKER_ERROR') problem = null;
    return true;
  }

  /** Verifies, caches and obeys a signed license from the worker; false if it doesn't verify here. */
  async function adoptLicense(text: string, subscription?: SubscriptionInfo): Promise<boolean> {
    const check = await verifyLicenseFile(text, keys.list());
    const now = clock.now();
    if (!check.ok || !identity || check.payload.machineFingerprint !== identity.fingerprint) return false;
    payload = check.payload;
    const sub = subscription ?? { status: payload.status, plan: payload.plan, currentPeriodEnd: payload.currentPeriodEnd, cancelAtPeriodEnd: record?.subscription.cancelAtPeriodEnd ?? false };
    cache.saveCheck({ licenseFile: text, serverTime: payload.issuedAt, now, subscription: sub, machineId: payload.machineId });
    record = cache.read() ?? record;
    highestLocalTime = now;
    verdict = payload.status === 'active' ? { state: 'active' } : { state: payload.status };
    // Relative to the server's clock, so a skewed local clock neither hammers nor starves.
    nextCheckAt = now + Math.max(MIN_CHECK_GAP_MS, payload.nextCheckAt - payload.issuedAt);
    failures = 0;
    return true;
  }

  function markReachable(): void {
    if (verdict.state === 'offline_grace') verdict = { state: 'active' };
    if (problem?.code === 'OFFLINE') problem = null;
  }

  /** No answer: grace covers it until offlineGraceUntil, never longer. */
  function markUnreachable(): void {
    const now = clock.now();
    failures += 1;
    nextCheckAt = now + Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (failures - 1));
    if (payload && (verdict.state === 'active' || verdict.state === 'offline_grace')) {
      verdict = offlineVerdict(payload, now, true);
    }
  }

  /** A failed request: a verdict when the worker rejected it, else the offline allowance. */
  async function applyFailure(failure: WorkerFailure): Promise<void> {
    problem = problemFrom(failure);
    if (failure.kind !== 'rejected') {
      markUnreachable();
      return;
    }
    markReachable();
    problem = problemFrom(failure);
    switch (failure.code) {
      case 'INVALID_CREDENTIALS':
        verdict = { state: 'locked', reason: 'credentials_rejected' };
        break;
      case 'SUBSCRIPTION_INACTIVE':
        // The worker signs a license with the inactive status: cache it so a restart stays locked.
        if (!(typeof failure.details.license === 'string' && (await adoptLicense(failure.details.license)))) {
          verdict = failure.details.subscriptionStatus === 'cancelled' ? { state: 'cancelled' } : { state: 'suspended' };
          nextCheckAt = clock.now() + INACTIVE_RECHECK_MS;
        }
        break;
      case 'MACHINE_LIMIT':
        verdict = { state: 'locked', reason: 'machine_limit' };
        break;
      case 'SESSION_CONFLICT':
        session = 'conflict';
        holder = holderFrom(failure.details);
        break;
      case 'SESSION_ENDED':
        forgetSession();
        if (failure.details.reason === 'taken_over' && !sessionFromLastRun) {
          session = 'taken_over';
          holder = holderFrom(failure.details);
        } else {
          problem = null;
        }
        break;
      case 'SESSION_NOT_FOUND':
        forgetSession();
        problem = null;
        break;
      default:
        // An answer we have no rule for is not a reason to stop a paying shop.
        markUnreachable();
    }
  }

  function forgetSession(): void {
    sessionId = null;
    sessionFromLastRun = false;
    if (session === 'live') session = 'none';
    cache.setSession(null, clock.now());
  }

  // ---- conversations ----

  async function call(request: LicenseRequest): Promise<ValidateAnswer | undefined> {
    const res = await client.unified(request);
    if (res.ok) return res.data;
    await applyFailure(res.failure);
    return undefined;
  }

  async function validateOnline(): Promise<void> {
    if (!record) return;
    const data = await call({ operation: 'validate', credentials: { email: record.email, token: record.token }, device: device() });
    if (data) await applyAnswer(data);
  }

  function adoptSession(data: ValidateAnswer): void {
    if (!data.session) return;
    sessionId = data.session.id;
    sessionFromLastRun = false;
    heartbeatMs = data.session.heartbeatIntervalSeconds * 1000;
    session = 'live';
    holder = null;
    if (problem?.code === 'SESSION_CONFLICT') problem = null;
    cache.setSession(sessionId, clock.now());
  }

  async function startSession(action: 'start' | 'takeover'): Promise<boolean> {
    if (!record) return false;
    const data = await call({ operation: 'session', action, credentials: { email: record.email, token: record.token }, device: device() });
    if (!data) return false;
    await applyAnswer(data);
    adoptSession(data);
    return session === 'live';
  }

  async function heartbeat(): Promise<void> {
    if (!sessionId) return;
    const data = await call({ operation: 'session', action: 'heartbeat', credentials: { sessionId }, device: device() });
    if (!data) return;
    sessionFromLastRun = false;
    await applyAnswer(data);
    if (data.session) heartbeatMs = data.session.heartbeatIntervalSeconds * 1000;
  }

  /** Time rules that need no network: a clock set back, the end of the offline allowance. */
  function checkTime(now: number): void {
    if (!payload || !record) return;
    if (clockSetBack(now, highestLocalTime, payload.issuedAt)) {
      if (!(verdict.state === 'locked' && verdict.reason === 'clock_tampered')) nextCheckAt = now;
      verdict = { state: 'locked', reason: 'clock_tampered' };
      return;
    }
    highestLocalTime = Math.max(highestLocalTime, now);
    if ((verdict.state === 'active' || verdict.state === 'offline_grace') && now >= payload.offlineGraceUntil) {
      verdict = { state: 'locked', reason: 'offline_expired' };
      nextCheckAt = now;
    }
  }

  async function periodicWork(force = false): Promise<LicenseStatus> {
    const now = clock.now();
    // A wall-clock jump far beyond the timer's delay: the machine slept. Check at once.
    const woke = lastTickAt !== undefined && now - lastTickAt > expectedGap + Math.max(30_000, expectedGap);
    lastTickAt = now;
    checkTime(now);
    if (record) cache.noteTime(highestLocalTime);
    if (record && (force || woke || now >= nextCheckAt)) await validateOnline();
    const licenseAllowsSelling = verdict.state === 'active' || verdict.state === 'offline_grace';
    if (record && licenseAllowsSelling && sessionsEnabled) {
      if (session === 'live' && sessionId) await heartbeat();
      if (session === 'none' || session === 'conflict') await startSession('start');
    }
    return publish();
  }

  function schedule(delayMs: number): void {
    if (!running) return;
    if (timer !== undefined) timers.clearTimeout(timer);
    expectedGap = delayMs;
    timer = timers.setTimeout(() => {
      timer = undefined;
      void serial(() => periodicWork()).finally(() => schedule(nextDelay()));
    }, delayMs);
  }

  /** The heartbeat interval with ±10 % jitter so a chain of shops doesn't beat in step. */
  function nextDelay(): number {
    const base = heartbeatMs * (0.9 + 0.2 * random());
    const untilCheck = nextCheckAt - clock.now();
    // Without a session we only need to wake for the next check (and for grace/clock rules).
    return Math.max(1000, session === 'live' ? base : Math.min(base, Math.max(untilCheck, 1000)));
  }

  async function loadFromCache(): Promise<void> {
    if (!identity) return;
    const cached = await cache.readVerified(keys, identity.fingerprint);
    const now = clock.now();
    record = cached.kind === 'none' ? undefined : cached.record;
    payload = cached.kind === 'valid' ? cached.payload : undefined;
    session = 'none';
    sessionId = null;
    holder = null;
    if (cached.kind === 'none') {
      verdict = { state: 'unlicensed' };
      return;
    }
    highestLocalTime = cached.record.highestTrustedTime;
    if (cached.kind === 'credentials_only') {
      verdict = { state: 'locked', reason: 'license_unverified' };
      nextCheckAt = now;
      return;
    }
    sessionId = cached.record.sessionId;
    sessionFromLastRun = sessionId !== null;
    if (!sessionsEnabled) sessionId = null;
    session = sessionId ? 'live' : 'none';
    if (clockSetBack(now, highestLocalTime, cached.payload.issuedAt)) {
      verdict = { state: 'locked', reason: 'clock_tampered' };
      nextCheckAt = now;
      return;
    }
    highestLocalTime = Math.max(highestLocalTime, now);
    verdict = offlineVerdict(cached.payload, now, false);
    nextCheckAt = verdict.state === 'active' ? cached.payload.nextCheckAt : now;
  }

  async function activateWith(email: string, token: string, answer?: ValidateAnswer): Promise<ActionResult> {
    const now = clock.now();
    let data = answer;
    if (!data) {
      const res = await client.unified({ operation: 'validate', credentials: { email, token }, device: device() });
      if (!res.ok) {
        const error = problemFrom(res.failure);
        // A failed activation doesn't disturb a license that is already working here.
        problem = error;
        return { ok: false, error, status: publish() };
      }
      data = res.data;
    }
    const previous = record;
    cache.saveCredentials(email, token, now);
    record = cache.read();
    if (!(await applyAnswer(data))) {
      // Keep the old credentials if the new answer is unusable.
      if (previous) cache.saveCredentials(previous.email, previous.token, now);
      else cache.clear();
      await loadFromCache();
      const error = problem ?? { code: 'LICENSE_UNVERIFIED' as const, message: 'License could not be verified' };
      return { ok: false, error, status: publish() };
    }
    if (session === 'taken_over' || (previous && previous.email.toLowerCase() !== email.toLowerCase())) {
      session = 'none';
      sessionId = null;
    }
    problem = null;
    if (verdict.state === 'active' && sessionsEnabled) await startSession('start');
    schedule(nextDelay());
    return { ok: true, status: publish() };
  }

  return {
    canSell: () => status().canSell,
    state: () => status().state,
    status,
    on(event, listener) {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },

    async start() {
      identity = await deps.fingerprinter.identity();
      await loadFromCache();
      running = true;
      const snapshot = publish();
      schedule(0);
      return snapshot;
    },

    checkNow: () => serial(() => periodicWork(true)),

    async whenIdle() {
      let seen: Promise<unknown>;
      do {
        seen = queue;
        await seen;
        await new Promise<void>((r) => setImmediate(r));
      } while (seen !== queue);
    },

    activate(email, token) {
      return serial(async () => {
        const input = activationInputSchema.safeParse({ email, token });
        if (!input.success) return { ok: false, error: invalidInput(input.error), status: publish() };
        return activateWith(input.data.email, input.data.token);
      });
    },

    async activateInstant(email, stripeSessionId, options = {}) {
      const polled = await pollInstantActivation({ client, clock, timers, device: device() }, email, stripeSessionId, options);
      if (!polled.ok) return { ok: false, error: polled.error, status: publish() };
      return serial(() => activateWith(polled.email, polled.answer.token ?? '', polled.answer));
    },

    takeOver() {
      return serial(async () => {
        if (!record) return { ok: false, error: { code: 'NOT_ACTIVATED', message: 'Activate this computer first' }, status: publish() };
        const ok = await startSession('takeover');
        schedule(nextDelay());
        return ok ? { ok: true, status: publish() } : { ok: false, error: problem ?? { code: 'OFFLINE', message: 'Takeover failed' }, status: publish() };
      });
    },

    deactivate() {
      return serial(async () => {
        const machineId = payload?.machineId ?? record?.machineId;
        if (!record || !machineId) return { ok: false, error: { code: 'NOT_ACTIVATED', message: 'This computer is not activated' }, status: publish() };
        const res = await client.deactivateMachine({ email: record.email, token: record.token, machineId });
        if (!res.ok) return { ok: false, error: problemFrom(res.failure), status: publish() };
        // Also the running app's session when the support CLI deactivates (it has no session of its own).
        const liveSession = sessionId ?? record.sessionId;
        if (liveSession) await client.endSession(liveSession);
        cache.clear();
        await loadFromCache();
        problem = null;
        return { ok: true, status: publish() };
      });
    },

    deactivateMachine(email, token, machineId) {
      return serial(async () => {
        const input = activationInputSchema.safeParse({ email, token });
        if (!input.success) return { ok: false, error: invalidInput(input.error), status: publish() };
        const res = await client.deactivateMachine({ ...input.data, machineId });
        if (!res.ok) return { ok: false, error: problemFrom(res.failure), status: publish() };
        if (problem?.code === 'MACHINE_LIMIT') problem = null;
        return { ok: true, status: publish() };
      });
    },

    async stop() {
      running = false;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      const end = serial(async () => {
        if (!sessionId) return;
        const id = sessionId;
        await client.endSession(id);
        sessionId = null;
        session = 'none';
        cache.setSession(null, clock.now());
      });
      // Quitting never hangs on a dead network: the worker times the session out anyway.
      await Promise.race([end, new Promise<void>((r) => { const t = setTimeout(r, STOP_DEADLINE_MS); t.unref?.(); })]);
    },
  };
}
