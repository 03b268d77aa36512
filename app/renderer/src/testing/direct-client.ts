/**
 * For component tests: an ApiClient that calls the real core API in-process (same envelope
 * rules as the transports), signed in as a given staff member. No mock of our own code: the
 * screens talk to a real SQLite shop.
 */
import type { Api, CallOrigin, SessionStaff } from '../../../core/api';
import type { ApiClient, ApiEventHandler, ApiEventName, StaffSession } from '../api/client';
import { ApiError, typedCall } from '../api/client';

export interface DirectClient extends ApiClient {
  /** Pushes a live event as the server would (SSE). */
  emit(event: ApiEventName, data: unknown): void;
  calls: string[];
}

/** `origin`: call as the shop's main computer (`{ mainComputer: true }`) or, by default, as a caller that doesn't say. */
export function createDirectClient(
  api: Api, staff: SessionStaff | null, extra: Record<string, (input: unknown) => unknown> = {}, origin?: CallOrigin,
): DirectClient {
  const handlers = new Map<ApiEventName, Set<ApiEventHandler>>();
  const calls: string[] = [];
  let session = staff;
  const run = async (command: string, input: unknown, as: SessionStaff | null): Promise<unknown> => {
    calls.push(command);
    const own = extra[command];
    if (own) return await own(input);
    const r = await api.call(command, input ?? {}, as, origin);
    if (!r.ok) throw new ApiError(r.error);
    return r.value;
  };
  const login = async (staffId: string, pin: string): Promise<StaffSession> => {
    const s = (await run('staff.login', { staffId, pin }, null)) as SessionStaff;
    return { token: `direct-${s.id}`, staff: s };
  };
  return {
    calls,
    call: typedCall((command, input) => run(command, input, session)),
    callAs: (as, command, ...input) => typedCall((c, i) => run(c, i, as.staff))(command, ...input),
    on(event, handler) {
      let set = handlers.get(event);
      if (!set) { set = new Set(); handlers.set(event, set); }
      set.add(handler);
      return () => { set.delete(handler); };
    },
    emit(event, data) { handlers.get(event)?.forEach((h) => h(data)); },
    async signIn(staffId, pin) { const s = await login(staffId, pin); session = s.staff; return s; },
    verifyPin: login,
    signOut() { session = null; },
    hasDeviceToken: () => true,
    pair: async () => undefined,
  };
}
