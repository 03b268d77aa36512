/**
 * Turns successful order-changing commands into `orders` events, so every screen (the desktop,
 * tablets, the kitchen view) refreshes the shared order being built without polling.
 */
import type { Api } from '../core/api';
import type { AppEvents } from './events';

const ORDER_MODULES = ['order.', 'payment.', 'table.', 'refund.', 'kitchen.', 'split.'];
const READ_VERBS = /\.(get|list|find|search|current|preview|html|summary)/;

export function isOrderChange(command: string): boolean {
  return ORDER_MODULES.some((m) => command.startsWith(m)) && !READ_VERBS.test(command);
}

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

export function observeApi(api: Api, events: AppEvents): Api {
  return {
    commands: api.commands,
    db: () => api.db(),
    async call(name, rawInput, session, origin) {
      const r = await api.call(name, rawInput, session, origin);
      if (r.ok && isOrderChange(name)) events.publish('orders', { id: orderIdOf(r.value, rawInput), command: name });
      return r as never;
    },
  };
}
