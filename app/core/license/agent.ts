/**
 * The license agent (DESIGN.md "The license agent"): unlocks from the verified cache before any
 * network call, checks online when the license asks, runs the single-device session, and turns
 * every answer into a state the UI can show. It must never lock out a paying customer by
 * mistake: only a verdict from the worker (or the end of the offline allowance, or a clock set
 * back) stops selling; a network failure never does before `offlineGraceUntil`.
 */
import type { DeviceInput } from 'licensing-worker/protocol';
import { systemClock } from '../clock';
import { createLicenseCache } from './cache';
import { withHeldLicense, type LicenseRequest, type ValidateAnswer, type WorkerFailure } from './client';
import type { MachineIdentity } from './fingerprint';
import { activationInputSchema, invalidInput } from './inputs';
import { pollInstantActivation } from './instant';
import { LicenseKnowledge } from './knowledge';
import { holderFrom, problemFrom, type AgentProblem, type SessionHolder } from './problems';
import type { SessionVerdict } from './rules';
import {
  buildStatus, type ActionResult, type AgentDeps, type AgentEvent, type AgentTestSwitches, type AgentTimers, type LicenseAgent, type LicenseStatus, type Listener,
} from './status';

export type { ActionResult, AgentDeps, AgentTimers, LicenseAgent, LicenseGate, LicenseStatus, MachinesResult, SubscriptionMachine } from './status';

const STOP_DEADLINE_MS = 3000;
/** The secret store has no unlock token: what needs one (validate, session start…) asks for it. */
const TOKEN_NEEDED: AgentProblem = { code: 'TOKEN_NEEDED', message: 'Enter your unlock token: this computer could not read the saved one' };

const defaultTimers: AgentTimers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * `testOnly` switches are for tests; production wiring (index.ts, bootstrap, the CLI) passes
 * only `deps`: the one-device rule is the worker's, and a till without the session earns no
 * offline allowance.
 */
