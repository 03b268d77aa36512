// @vitest-environment node
/**
 * Issue 11 (6, 1): "Sent" means the printer took the bytes. Against a real shop with a real
 * print queue: a live kitchen printer → "Sent" only after it printed; a dead one → a warning
 * naming it, with Retry and "Print elsewhere" (which prints on the other printer). A void after
 * sending reaches the kitchen by itself.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createCoreTestShop } from '../testing/core-shop';
import type { TestShop } from '../testing/core-shop';
import { createDirectClient, type DirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
// eslint-disable-next-line no-restricted-imports -- the real print queue and settings of the real shop (no mocks)
import { PrintQueue } from '../../../core/print/print-queue';
// eslint-disable-next-line no-restricted-imports -- see above
import { getSettings } from '../../../core/pos/settings/settings-store';
import { OrderScreen } from './OrderScreen';

interface LivePrinter { server: Server; port: number; jobs: Buffer[] }
async function livePrinter(): Promise<LivePrinter> {
  const jobs: Buffer[] = [];
  const server = createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => { jobs.push(Buffer.concat(chunks)); socket.end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, jobs };
}

let shop: TestShop;
let client: DirectClient;
let live: LivePrinter;
let deadPort: number;
let queue: PrintQueue;

beforeEach(async () => {
  shop = await createCoreTestShop();
  client = createDirectClient(shop.api, shop.cashier);
  live = await livePrinter();
  const dead = await livePrinter();
  deadPort = dead.port;
  await new Promise<void>((r) => dead.server.close(() => r()));
  // The queue tells screens about each attempt, as the server does with SSE.
  queue = new PrintQueue({ db: () => shop.db, clock: shop.clock, settings: () => getSettings(shop.db), onJobUpdate: (job) => client.emit('print', job) });
});
afterEach(() => { cleanup(); live.server.close(); shop.cleanup(); window.localStorage.clear(); });

async function printers(kitchenPort: number) {
  const p = (id: string, name: string, port: number, station: string) => ({ id, name, host: '127.0.0.1', port, paper: 80, codePage: 'cp737', station, enabled: true });
  await shop.ok('settings.update', { language: 'en', printers: [p('kitchen', 'Kitchen printer', kitchenPort, 'kitchen'), p('bar', 'Bar printer', live.port, 'bar')] }, shop.owner);
}

async function sendToast() {
  const view = renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
  const tile = await waitFor(() => {
    const found = screen.getAllByTestId('item-tile').find((el) => el.textContent?.includes('Toast'));
    if (!found) throw new Error('no tile');
    return found;
  });
  fireEvent.click(tile);
  await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('2.90'));
  fireEvent.click(screen.getByTestId('send-kitchen'));
  await screen.findByTestId('send-status');
  return view;
}

const pass = () => act(async () => { await queue.processDue(); });

describe('Send tells the truth about the printer', () => {
  it('says "Sent" only once the kitchen printer took the ticket', async () => {
    await printers(live.port);
    const { toasts } = await sendToast();
    expect(toasts.some((t) => t.text === 'Sent to the kitchen.')).toBe(false);
    await pass();
    await waitFor(() => expect(toasts.some((t) => t.text === 'Sent to the kitchen.')).toBe(true));
    expect(screen.queryByTestId('send-status')).toBeNull();
    await waitFor(() => expect(live.jobs).toHaveLength(1));
  });

  it('a dead kitchen printer turns it into a warning naming the printer; retry, then print elsewhere', async () => {
    await printers(deadPort);
    const { toasts } = await sendToast();
    await pass();
    const warning = await screen.findByTestId('send-warning');
    await waitFor(() => expect(warning.textContent).toContain('Kitchen printer has not printed the ticket yet.'));
    expect(warning.textContent).toContain('The printer is not answering');
    expect(toasts.some((t) => t.text === 'Sent to the kitchen.')).toBe(false);
    fireEvent.click(within(warning).getByTestId('send-retry'));
    await pass();
    expect(screen.getByTestId('send-warning')).toBeTruthy();
    expect((within(warning).getByTestId('send-elsewhere-printer') as HTMLSelectElement).value).toBe('bar');
    fireEvent.click(within(warning).getByTestId('send-elsewhere'));
    await waitFor(async () => {
      await queue.processDue();
      expect(toasts.some((t) => t.text === 'Sent to the kitchen.')).toBe(true);
    });
    await waitFor(() => expect(live.jobs.map((j) => j.toString('latin1')).join('')).toContain('1 x Toast'));
  });

  it('paying a counter order that was never sent sends it, and the pay sheet says when the kitchen printed it', async () => {
    await printers(live.port);
    renderWithPos(<OrderScreen />, { client, staff: shop.cashier });
    const tile = await waitFor(() => {
      const found = screen.getAllByTestId('item-tile').find((el) => el.textContent?.includes('Toast'));
      if (!found) throw new Error('no tile');
      return found;
    });
    fireEvent.click(tile);
    await waitFor(() => expect(screen.getByTestId('total').textContent).toContain('2.90'));
    fireEvent.click(screen.getByTestId('pay'));
    fireEvent.click(within(await screen.findByTestId('pay-sheet')).getByTestId('pay-card'));
    const done = await screen.findByTestId('pay-done');
    expect(within(done).getByTestId('send-status').textContent).toBe('Sending to the printers…');
    await pass();
    await within(done).findByTestId('pay-kitchen-sent');
    await waitFor(() => expect(live.jobs.map((j) => j.toString('latin1')).join('')).toContain('1 x Toast'));
  });

  it('voiding a sent line on the screen sends the VOID ticket to the kitchen by itself', async () => {
    await printers(live.port);
    await sendToast();
    await pass();
    await waitFor(() => expect(live.jobs).toHaveLength(1));
    fireEvent.click(within(screen.getAllByTestId('ticket-line')[0]!).getByText('Toast'));
    const sheet = await screen.findByTestId('line-sheet');
    fireEvent.change(within(sheet).getByTestId('line-void-reason'), { target: { value: 'guest left' } });
    fireEvent.click(within(sheet).getByTestId('line-remove'));
    const approval = await screen.findByTestId('manager-approval');
    fireEvent.click(within(approval).getAllByTestId('approval-manager').find((b) => b.textContent?.includes('Manos'))!);
    for (const d of '2222') fireEvent.click(within(approval).getByTestId(`pin-key-${d}`));
    fireEvent.click(within(approval).getByTestId('pin-submit'));
    await waitFor(() => expect(screen.queryAllByTestId('ticket-line')).toHaveLength(0));
    // No second Send: the void itself queued the ticket.
    await pass();
    await waitFor(() => expect(live.jobs).toHaveLength(2));
    const text = live.jobs[1]!.toString('latin1');
    expect(text).toContain('*** VOID ***');
    expect(text).toContain('VOID 1 x Toast');
  });
});
