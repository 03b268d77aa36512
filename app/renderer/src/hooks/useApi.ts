/** Loads a query through the API with loading and error states, reloadable. Typed by core's registry. */
import { useCallback, useEffect, useState } from 'react';
import { usePos } from '../context';
import { toApiError } from '../api/client';
import type { ApiError, CommandInput, CommandName, CommandResult, InputArgs } from '../api/client';

export interface Query<T> { data: T | undefined; error: ApiError | null; loading: boolean; reload(): void }

/** `command` null: nothing to load yet. The result type is the command's own. */
export function useQuery<N extends CommandName>(command: N | null, input?: CommandInput<N>, deps: unknown[] = []): Query<CommandResult<N>> {
  const { client } = usePos();
  const [tick, setTick] = useState(0);
  // One request per change of the caller's dependency list, with the input of that render: the
  // caller's deps (not the identity of an inline input object) are this hook's contract. Compared
  // while rendering (React's "storing information from previous renders"), not in an effect.
  const key = [client, command, tick, ...deps];
  const [request, setRequest] = useState(() => ({ command, input, key }));
  if (!sameKey(request.key, key)) setRequest({ command, input, key });
  // The last answer and the request it answers: loading until it answers the current one.
  const [settled, setSettled] = useState<{ request: object; data: CommandResult<N> | undefined; error: ApiError | null } | null>(null);
  useEffect(() => {
    if (request.command === null) return;
    let alive = true;
    client.call(request.command, ...([request.input] as InputArgs<N>)).then(
      (data) => { if (alive) setSettled({ request, data, error: null }); },
      (e: unknown) => { if (alive) setSettled((s) => ({ request, data: s?.data, error: toApiError(e) })); },
    );
    return () => { alive = false; };
  }, [client, request]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: settled?.data, error: settled?.error ?? null, loading: command !== null && settled?.request !== request, reload };
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

export interface Action {
  busy: boolean;
  run<N extends CommandName>(command: N, ...input: InputArgs<N>): Promise<CommandResult<N> | undefined>;
}

/** Runs a command from a button: busy flag, errors shown as toasts, result returned. */
export function useAction(): Action {
  const { client, showError } = usePos();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <N extends CommandName>(command: N, ...input: InputArgs<N>): Promise<CommandResult<N> | undefined> => {
    setBusy(true);
    try {
      return await client.call(command, ...input);
    } catch (e) {
      showError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, [client, showError]);
  return { busy, run };
}
