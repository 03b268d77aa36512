/**
 * The one HTTP client for the licensing worker (axios): the agent's validation and sessions,
 * the seat list, the account endpoints (checkout, billing portal, token recovery), the QR menu
 * (publish, unpublish) and the plan's price. 5 s
 * timeout; one retry policy: exponential backoff and jitter for network errors, 5xx and 429
 * (honouring Retry-After), never for other 4xx, whose error body is the answer. Requests and
 * answers are typed and validated with the worker's own protocol schemas; failures are values
 * of one type (`WorkerFailure`), not throws.
 */
import axios, { type AxiosAdapter, type AxiosInstance, type AxiosResponse } from 'axios';
import { fetchAdapter } from './fetch-adapter';
import { z } from 'zod';
import {
  checkoutResponseSchema, deactivateMachineResponseSchema, errorBodySchema, listMachinesResponseSchema, portalResponseSchema,
  pricingResponseSchema, publishMenuResponseSchema, recoverResponseSchema, sessionEndedSuccessSchema, trialStartResponseSchema,
  trialTermsResponseSchema, unpublishMenuResponseSchema, validateSuccessSchema,
  type CheckoutRequest, type PortalRequest, type PublishMenuRequest, type TrialStartRequest, type UnpublishMenuRequest, type ValidateUnifiedRequest,
} from 'licensing-worker/protocol';

export type ValidateAnswer = z.infer<typeof validateSuccessSchema>;
export type SessionEndedAnswer = z.infer<typeof sessionEndedSuccessSchema>;
export type DeactivateAnswer = z.infer<typeof deactivateMachineResponseSchema>;
export type MachinesAnswer = z.infer<typeof listMachinesResponseSchema>;
export type CheckoutAnswer = z.infer<typeof checkoutResponseSchema>;
export type PortalAnswer = z.infer<typeof portalResponseSchema>;
export type RecoverAnswer = z.infer<typeof recoverResponseSchema>;
export type PublishMenuAnswer = z.infer<typeof publishMenuResponseSchema>;
export type UnpublishMenuAnswer = z.infer<typeof unpublishMenuResponseSchema>;
export type PricingAnswer = z.infer<typeof pricingResponseSchema>;
export type TrialStartAnswer = z.infer<typeof trialStartResponseSchema>;
export type TrialTermsAnswer = z.infer<typeof trialTermsResponseSchema>;
/** Every request of /validate-unified except ending a session (which has its own answer). */
export type LicenseRequest = Exclude<ValidateUnifiedRequest, { action: 'end' }>;

export type WorkerFailure =
  /** No usable answer after the retries: offline, timeout, 5xx, rate limited. Never a verdict. */
  | { kind: 'unreachable'; message: string; status?: number }
  /** The worker answered with an error code (4xx): a verdict about these credentials/session. */
  | { kind: 'rejected'; status: number; code: string; message: string; details: Record<string, unknown> }
  /** The answer didn't match the protocol (wrong URL, version skew): treated like unreachable. */
  | { kind: 'protocol'; status: number; message: string };

export type WorkerResult<T> = { ok: true; status: number; data: T } | { ok: false; failure: WorkerFailure };

export interface LicenseClientOptions {
  baseUrl: string;
  /** axios adapter (tests count requests or cut the network with it). Default: axios's http adapter. */
  adapter?: AxiosAdapter;
  /** A fetch to send with instead (axios's fetch adapter): tests answer with a real worker's fetch. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest Retry-After we will wait; beyond it the call gives up as unreachable. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface LicenseClient {
  unified(request: LicenseRequest): Promise<WorkerResult<ValidateAnswer>>;
  endSession(sessionId: string): Promise<WorkerResult<SessionEndedAnswer>>;
  deactivateMachine(input: { email: string; token: string; machineId: string }): Promise<WorkerResult<DeactivateAnswer>>;
  listMachines(input: { email: string; token: string }): Promise<WorkerResult<MachinesAnswer>>;
  /** Starts a checkout; `claimHash` is the SHA-256 hex of the claim secret the app keeps (claim.ts). */
  checkout(input: CheckoutRequest): Promise<WorkerResult<CheckoutAnswer>>;
  portal(input: PortalRequest): Promise<WorkerResult<PortalAnswer>>;
  recover(input: { email: string }): Promise<WorkerResult<RecoverAnswer>>;
  /** The QR menu: publishing it again under the same slug replaces it (safe to retry). */
  publishMenu(input: PublishMenuRequest): Promise<WorkerResult<PublishMenuAnswer>>;
  unpublishMenu(input: UnpublishMenuRequest): Promise<WorkerResult<UnpublishMenuAnswer>>;
  /** GET /pricing: public, no credentials. */
  pricing(): Promise<WorkerResult<PricingAnswer>>;
  /** A free trial for this computer (issue 13): the machine-bound token and a signed trial license. */
  startTrial(input: TrialStartRequest): Promise<WorkerResult<TrialStartAnswer>>;
  /** Whether trials are offered and how long one runs (the worker's configuration). */
  trialTerms(): Promise<WorkerResult<TrialTermsAnswer>>;
}

