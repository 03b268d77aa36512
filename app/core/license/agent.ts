/**
 * The license agent (DESIGN.md "The license agent"): unlocks from the verified cache before any
 * network call, checks online when the license asks, runs the single-device session, and turns
 * every answer into a state the UI can show. It must never lock out a paying customer by
 * mistake: only a verdict from the worker (or the end of the offline allowance, or a clock set
 * back) stops selling; a network failure never does before `offlineGraceUntil`.
 *
 * The decisions are the pure state machine of machine.ts; this file is its runner: the
 * conversations with the worker, verifying and storing signed licenses, timers, listeners.
 */
import { licenseHash, verifyLicenseFile, type DeviceInput } from 'licensing-worker/protocol';
import { systemClock } from '../clock';
import { createLicenseCache, type SubscriptionInfo } from './cache';
import { withHeldLicense, type LicenseRequest, type ValidateAnswer } from './client';
import type { MachineIdentity } from './fingerprint';
import { activationInputSchema, invalidInput } from './inputs';
import { pollInstantActivation } from './instant';
import {
  dueForCheck, initialState, mayHoldSession, mayRunSession, TOKEN_NEEDED, transition,
  type Adopted, type AgentState, type Effect, type MachineEvent, type Operation,
} from './machine';
import { problemFrom } from './problems';
import {
  buildStatus, type ActionResult, type AgentDeps, type AgentEvent, type AgentTestSwitches, type AgentTimers, type LicenseAgent, type LicenseStatus, type Listener,
} from './status';

export type { ActionResult, AgentDeps, AgentTimers, LicenseAgent, LicenseGate, LicenseStatus, MachinesResult, SubscriptionMachine } from './status';

