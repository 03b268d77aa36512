/** Loads a query through the API with loading and error states, reloadable. Typed by core's registry. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { usePos } from '../context';
import { toApiError } from '../api/client';
import type { ApiError, CommandInput, CommandName, CommandResult, InputArgs } from '../api/client';

export interface Query<T> { data: T | undefined; error: ApiError | null; loading: boolean; reload(): void }

/** `command` null: nothing to load yet. The result type is the command's own. */
export function useQuery<N extends CommandName>(command: N | null, input?: CommandInput<N>, deps: unknown[] = []): Query<CommandResult<N>> {
  const { client } = usePos();
  const [state, setState] = useState<{ data: CommandResult<N> | undefined; error: ApiError | null; loading: boolean }>({
    data: undefined, error: null, loading: command !== null,
  });
  const [tick, setTick] = useState(0);
  const inputRef = useRef(input);
  inputRef.current = input;
  useEffect(() => {
    if (command === null) return;
    let alive = true;
    setState((s) => ({ ...s, loading: true }));
    client.call(command, ...([inputRef.current] as InputArgs<N>)).then(
      (data) => { if (alive) setState({ data, error: null, loading: false }); },
      (e: unknown) => { if (alive) setState((s) => ({ data: s.data, error: toApiError(e), loading: false })); },
    );
    return () => { alive = false; };
    // The caller's own dependency list is part of this hook's contract (the input is read through a ref).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, command, tick, ...deps]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
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
