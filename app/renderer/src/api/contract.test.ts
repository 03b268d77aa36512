/**
 * The renderer's client is typed by core's registry. The `@ts-expect-error` lines are the proof:
 * `npx tsc -b` fails if any of them stops being an error (a command name, input or result the
 * client no longer checks). Run-time part: the defaults and event names are core's own.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ApiClient, CommandResult } from './client';
import type { OrderView } from '../../../core/pos/orders/order-view';
import { DEFAULT_SETTINGS } from '../App';
// eslint-disable-next-line no-restricted-imports -- the test compares with core's own defaults
import { DEFAULT_SETTINGS as CORE_DEFAULTS } from '../../../core/pos/settings/settings-schema';
import { APP_EVENT_NAMES } from '../../../shared/events';
import { BRIDGE_EVENTS } from '../../../preload/contract';

/** Never called: only compiled. */
export async function typedCalls(client: ApiClient): Promise<void> {
  const order = await client.call('order.get', { orderId: 'o1' });
  expectTypeOf(order).toEqualTypeOf<OrderView>();
  expectTypeOf<CommandResult<'reports.csv'>>().toHaveProperty('content');
  // @ts-expect-error: no such command (a renamed command breaks its callers)
  await client.call('order.fetch', { orderId: 'o1' });
  // @ts-expect-error: the input is core's zod input (orderId is required)
  await client.call('order.get', {});
  // @ts-expect-error: a wrong field type
  await client.call('order.addLine', { orderId: 'o1', itemId: 'i1', qty: 'two' });
  // @ts-expect-error: the result is core's (an order has no `totalEuros`)
  void order.totalEuros;
  // Inputs whose every field is optional may be left out.
  await client.call('order.listActive');
}

describe('one seam', () => {
  it('the screen starts from core’s default settings (language el, not en)', () => {
    expect(DEFAULT_SETTINGS).toEqual(CORE_DEFAULTS);
    expect(DEFAULT_SETTINGS.language).toBe('el');
  });

  it('the preload and the server announce the same event names', () => {
    expect([...BRIDGE_EVENTS]).toEqual([...APP_EVENT_NAMES]);
  });
});