const STOP_DEADLINE_MS = 3000;

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
  let state: AgentState = initialState;
  // Timing of the runner (not license facts): the wake-from-sleep check and the one timer.
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

  /** Feeds an event to the machine and carries out its effects, in order. */
  async function dispatch(event: MachineEvent): Promise<void> {
    const next = transition(state, event);
    state = next.state;
    for (const effect of next.effects) await perform(effect);
  }

  async function perform(effect: Effect): Promise<void> {
    switch (effect.type) {
      case 'persist_session':
        cache.setSession(effect.sessionId, effect.now);
        return;
      case 'note_time':
        cache.noteTime(effect.at);
        return;
      case 'validate':
        await validateOnline();
        return;
    }
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
    const { verdict, session, sessionUnanswered, record, payload, nextCheckAt, holder, problem } = state;
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

  // ---- effects on the signed license: verify for this machine, then store ----

  /** Verifies a signed license from the worker and caches it; null if it doesn't verify here. */
  async function verifyAndStore(text: string, subscription?: SubscriptionInfo): Promise<Adopted | null> {
    const check = await verifyLicenseFile(text, keys.list());
    if (!check.ok || check.payload.machineFingerprint !== identity?.fingerprint) return null;
    const payload = check.payload;
    const sub = subscription ?? {
      status: payload.status, plan: payload.plan, currentPeriodEnd: payload.currentPeriodEnd,
      cancelAtPeriodEnd: state.record?.subscription.cancelAtPeriodEnd ?? false,
    };
    await cache.saveCheck({ licenseFile: text, serverTime: payload.issuedAt, now: clock.now(), subscription: sub, machineId: payload.machineId });
    return { payload, record: await cache.read() };
  }

  /** The answer's license, verified and stored; null without one (e.g. "unchanged") or if it doesn't verify. */
  const adoptFrom = (data: ValidateAnswer): Promise<Adopted | null> =>
    data.license === undefined ? Promise.resolve(null) : verifyAndStore(data.license, subscriptionOf(data));

  /**
   * The hash of the verified license file held here, presented as `heldLicense` so the worker may
   * answer "unchanged" instead of signing a new one. None without a verified license.
   */
  const held = {
    heldLicenseHash: async (): Promise<string | undefined> =>
      state.payload && state.record?.licenseFile ? await licenseHash(state.record.licenseFile) : undefined,
  };

  const subscriptionOf = (data: ValidateAnswer): SubscriptionInfo => {
    const { status: subStatus, plan, currentPeriodEnd, cancelAtPeriodEnd } = data.subscription;
    return { status: subStatus, plan, currentPeriodEnd, cancelAtPeriodEnd };
  };

  // ---- conversations ----

  /** One request; its outcome goes to the machine. True when the worker answered with success. */
  async function converse(operation: Operation, request: LicenseRequest): Promise<boolean> {
    const res = await client.unified(await withHeldLicense(request, held));
    if (res.ok) {
      const adopted = await adoptFrom(res.data);
      await dispatch({ type: 'answer', operation, data: res.data, adopted, now: clock.now() });
      return true;
    }
    const f = res.failure;
    // A suspended or cancelled subscription comes with its signed license: caching it keeps a restart locked.
    const inactive = f.kind === 'rejected' && f.code === 'SUBSCRIPTION_INACTIVE' && typeof f.details.license === 'string'
      ? await verifyAndStore(f.details.license)
      : null;
    await dispatch({ type: 'failure', operation, failure: f, adopted: inactive, now: clock.now() });
    return false;
  }

  /** The cached credentials, or null after telling the machine the token is missing. */
  async function credentials(): Promise<{ email: string; token: string } | null> {
    const record = state.record;
    if (!record) return null;
    if (record.token === null) {
      await dispatch({ type: 'token_missing', now: clock.now() });
      return null;
    }
    return { email: record.email, token: record.token };
  }

  async function validateOnline(): Promise<void> {
    const creds = await credentials();
    if (creds) await converse('validate', { operation: 'validate', credentials: creds, device: device() });
  }

  async function startSession(action: 'start' | 'takeover'): Promise<boolean> {
    const creds = await credentials();
    if (!creds) return false;
    const answered = await converse(action, { operation: 'session', action, credentials: creds, device: device() });
    return answered && state.session === 'live';
  }

  async function heartbeat(): Promise<void> {
    const sessionId = state.sessionId;
    if (!sessionId) return;
    await converse('heartbeat', { operation: 'session', action: 'heartbeat', credentials: { sessionId }, device: device() });
  }

  async function periodicWork(force = false): Promise<LicenseStatus> {
    const now = clock.now();
    // A wall-clock jump far beyond the timer's delay: the machine slept. Check at once.
    const woke = lastTickAt !== undefined && now - lastTickAt > expectedGap + Math.max(30_000, expectedGap);
    lastTickAt = now;
    await dispatch({ type: 'time', now });
    if (dueForCheck(state, now, force, woke)) await validateOnline();
    if (mayRunSession(state, sessionsEnabled)) {
      if (state.session === 'live' && state.sessionId) await heartbeat();
      if (state.session === 'none' || state.session === 'conflict') await startSession('start');
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
    const base = state.heartbeatMs * (0.9 + 0.2 * random());
    const untilCheck = state.nextCheckAt - clock.now();
    // Without a session we only need to wake for the next check (and for grace/clock rules).
    return Math.max(1000, state.session === 'live' ? base : Math.min(base, Math.max(untilCheck, 1000)));
  }

  async function loadFromCache(): Promise<void> {
    const fingerprint = identity?.fingerprint;
    const cached = fingerprint ? await cache.readVerified(keys, fingerprint) : { kind: 'none' as const };
    await dispatch({ type: 'loaded', cached, now: clock.now(), sessionsEnabled });
  }

  async function activateWith(email: string, token: string, answer?: ValidateAnswer): Promise<ActionResult> {
    const now = clock.now();
    let data = answer;
    if (!data) {
      const res = await client.unified({ operation: 'validate', credentials: { email, token }, device: device() });
      if (!res.ok) {
        const error = problemFrom(res.failure);
        // A failed activation doesn't disturb a license that is already working here.
        await dispatch({ type: 'problem', problem: error });
        return { ok: false, error, status: publish() };
      }
      data = res.data;
    }
    const previous = state.record;
    await cache.saveCredentials(email, token, now);
    await dispatch({ type: 'credentials_saved', record: await cache.read() });
    const adopted = await adoptFrom(data);
    await dispatch({ type: 'answer', operation: 'activate', data, adopted, now: clock.now() });
    if (!adopted) {
      // Keep the old credentials if the new answer is unusable.
      if (previous) await cache.saveCredentials(previous.email, previous.token, now);
      else await cache.clear();
      await loadFromCache();
      const error = state.problem ?? { code: 'LICENSE_UNVERIFIED' as const, message: 'License could not be verified' };
      return { ok: false, error, status: publish() };
    }
    await dispatch({ type: 'activated', emailChanged: previous !== undefined && previous.email.toLowerCase() !== email.toLowerCase() });
    if (mayHoldSession(state) && sessionsEnabled) await startSession('start');
    schedule(nextDelay());
    return { ok: true, status: publish() };
  }

  const notActivated = { code: 'NOT_ACTIVATED' as const, message: 'This computer is not activated' };

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

    startTrial(trial) {
      return serial(async () => {
        const input = activationInputSchema.pick({ email: true }).safeParse({ email: trial.email });
        if (!input.success) return { ok: false, error: invalidInput(input.error), status: publish() };
        const res = await client.startTrial({ ...trial, email: input.data.email, device: device() });
        if (!res.ok) {
          const error = problemFrom(res.failure);
          await dispatch({ type: 'problem', problem: error });
          return { ok: false, error, status: publish() };
        }
        // Like instant activation: the answer carries the token and the signed trial license.
        return activateWith(input.data.email, res.data.token, res.data);
      });
    },

    takeOver() {
      return serial(async () => {
        if (!state.record) return { ok: false, error: { code: 'NOT_ACTIVATED', message: 'Activate this computer first' }, status: publish() };
        const ok = await startSession('takeover');
        schedule(nextDelay());
        return ok ? { ok: true, status: publish() } : { ok: false, error: state.problem ?? { code: 'OFFLINE', message: 'Takeover failed' }, status: publish() };
      });
    },

    deactivate() {
      return serial(async () => {
        const record = state.record;
        const machineId = state.payload?.machineId ?? record?.machineId;
        if (!record || !machineId) return { ok: false, error: notActivated, status: publish() };
        if (record.token === null) return { ok: false, error: TOKEN_NEEDED, status: publish() };
        const res = await client.deactivateMachine({ email: record.email, token: record.token, machineId });
        if (!res.ok) return { ok: false, error: problemFrom(res.failure), status: publish() };
        // Also the running app's session when the support CLI deactivates (it has no session of its own).
        const liveSession = state.sessionId ?? record.sessionId;
        if (liveSession) await client.endSession(liveSession);
        await cache.clear();
        await loadFromCache();
        await dispatch({ type: 'problem', problem: null });
        return { ok: true, status: publish() };
      });
    },

    deactivateMachine(email, token, machineId) {
      return serial(async () => {
        const input = activationInputSchema.safeParse({ email, token });
        if (!input.success) return { ok: false, error: invalidInput(input.error), status: publish() };
        const res = await client.deactivateMachine({ ...input.data, machineId });
        if (!res.ok) return { ok: false, error: problemFrom(res.failure), status: publish() };
        await dispatch({ type: 'machine_freed' });
        return { ok: true, status: publish() };
      });
    },

    listMachines() {
      return serial(async () => {
        const record = state.record;
        if (!record) return { ok: false as const, error: notActivated };
        if (record.token === null) return { ok: false as const, error: TOKEN_NEEDED };
        const res = await client.listMachines({ email: record.email, token: record.token });
        if (!res.ok) return { ok: false as const, error: problemFrom(res.failure) };
        const here = state.payload?.machineId ?? record.machineId;
        return { ok: true as const, machines: res.data.machines.map((m) => ({ ...m, current: m.id === here })) };
      });
    },

    async stop() {
      running = false;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      const end = serial(async () => {
        const id = state.sessionId;
        if (!id) return;
        await client.endSession(id);
        await dispatch({ type: 'session_closed', now: clock.now() });
      });
      // Quitting never hangs on a dead network: the worker times the session out anyway.
      await Promise.race([end, new Promise<void>((r) => { const t = setTimeout(r, STOP_DEADLINE_MS); t.unref?.(); })]);
    },
  };
}
