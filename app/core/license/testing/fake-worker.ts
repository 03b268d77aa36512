/**
 * A small stand-in for the licensing worker at the HTTP boundary (an axios adapter), for the
 * agent's unit tests where the clock must be steered by the test. It signs real Ed25519
 * licenses in the LICENSING.md format; the integration tests use the real worker instead.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { AxiosError, type AxiosAdapter, type InternalAxiosRequestConfig, type AxiosResponse } from 'axios';
import type { Clock } from '../../clock';

export interface TestKeyPair {
  kid: string;
  privateKey: KeyObject;
  /** SPKI DER, base64: the POSPAL_LICENSE_KEYS format. */
  publicKey: string;
}

export function testKeyPair(kid = 'test-1'): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid, privateKey, publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') };
}

export function signLicense(keys: TestKeyPair, payload: Record<string, unknown>): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const sig = sign(null, Buffer.from(`license/${body}`), keys.privateKey).toString('base64url');
  return JSON.stringify({ alg: 'base64+ed25519', kid: keys.kid, payload: body, sig });
}

type Status = 'active' | 'suspended' | 'cancelled';
interface Reply { status: number; body: unknown; headers?: Record<string, string> }
export interface RecordedRequest { path: string; body: Record<string, unknown> }

export const TEST_EMAIL = 'owner@cafe.example';
export const TEST_TOKEN = 'POS-ABCDE-FGHJK-MNPQR-STVWX';
/** The claim secret the fake's checkout was opened with (instant must present it). */
export const TEST_CLAIM_SECRET = 'c'.repeat(43);

export interface FakeWorker {
  adapter: AxiosAdapter;
  requests: RecordedRequest[];
  /** What the fake "database" says. */
  world: {
    online: boolean;
    /** Session calls fail like a cut network while validate answers (the issue-8 proxy). */
    dropSessions: boolean;
    status: Status;
    token: string;
    /** Another device holds the session (start → SESSION_CONFLICT). */
    otherHolder: { machineName: string; platform: string; lastHeartbeatAt: number } | null;
    /** Our session was ended with this reason (heartbeat → SESSION_ENDED). */
    endedReason: 'taken_over' | 'timed_out' | 'ended' | null;
    /** Instant activation: paid yet? token handed out yet? the checkout's claim secret. */
    paid: boolean;
    tokenClaimed: boolean;
    claimSecret: string;
    /** When set (a checkout the app opened with its own random secret): the secret must hash to it. */
    claimHash: string | null;
    machineLimit: boolean;
    nextCheckInMs: number;
    /** Sign with another key (one the app doesn't trust). */
    signWith: TestKeyPair | null;
  };
  /** Answers queued for the next requests, before the normal behaviour. */
  script: Reply[];
  operations(): string[];
}