/**
 * A validate or heartbeat presents the hash of the license held here (`heldLicense`), so the
 * worker may answer `licenseUnchanged` instead of signing a new one; other requests go as they are.
 */
export async function withHeldLicense(request: LicenseRequest, held: { heldLicenseHash(): Promise<string | undefined> }): Promise<LicenseRequest> {
  const presents = request.operation === 'validate' || (request.operation === 'session' && request.action === 'heartbeat');
  if (!presents) return request;
  const hash = await held.heldLicenseHash();
  return hash ? { ...request, heldLicense: hash } : request;
}

/** If a newer worker sends a code or detail our schema doesn't know, the code still counts. */
const minimalErrorSchema = z.object({ error: z.looseObject({ code: z.string(), message: z.string() }) });

export function createLicenseClient(options: LicenseClientOptions): LicenseClient {
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl,
    timeout: options.timeoutMs ?? 5000,
    adapter: options.adapter ?? (options.fetch ? fetchAdapter(options.fetch) : 'http'),
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    validateStatus: () => true,
    // Never follow a redirect elsewhere with credentials in the body.
    maxRedirects: 0,
  });
  const maxRetries = options.maxRetries ?? 3;
  const baseDelay = options.baseDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 8000;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;

  const post = <S extends z.ZodType>(path: string, body: unknown, schema: S) => send(path, body, schema);
  const get = <S extends z.ZodType>(path: string, schema: S) => send(path, undefined, schema);

  /** POST with a body, GET without one. */
  async function send<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<WorkerResult<z.infer<S>>> {
    for (let attempt = 0; ; attempt++) {
      let res: AxiosResponse<unknown> | undefined;
      let networkMessage = '';
      try {
        res = body === undefined ? await http.get(path) : await http.post(path, body);
      } catch (e) {
        networkMessage = axios.isAxiosError(e) ? `${e.code ?? 'NETWORK'}: ${e.message}` : 'network error';
      }
      const retryable = res === undefined || res.status >= 500 || res.status === 429;
      if (!retryable && res) return interpret(res, schema);
      if (attempt >= maxRetries) {
        return { ok: false, failure: { kind: 'unreachable', message: res ? `HTTP ${res.status}` : networkMessage, ...(res ? { status: res.status } : {}) } };
      }
      // Equal jitter: half the exponential step is fixed, half random, so shops spread out.
      const step = Math.min(maxDelay, baseDelay * 2 ** attempt);
      let wait = step / 2 + random() * (step / 2);
      const retryAfter = res ? retryAfterMs(res.headers['retry-after']) : undefined;
      if (retryAfter !== undefined) {
        if (retryAfter > maxRetryAfter) {
          return { ok: false, failure: { kind: 'unreachable', message: `HTTP ${res?.status}: retry after ${retryAfter} ms`, status: res?.status ?? 429 } };
        }
        wait = Math.max(wait, retryAfter);
      }
      await sleep(wait);
    }
  }

  return {
    unified: (request) => post('/validate-unified', request, validateSuccessSchema),
    endSession: (sessionId) =>
      post('/validate-unified', { operation: 'session', action: 'end', credentials: { sessionId } }, sessionEndedSuccessSchema),
    deactivateMachine: (input) => post('/machines/deactivate', input, deactivateMachineResponseSchema),
    listMachines: (input) => post('/machines', input, listMachinesResponseSchema),
    checkout: (input) => post('/checkout', input, checkoutResponseSchema),
    portal: (input) => post('/portal', input, portalResponseSchema),
    recover: (input) => post('/recover', input, recoverResponseSchema),
    publishMenu: (input) => post('/menu/publish', input, publishMenuResponseSchema),
    unpublishMenu: (input) => post('/menu/unpublish', input, unpublishMenuResponseSchema),
    pricing: () => get('/pricing', pricingResponseSchema),
    startTrial: (input) => post('/trial/start', input, trialStartResponseSchema),
    trialTerms: () => get('/trial/terms', trialTermsResponseSchema),
  };
}

function interpret<S extends z.ZodType>(res: AxiosResponse<unknown>, schema: S): WorkerResult<z.infer<S>> {
  if (res.status >= 200 && res.status < 300) {
    const parsed = schema.safeParse(res.data);
    return parsed.success
      ? { ok: true, status: res.status, data: parsed.data }
      : { ok: false, failure: { kind: 'protocol', status: res.status, message: 'unexpected answer shape' } };
  }
  const strict = errorBodySchema.safeParse(res.data);
  const err = strict.success ? strict.data : minimalErrorSchema.safeParse(res.data).data;
  if (!err) {
    return { ok: false, failure: { kind: 'protocol', status: res.status, message: `HTTP ${res.status} without an error body` } };
  }
  const { code, message, ...details } = err.error;
  return { ok: false, failure: { kind: 'rejected', status: res.status, code, message, details } };
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const s = header.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