export function createAgent(deps: AgentDeps, testOnly: AgentTestSwitches = {}): LicenseAgent {
  const clock = deps.clock ?? systemClock;
  const timers = deps.timers ?? defaultTimers;
  const random = deps.random ?? Math.random;
  const cache = createLicenseCache(deps.db, deps.secrets);
  const { client, keys } = deps;
  const sessionsEnabled = testOnly.sessions ?? true;

  let identity: MachineIdentity | undefined;
  const k = new LicenseKnowledge(cache, keys, clock, () => identity?.fingerprint);
  let session: SessionVerdict = 'none';
  let sessionId: string | null = null;
  /** A session id from the previous run: if it ended meanwhile we simply start a new one. */
  let sessionFromLastRun = false;
  let holder: SessionHolder | null = null;
  /** The last session call got no answer: selling runs on the grace, whatever validate says. */
  let sessionUnanswered = false;
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
    const { verdict, record, payload, nextCheckAt, problem } = k;
    return buildStatus({ now: clock.now(), verdict, session, sessionUnanswered, record, payload, identity, nextCheckAt, holder, problem });
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

  /** A failed request: the license verdicts go to the knowledge, the session ones stay here. */
  async function applyFailure(failure: WorkerFailure): Promise<void> {
    k.noteFailure(failure);
    if (failure.kind !== 'rejected' || (await k.applyRejection(failure))) return;
    switch (failure.code) {
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
          k.problem = null;
        }
        break;
      case 'SESSION_NOT_FOUND':
        forgetSession();
        k.problem = null;
        break;
      default:
        // An answer we have no rule for is not a reason to stop a paying shop.
        k.unreachable();
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
    const res = await client.unified(await withHeldLicense(request, k));
    if (request.operation === 'session') sessionUnanswered = !res.ok && res.failure.kind !== 'rejected';
    if (res.ok) return res.data;
    await applyFailure(res.failure);
    return undefined;
  }

  // ---- the unlock token (kept in the secret store; absent when the store can't be read) ----

  /** Without a token nothing online can happen: the cached license sells on within its grace. */
  function tokenNeeded(): void {
    k.unreachable();
    k.problem = TOKEN_NEEDED;
  }

  async function validateOnline(): Promise<void> {
    if (!k.record) return;
    if (k.record.token === null) return tokenNeeded();
    const data = await call({ operation: 'validate', credentials: { email: k.record.email, token: k.record.token }, device: device() });
    if (!data) return;
    await k.applyAnswer(data);
    obeySessionState(data);
  }

  /**
   * The worker's word on this machine's session, in a validate answer: a session taken over
   * elsewhere locks now, even when our own session calls never get an answer (a proxy dropping
   * them). A session from the previous run that was taken over is simply replaced (the takeover
   * dialog appears if the other machine still holds it); its license carries no allowance.
   */
  function obeySessionState(data: ValidateAnswer): void {
    if (data.sessionState !== 'taken_over' || session !== 'live') return;
    const thisRun = !sessionFromLastRun;
    forgetSession();
    if (thisRun) {
      session = 'taken_over';
      holder = null;
    }
  }

  function adoptSession(data: ValidateAnswer): void {
    if (!data.session) return;
    sessionId = data.session.id;
    sessionFromLastRun = false;
    heartbeatMs = data.session.heartbeatIntervalSeconds * 1000;
    session = 'live';
    holder = null;
    if (k.problem?.code === 'SESSION_CONFLICT') k.problem = null;
    cache.setSession(sessionId, clock.now());
  }

  async function startSession(action: 'start' | 'takeover'): Promise<boolean> {
    if (!k.record) return false;
    if (k.record.token === null) {
      tokenNeeded();
      return false;
    }
    const before = session;
    const data = await call({ operation: 'session', action, credentials: { email: k.record.email, token: k.record.token }, device: device() });
    if (!data) {
      // Another machine holds the seat: fetch the license that says so (no allowance), once.
      if (session === 'conflict' && before !== 'conflict') await validateOnline();
      return false;
    }
    await k.applyAnswer(data);
    adoptSession(data);
    return session === 'live';
  }

  async function heartbeat(): Promise<void> {
    if (!sessionId) return;
    const data = await call({ operation: 'session', action: 'heartbeat', credentials: { sessionId }, device: device() });
    if (!data) {
      // Taken over: fetch the license that says so (no allowance), so a restart with the network
      // cut can't sell on the grace the lost session had earned.
      if (session === 'taken_over') await validateOnline();
      return;
    }
    sessionFromLastRun = false;
    await k.applyAnswer(data);
    if (data.session) heartbeatMs = data.session.heartbeatIntervalSeconds * 1000;
  }

  async function periodicWork(force = false): Promise<LicenseStatus> {
    const now = clock.now();
    // A wall-clock jump far beyond the timer's delay: the machine slept. Check at once.
    const woke = lastTickAt !== undefined && now - lastTickAt > expectedGap + Math.max(30_000, expectedGap);
    lastTickAt = now;
    k.checkTime(now);
    if (k.record && (force || woke || now >= k.nextCheckAt)) await validateOnline();
    if (k.record && k.mayHoldSession && sessionsEnabled) {
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
    const untilCheck = k.nextCheckAt - clock.now();
    // Without a session we only need to wake for the next check (and for grace/clock rules).
    return Math.max(1000, session === 'live' ? base : Math.min(base, Math.max(untilCheck, 1000)));
  }

  async function loadFromCache(): Promise<void> {
    const cached = await k.load();
    session = 'none';
    sessionId = null;
    holder = null;
    if (cached.kind !== 'valid' || k.verdict.state === 'locked') return;
    // A session id from the previous run: heartbeat it first, so a restart takes no second seat.
    sessionId = sessionsEnabled ? cached.record.sessionId : null;
    sessionFromLastRun = sessionId !== null;
    session = sessionId ? 'live' : 'none';
  }

  async function activateWith(email: string, token: string, answer?: ValidateAnswer): Promise<ActionResult> {
    const now = clock.now();
    let data = answer;
    if (!data) {
      const res = await client.unified({ operation: 'validate', credentials: { email, token }, device: device() });
      if (!res.ok) {
        const error = problemFrom(res.failure);
        // A failed activation doesn't disturb a license that is already working here.
        k.problem = error;
        return { ok: false, error, status: publish() };
      }
      data = res.data;
    }
    const previous = k.record;
    await cache.saveCredentials(email, token, now);
    k.record = await cache.read();
    if (!(await k.applyAnswer(data))) {
      // Keep the old credentials if the new answer is unusable.
      if (previous) await cache.saveCredentials(previous.email, previous.token, now);
      else await cache.clear();
      await loadFromCache();
      const error = k.problem ?? { code: 'LICENSE_UNVERIFIED' as const, message: 'License could not be verified' };
      return { ok: false, error, status: publish() };
    }
    if (session === 'taken_over' || (previous && previous.email.toLowerCase() !== email.toLowerCase())) {
      session = 'none';
      sessionId = null;
    }
    k.problem = null;
    if (k.mayHoldSession && sessionsEnabled) await startSession('start');
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

    async activateInstant(email, stripeSessionId, claimSecret, options = {}) {
      const polled = await pollInstantActivation({ client, clock, timers, device: device() }, email, stripeSessionId, claimSecret, options);
      if (!polled.ok) return { ok: false, error: polled.error, status: publish() };
      return serial(() => activateWith(polled.email, polled.answer.token ?? '', polled.answer));
    },

    takeOver() {
      return serial(async () => {
        if (!k.record) return { ok: false, error: { code: 'NOT_ACTIVATED', message: 'Activate this computer first' }, status: publish() };
        const ok = await startSession('takeover');
        schedule(nextDelay());
        return ok ? { ok: true, status: publish() } : { ok: false, error: k.problem ?? { code: 'OFFLINE', message: 'Takeover failed' }, status: publish() };
      });
    },

    deactivate() {
      return serial(async () => {
        const record = k.record;
        const machineId = k.payload?.machineId ?? record?.machineId;
        if (!record || !machineId) return { ok: false, error: { code: 'NOT_ACTIVATED', message: 'This computer is not activated' }, status: publish() };
        if (record.token === null) return { ok: false, error: TOKEN_NEEDED, status: publish() };
        const res = await client.deactivateMachine({ email: record.email, token: record.token, machineId });
        if (!res.ok) return { ok: false, error: problemFrom(res.failure), status: publish() };
        // Also the running app's session when the support CLI deactivates (it has no session of its own).
        const liveSession = sessionId ?? record.sessionId;
        if (liveSession) await client.endSession(liveSession);
        await cache.clear();
        await loadFromCache();
        k.problem = null;
        return { ok: true, status: publish() };
      });
    },

    deactivateMachine(email, token, machineId) {
      return serial(async () => {
        const input = activationInputSchema.safeParse({ email, token });
        if (!input.success) return { ok: false, error: invalidInput(input.error), status: publish() };
        const res = await client.deactivateMachine({ ...input.data, machineId });
        if (!res.ok) return { ok: false, error: problemFrom(res.failure), status: publish() };
        if (k.problem?.code === 'MACHINE_LIMIT') k.problem = null;
        return { ok: true, status: publish() };
      });
    },

    listMachines() {
      return serial(async () => {
        const record = k.record;
        if (!record) return { ok: false as const, error: { code: 'NOT_ACTIVATED' as const, message: 'This computer is not activated' } };
        if (record.token === null) return { ok: false as const, error: TOKEN_NEEDED };
        const res = await client.listMachines({ email: record.email, token: record.token });
        if (!res.ok) return { ok: false as const, error: problemFrom(res.failure) };
        const here = k.payload?.machineId ?? record.machineId;
        return { ok: true as const, machines: res.data.machines.map((m) => ({ ...m, current: m.id === here })) };
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
