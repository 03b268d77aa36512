/**
 * The order being built on this screen. Every change goes to core (the draft lives in the
 * database so any device can continue it); a tapped item shows up at once as a pending line and
 * is replaced by core's answer, so the cashier never waits on the network to see the tap.
 * Changes run one after another, so fast taps before the draft exists make one draft.
 * A repeated tap of the same plain item (`stack`) shows at once as one more on the last line;
 * core decides (`addToLast`) and may still answer with a new line (e.g. the last one was sent).
 */
import type { ApiClient, CommandInput, InputArgs } from '../api/client';
import type { OrderEditName } from '../../../core/api/contract';
import { toApiError } from '../api/client';
import type { ApiError } from '../api/client';
import type { CatalogItem, DiscountRequest, LineOption, Order, OrderLine } from '../api/shapes';

export interface AddLineRequest {
  item: CatalogItem;
  quantity?: number;
  options?: LineOption[];
  note?: string | null;
  /** A plain tap or scan: one more on the last line when it is the same plain item. */
  stack?: boolean;
}

/** A tap counted on a line before core has answered; `ref.id` follows a pending line to core's id. */
interface Bump { ref: { id: string }; qty: number; cents: number }

export interface TicketSnapshot {
  order: Order | null;
  lines: OrderLine[];
  pendingCount: number;
  error: ApiError | null;
}

const EMPTY: TicketSnapshot = { order: null, lines: [], pendingCount: 0, error: null };

let pendingSeq = 0;
const MAX_LINE_QTY = 999;

export class TicketStore {
  private snapshot: TicketSnapshot = EMPTY;
  private order: Order | null = null;
  private pending: OrderLine[] = [];
  private bumps: Bump[] = [];
  private error: ApiError | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private listeners = new Set<() => void>();

