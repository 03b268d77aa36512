/**
 * The HTTP transport: `POST /api/call/:command`, `GET /api/events` (server-sent events, read
 * with fetch so the Authorization header can be sent; reconnects by itself), PIN sign-in and
 * LAN pairing.
 */
import type { ApiClient, ApiEventHandler, ApiEventName, Envelope, StaffSession } from './client';
import { typedCall } from './client';
import { ApiError, toApiError, unwrap } from './client';
import { runEventStream } from './sse';

export interface TokenStore {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

const DEVICE_KEY = 'pospal.deviceToken';
const STAFF_KEY = 'pospal.staffSession';

export function browserTokenStore(): TokenStore {
  return {
    get: (key) => { try { return window.localStorage.getItem(key); } catch { return null; } },
    set: (key, value) => {
      try {
        if (value === null) window.localStorage.removeItem(key);
        else window.localStorage.setItem(key, value);
      } catch { /* private mode: keep it in memory only */ }
    },
  };
}

/** Takes `#token=…` from the URL the server printed (like Jupyter), stores it, cleans the URL. */
export function adoptTokenFromLocation(store: TokenStore, loc: Location = window.location): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(loc.hash);
  if (!match?.[1]) return;
  store.set(DEVICE_KEY, decodeURIComponent(match[1]));
  window.history.replaceState(null, '', loc.pathname + loc.search);
}

export interface HttpClientOptions {
  baseUrl?: string;
  store: TokenStore;
  fetchImpl?: typeof fetch;
  reconnectDelayMs?: number;
}

export function createHttpClient(opts: HttpClientOptions): ApiClient {
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const store = opts.store;
  const handlers = new Map<ApiEventName, Set<ApiEventHandler>>();
  let stream: AbortController | null = null;

  function headers(as?: StaffSession): Record<string, string> {
    const h: Record<string, string> = { 'content-type': 'application/json' };
    const device = store.get(DEVICE_KEY);
    if (device) h.authorization = `Bearer ${device}`;
    const staff = as ?? readStaff();
    if (staff) h['x-staff-session'] = staff.token;
    return h;
  }

  function readStaff(): StaffSession | null {
    const raw = store.get(STAFF_KEY);
    if (!raw) return null;
    try { return JSON.parse(raw) as StaffSession; } catch { return null; }
  }

  async function post<T>(path: string, body: unknown, as?: StaffSession): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, { method: 'POST', headers: headers(as), body: JSON.stringify(body ?? {}) });
    } catch (e) {
      throw toApiError(e);
    }
    let envelope: Envelope<T>;
    try {
      envelope = (await res.json()) as Envelope<T>;
    } catch {
      throw new ApiError({ code: 'INVALID_RESPONSE', message: `The app answered ${res.status}` });
    }
    // A device token the server no longer knows (it restarted, or this tablet was removed):
    // every call would answer 401, so the screens say so instead of going stale.
    if (!envelope.ok && envelope.error?.code === 'DEVICE_NOT_PAIRED' && store.get(DEVICE_KEY)) {
      deviceExpiredHandlers.forEach((h) => { try { h(); } catch (e) { console.error(e); } });
    }
    // A staff session the server no longer knows: forget it so the PIN screen comes back.
    if (!as && !envelope.ok && (envelope.error?.code === 'UNAUTHENTICATED' || envelope.error?.code === 'AUTH_REQUIRED')) {
      if (readStaff()) { store.set(STAFF_KEY, null); emit('session', null); }
    }
    return unwrap(envelope);
  }

  const localHandlers = new Map<string, Set<ApiEventHandler>>();
  const deviceExpiredHandlers = new Set<() => void>();
  function emit(name: string, data: unknown): void {
    const set = name === 'session' ? localHandlers.get(name) : handlers.get(name as ApiEventName);
    set?.forEach((h) => { try { h(data); } catch (e) { console.error(e); } });
  }

  function runStream(signal: AbortSignal): Promise<void> {
    // The device token goes in the Authorization header, never in the URL.
    return runEventStream({
      url: `${base}/api/events`,
      headers: () => { const h = headers(); delete h['content-type']; return h; },
      fetchImpl: doFetch,
      signal,
      onEvent: (ev) => emit(ev.event, ev.data),
      ...(opts.reconnectDelayMs !== undefined ? { reconnectDelayMs: opts.reconnectDelayMs } : {}),
    });
  }

  function ensureStream(): void {
    if (stream || !store.get(DEVICE_KEY)) return;
    stream = new AbortController();
    void runStream(stream.signal);
  }

  const client: ApiClient & { onSession(h: ApiEventHandler): () => void } = {
    call: typedCall((command, input) => post(`/api/call/${encodeURIComponent(command)}`, input)),
    on(event, handler) {
      let set = handlers.get(event);
      if (!set) { set = new Set(); handlers.set(event, set); }
      set.add(handler);
      ensureStream();
      return () => {
        set.delete(handler);
        const any = [...handlers.values()].some((s) => s.size > 0);
        if (!any && stream) { stream.abort(); stream = null; }
      };
    },
    onSession(handler) {
      let set = localHandlers.get('session');
      if (!set) { set = new Set(); localHandlers.set('session', set); }
      set.add(handler);
      return () => set.delete(handler);
    },
    callAs: (session, command, ...input) =>
      typedCall((c, i) => post(`/api/call/${encodeURIComponent(c)}`, i, session))(command, ...input),
    verifyPin: (staffId, pin) => post<StaffSession>('/api/auth/pin', { staffId, pin }),
    async signIn(staffId, pin) {
      const session = await post<StaffSession>('/api/auth/pin', { staffId, pin });
      store.set(STAFF_KEY, JSON.stringify(session));
      return session;
    },
    signOut() {
      store.set(STAFF_KEY, null);
    },
    hasDeviceToken: () => Boolean(store.get(DEVICE_KEY)),
    onDeviceExpired(handler) {
      deviceExpiredHandlers.add(handler);
      return () => { deviceExpiredHandlers.delete(handler); };
    },
    forgetDevice() {
      store.set(STAFF_KEY, null);
      store.set(DEVICE_KEY, null);
      stream?.abort();
      stream = null;
    },
    async pair(code, deviceName) {
      const result = await post<{ deviceToken: string }>('/api/pair', { code, deviceName });
      store.set(DEVICE_KEY, result.deviceToken);
      stream?.abort();
      stream = null;
      if ([...handlers.values()].some((s) => s.size > 0)) ensureStream();
    },
  };
  return client;
}

export function storedStaffSession(store: TokenStore): StaffSession | null {
  const raw = store.get(STAFF_KEY);
  if (!raw) return null;
  try { return JSON.parse(raw) as StaffSession; } catch { return null; }
}
