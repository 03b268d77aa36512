/**
 * The cash drawer: it hangs from a printer (settings: `cashDrawer`) and opens on an ESC p pulse.
 * Each event that moves cash (a cash payment, cash in/out, a manager's "No sale") queues one
 * kick on that printer, keyed by the event, so a retried request never opens it twice. Card-only
 * sales never call this.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/connection';
import { CODE_PAGES, EscPosBuilder } from '../pos/receipts/escpos';
import type { PrinterSettings, ShopSettings } from '../pos/settings/settings-schema';
import { enqueuePrintJob, type PrintJobView } from './print-queue';

export function drawerPrinter(settings: ShopSettings): PrinterSettings | undefined {
  return settings.printers.find((p) => p.enabled && p.cashDrawer === true);
}

/** The whole job: the pulse only (no reset, no paper), so it never disturbs a receipt being printed. */
export function drawerKickBytes(printer: Pick<PrinterSettings, 'codePage'>): Buffer {
  return new EscPosBuilder(printer.codePage in CODE_PAGES ? printer.codePage : 'cp737').drawerKick().bytes();
}

/** Queues one kick for `event` (e.g. `payment:<id>`); null when no printer has the drawer. */
export function kickCashDrawer(db: Db, clock: Clock, settings: ShopSettings, event: { key: string; description: string }): PrintJobView | null {
  const printer = drawerPrinter(settings);
  if (!printer) return null;
  return enqueuePrintJob(db, clock, {
    printerId: printer.id,
    kind: 'drawer',
    ref: event.key,
    description: event.description,
    payload: drawerKickBytes(printer),
    idempotencyKey: `drawer:${event.key}`,
  }).job;
}
