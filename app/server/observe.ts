/**
 * Turns successful order-changing commands into `orders` events, so every screen (the desktop,
 * tablets, the kitchen view) refreshes the shared order being built without polling. Which
 * commands change orders is declared on each command (`changes: ['orders']`), never guessed.
 */
import type { Api } from '../core/api';
import type { OrdersEventData } from '../shared/events';
import type { AppEvents } from './events';

/** The order id a command's result is about, when it says. */
export function orderIdOf(result: unknown, input: unknown): string | null {
  const pick = (v: unknown, ...keys: string[]): string | null => {
    if (!v || typeof v !== 'object') return null;
    for (const k of keys) {
      const x = (v as Record<string, unknown>)[k];
      if (typeof x === 'string') return x;
    }
    return null;
  };
  const nested = result && typeof result === 'object' ? (result as Record<string, unknown>).order : null;
  return pick(input, 'orderId') ?? pick(nested, 'id') ?? pick(result, 'orderId', 'id');
}

/** Whether a command declares that it changes orders. */
export function changesOrders(api: Pick<Api, 'commands'>, command: string): boolean {
  return Object.hasOwn(api.commands, command) && (api.commands[command]?.changes?.includes('orders') ?? false);
}

export function observeApi(api: Api, events: AppEvents): Api {
  return {
    commands: api.commands,
    db: () => api.db(),
    async call(name, rawInput, session, origin) {
      const r = await api.call(name, rawInput, session, origin);
      if (r.ok && changesOrders(api, name)) events.publish('orders', { id: orderIdOf(r.value, rawInput), command: name } satisfies OrdersEventData);
      return r as never;
    },
  };
}