  constructor(private readonly client: ApiClient, private readonly tableId: string | null = null) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  };

  getSnapshot = (): TicketSnapshot => this.snapshot;

  get current(): Order | null { return this.order; }

  private publish(): void {
    const active = this.order ? this.order.lines.filter((l) => l.status === 'active') : [];
    const lines = [...active, ...this.pending].map((l) => this.withBumps(l));
    this.snapshot = { order: this.order, lines, pendingCount: this.pending.length + this.bumps.length, error: this.error };
    this.listeners.forEach((l) => l());
  }

  private withBumps(line: OrderLine): OrderLine {
    const mine = this.bumps.filter((b) => b.ref.id === line.id);
    if (mine.length === 0) return line;
    const qty = mine.reduce((a, b) => a + b.qty, 0);
    const cents = mine.reduce((a, b) => a + b.cents, 0);
    return {
      ...line, qty: line.qty + qty, grossCents: line.grossCents + cents, netCents: line.netCents + cents,
      totalCents: line.totalCents + cents, pendingCents: (line.pendingCents ?? 0) + cents,
    };
  }

  /** The line a plain tap would go onto in core (its last line, the same plain item and price). */
  private stackTarget(req: AddLineRequest, unit: number, quantity: number): string | null {
    const last = this.snapshot.lines.at(-1);
    if (!last || last.itemId !== req.item.id || last.options.length > 0 || last.note || last.discount) return null;
    return last.unitPriceCents === unit && last.qty + quantity <= MAX_LINE_QTY ? last.id : null;
  }

  /** Queues a change; failures land in `error` (and are rethrown to the caller's promise). */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private setOrder(order: Order | null): void {
    this.order = order;
    this.error = null;
    this.publish();
  }

  private fail(e: unknown): never {
    this.error = toApiError(e);
    this.publish();
    throw this.error;
  }

  clearError(): void { this.error = null; this.publish(); }

  async load(orderId: string): Promise<void> {
    await this.enqueue(async () => {
      try { this.setOrder(await this.client.call('order.get', { orderId })); } catch (e) { this.fail(e); }
    });
  }

  /** Whether the current order can still take lines (a paid or voided one starts a new one). */
  private static editable(order: Order): boolean {
    return order.status === 'draft' || order.status === 'open';
  }

  /** Forgets the finished order (after payment) so the next tap starts a new one. */
  reset(): void {
    this.order = null;
    this.pending = [];
    this.bumps = [];
    this.error = null;
    this.publish();
  }

  private async ensureOrder(): Promise<Order> {
    if (this.order && TicketStore.editable(this.order)) return this.order;
    const order = this.tableId
      ? await this.client.call('table.open', { tableId: this.tableId })
      : await this.client.call('order.create', {});
    this.order = order;
    return order;
  }

  add(req: AddLineRequest): Promise<Order> {
    const options = req.options ?? [];
    const quantity = req.quantity ?? 1;
    const unit = req.item.priceCents + options.reduce((s, o) => s + o.priceDeltaCents, 0);
    const gross = unit * quantity;
    const plain = Boolean(req.stack) && options.length === 0 && !req.note;
    const target = plain ? this.stackTarget(req, unit, quantity) : null;
    if (target) return this.addToLine(req, target, quantity, gross);
    const line: OrderLine = {
      id: `pending-${++pendingSeq}`, position: Number.MAX_SAFE_INTEGER, itemId: req.item.id, categoryId: req.item.categoryId,
      name: req.item.name, unitPriceCents: unit, qty: quantity, taxRateBp: req.item.taxRateBp, note: req.note ?? '',
      status: 'active', voidReason: null, options, discount: null,
      grossCents: gross, discountCents: 0, netCents: gross, taxCents: 0, totalCents: gross, pending: true, pendingCents: gross,
    };
    this.pending = [...this.pending, line];
    this.publish();
    return this.enqueue(async () => {
      try {
        const order = await this.ensureOrder();
        const next = await this.client.call('order.addLine', {
          orderId: order.id, itemId: req.item.id, qty: quantity,
          optionIds: options.map((o) => o.optionId).filter((id): id is string => id !== null),
          note: req.note ?? '', addToLast: plain,
        });
        this.pending = this.pending.filter((p) => p.id !== line.id);
        // Taps already counted on this pending line now belong to core's line.
        const made = next.lines.filter((l) => l.status === 'active').at(-1);
        if (made) this.bumps.forEach((b) => { if (b.ref.id === line.id) b.ref.id = made.id; });
        this.setOrder(next);
        return next;
      } catch (e) {
        this.pending = this.pending.filter((p) => p.id !== line.id);
        return this.fail(e);
      }
    });
  }

  private addToLine(req: AddLineRequest, lineId: string, quantity: number, cents: number): Promise<Order> {
    const bump: Bump = { ref: { id: lineId }, qty: quantity, cents };
    this.bumps = [...this.bumps, bump];
    this.publish();
    const done = () => { this.bumps = this.bumps.filter((b) => b !== bump); };
    return this.enqueue(async () => {
      try {
        const order = await this.ensureOrder();
        const next = await this.client.call('order.addLine', { orderId: order.id, itemId: req.item.id, qty: quantity, optionIds: [], note: '', addToLast: true });
        done();
        this.setOrder(next);
        return next;
      } catch (e) {
        done();
        return this.fail(e);
      }
    });
  }

  private mutate<N extends OrderEditName>(command: N, input: Omit<CommandInput<N>, 'orderId'>): Promise<Order> {
    return this.enqueue(async () => {
      const order = this.order;
      if (!order) return this.fail({ code: 'ORDER_NOT_FOUND', message: 'No order' });
      try {
        const next: Order = await this.client.call(command, ...([{ ...input, orderId: order.id }] as InputArgs<N>));
        this.setOrder(next);
        return next;
      } catch (e) { return this.fail(e); }
    });
  }

  setQuantity(lineId: string, quantity: number): Promise<Order> {
    if (quantity <= 0) return this.removeLine(lineId);
    return this.mutate('order.updateLine', { lineId, qty: quantity });
  }

  updateLine(lineId: string, patch: { qty?: number; note?: string }): Promise<Order> {
    return this.mutate('order.updateLine', { lineId, ...patch });
  }

  /** Once sent to the kitchen, removing is a void: core wants a reason and `order.void`. */
  removeLine(lineId: string, reason?: string): Promise<Order> {
    return this.mutate('order.removeLine', { lineId, ...(reason ? { reason } : {}) });
  }

  setLineDiscount(lineId: string, req: DiscountRequest): Promise<Order> {
    return this.mutate('order.setDiscount', { lineId, discount: req.discount, ...(req.reason ? { reason: req.reason } : {}) });
  }

  setOrderDiscount(req: DiscountRequest): Promise<Order> {
    return this.mutate('order.setDiscount', { discount: req.discount, ...(req.reason ? { reason: req.reason } : {}) });
  }

  setComment(comment: string): Promise<Order> {
    return this.mutate('order.setDetails', { comment });
  }

  /** Called when core says the order changed elsewhere (another device). */
  refreshIfCurrent(orderId: string): void {
    if (this.order?.id === orderId && this.pending.length === 0) void this.load(orderId).catch(() => undefined);
  }

  /** Replaces the order with core's answer to another command (payment, kitchen). */
  replace(order: Order): void { this.setOrder(order); }
}