export function fakeWorker(keys: TestKeyPair, clock: Clock): FakeWorker {
  const requests: RecordedRequest[] = [];
  const script: Reply[] = [];
  const world: FakeWorker['world'] = {
    online: true, dropSessions: false, status: 'active', token: TEST_TOKEN, otherHolder: null, endedReason: null,
    paid: true, tokenClaimed: false, claimSecret: TEST_CLAIM_SECRET, claimHash: null, machineLimit: false, nextCheckInMs: 30 * 60_000, signWith: null,
  };
  let liveSession: string | null = null;
  /** Like the real worker: only session calls earn the offline grace (10 days from the call). */
  let lastSessionCallAt: number | null = null;
  /** Machines freed through /machines/deactivate: left out of /machines afterwards. */
  const deactivated = new Set<string>();

  /** The grace a validate carries: the last session call's, none if never or taken over. */
  function carriedGrace(now: number): number {
    return lastSessionCallAt === null || world.endedReason === 'taken_over' ? now : lastSessionCallAt + 10 * 24 * 3600_000;
  }
  function sessionState(): 'live' | 'taken_over' | 'none' {
    if (world.endedReason === 'taken_over') return 'taken_over';
    return liveSession && !world.endedReason ? 'live' : 'none';
  }

  function license(fingerprint: string, sessionId?: string): string {
    const now = clock.now();
    return signLicense(world.signWith ?? keys, {
      v: 1, customerId: 'cus-1', status: world.status, plan: 'monthly', machineId: 'mach-1',
      machineFingerprint: fingerprint, issuedAt: now, nextCheckAt: now + world.nextCheckInMs,
      offlineGraceUntil: sessionId ? now + 10 * 24 * 3600_000 : carriedGrace(now), currentPeriodEnd: now + 20 * 24 * 3600_000,
      maxMachines: 3, maxConcurrent: 1, ...(sessionId ? { sessionId } : {}),
    });
  }
  const error = (status: number, code: string, extra: Record<string, unknown> = {}): Reply => ({
    status, body: { success: false, requestId: 'req', error: { code, message: code, retryable: false, ...extra } },
  });
  function answer(fp: string, extra: Record<string, unknown> = {}, status = 200): Reply {
    if (world.status !== 'active') return error(403, 'SUBSCRIPTION_INACTIVE', { subscriptionStatus: world.status, license: license(fp) });
    const now = clock.now();
    const session = extra.session as { id: string } | undefined;
    if (session) lastSessionCallAt = now;
    return {
      status,
      body: {
        success: true, requestId: 'req', serverTime: now,
        validation: { valid: true, status: world.status },
        subscription: { status: world.status, currentPeriodEnd: now + 20 * 24 * 3600_000, cancelAtPeriodEnd: false, plan: 'monthly' },
        machine: { id: 'mach-1', matchedBy: 'fingerprint' },
        caching: { strategy: 'standard', ttlSeconds: world.nextCheckInMs / 1000, nextCheckAt: now + world.nextCheckInMs },
        license: license(fp, session?.id),
        sessionState: session ? 'live' : sessionState(),
        ...extra,
      },
    };
  }
  function newSession(fp: string): Reply {
    liveSession = randomBytes(24).toString('base64url');
    world.endedReason = null;
    return answer(fp, { session: { id: liveSession, heartbeatIntervalSeconds: 60, timeoutSeconds: 120 } }, 201);
  }

  function handle(path: string, body: Record<string, unknown>): Reply {
    const scripted = script.shift();
    if (scripted) return scripted;
    const creds = (body.credentials ?? body) as Record<string, string>;
    const fp = String((body.device as Record<string, unknown> | undefined)?.machineFingerprint ?? '');
    const tokenOk = (creds.email ?? '').toLowerCase() === TEST_EMAIL && creds.token === world.token;
    if (path === '/machines') {
      // This machine (mach-1, as in every license) and one other.
      const seen = clock.now();
      return tokenOk
        ? { status: 200, body: { success: true, requestId: 'req', machines: [
          { id: 'mach-1', name: 'TILL-1', platform: 'linux', appVersion: '0.1.0', createdAt: 1, lastSeenAt: seen },
          { id: 'old-1', name: 'OLD-PC', platform: 'win32', appVersion: '0.0.9', createdAt: 1, lastSeenAt: 2 },
        ].filter((m) => !deactivated.has(m.id)) } }
        : error(401, 'INVALID_CREDENTIALS');
    }
    if (path === '/machines/deactivate') {
      if (tokenOk) deactivated.add(String(creds.machineId));
      return tokenOk
        ? { status: 200, body: { success: true, requestId: 'req', machineId: creds.machineId, deactivationsThisMonth: 1, deactivationsLimit: 10 } }
        : error(401, 'INVALID_CREDENTIALS');
    }
    switch (`${body.operation}/${body.action ?? ''}`) {
      case 'validate/':
        if (!tokenOk) return error(401, 'INVALID_CREDENTIALS');
        if (world.machineLimit) {
          return error(409, 'MACHINE_LIMIT', { machines: [{ id: 'old-1', name: 'OLD-PC', platform: 'win32', lastSeenAt: 1, createdAt: 1 }] });
        }
        return answer(fp);
      case 'instant/':
        // Like the real worker: the claim secret first, then payment, then once only.
        if (world.claimHash ? createHash('sha256').update(creds.claimSecret ?? '').digest('hex') !== world.claimHash : creds.claimSecret !== world.claimSecret) {
          return error(401, 'INVALID_CREDENTIALS');
        }
        if (!world.paid) return error(409, 'CHECKOUT_PENDING');
        if (world.tokenClaimed) return error(410, 'TOKEN_ALREADY_CLAIMED');
        world.tokenClaimed = true;
        return answer(fp, { token: world.token });
      case 'session/start':
        if (!tokenOk) return error(401, 'INVALID_CREDENTIALS');
        if (world.otherHolder) return error(409, 'SESSION_CONFLICT', { holder: world.otherHolder });
        return newSession(fp);
      case 'session/takeover':
        if (!tokenOk) return error(401, 'INVALID_CREDENTIALS');
        world.otherHolder = null;
        return newSession(fp);
      case 'session/heartbeat':
        if (creds.sessionId !== liveSession) return error(404, 'SESSION_NOT_FOUND');
        if (world.endedReason) return error(410, 'SESSION_ENDED', { reason: world.endedReason });
        // Like the real worker: a heartbeat is a check, answered with a fresh signed license.
        return answer(fp, { session: { id: liveSession, heartbeatIntervalSeconds: 60, timeoutSeconds: 120 } });
      case 'session/end':
        liveSession = null;
        return { status: 200, body: { success: true, requestId: 'req', serverTime: clock.now(), session: { id: 'x', ended: true } } };
      default:
        return error(400, 'INVALID_REQUEST');
    }
  }

  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    const path = config.url ?? '';
    const body = (typeof config.data === 'string' ? JSON.parse(config.data) : config.data ?? {}) as Record<string, unknown>;
    requests.push({ path, body });
    const dropped = world.dropSessions && (body.operation === 'session' || path.startsWith('/session/'));
    if (!world.online || dropped) throw new AxiosError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED', config);
    const reply = handle(path, body);
    return { status: reply.status, statusText: String(reply.status), headers: reply.headers ?? {}, config, data: JSON.stringify(reply.body), request: {} };
  };

  return {
    adapter, requests, world, script,
    operations: () => requests.map((r) => r.path === '/validate-unified' ? `${r.body.operation}${r.body.action ? `/${r.body.action}` : ''}` : r.path),
  };
}

/** Timers the test fires by hand, with the test's clock. */
export interface ManualTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Runs every timer due at the clock's current time. */
  fireDue(): number;
  pending(): { due: number }[];
}

export function manualTimers(clock: Clock): ManualTimers {
  let seq = 0;
  const timers = new Map<number, { due: number; fn: () => void }>();
  return {
    setTimeout(fn, ms) {
      seq += 1;
      timers.set(seq, { due: clock.now() + ms, fn });
      return seq;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    fireDue() {
      const due = [...timers.entries()].filter(([, t]) => t.due <= clock.now()).sort((a, b) => a[1].due - b[1].due);
      for (const [id, t] of due) {
        timers.delete(id);
        t.fn();
      }
      return due.length;
    },
    pending: () => [...timers.values()].map((t) => ({ due: t.due })),
  };
}
