/**
 * The home: categories, item grid with search, the ticket. Scanner input is recognised anywhere
 * on the page; `/` focuses search, Enter pays, Esc closes a sheet.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { InputArgs } from '../api/client';
import type { OrderEditName } from '../../../core/api/contract';
import type { CatalogItem, DiscountRequest, Order, OrderLine, PayResult } from '../api/shapes';
import { errorText } from '../errors';
import { Skeleton, ErrorState } from '../components/Skeleton';
import { Sheet } from '../components/Sheet';
import { BarcodeDetector } from './barcode';
import { buildSearchIndex, categoryColor, itemsByCategory, optionGroupsOf, searchItems } from './catalog-view';
import { useCatalog } from './catalog-context';
import { ItemGrid } from './ItemGrid';
import { Ticket } from './Ticket';
import { TicketStore } from './ticket-store';
import { OptionsSheet } from './OptionsSheet';
import { LineSheet } from './LineSheet';
import { PaySheet } from './PaySheet';
import { ReceiptSheet } from './ReceiptSheet';
import { DiscountFields } from './DiscountFields';
import { checkDiscount, describeDiscount, orderDiscountBase } from './discount-check';
import { beep } from './feedback';
import { ApiError } from '../api/client';
import type { StaffSession } from '../api/client';
import { ManagerApproval } from '../components/ManagerApproval';
import { SendStatus } from './SendStatus';
import { ParkedOrders } from './ParkedOrders';


const GRID_LIMIT = 240;

const REMEMBER_KEY = 'pospal.currentOrderId';
const rememberedOrder = {
  get(): string | null { try { return window.localStorage.getItem(REMEMBER_KEY); } catch { return null; } },
  set(id: string | null): void {
    try { if (id) window.localStorage.setItem(REMEMBER_KEY, id); else window.localStorage.removeItem(REMEMBER_KEY); } catch { /* memory only */ }
  },
};

type SheetState =
  | { kind: 'options'; item: CatalogItem }
  | { kind: 'line'; line: OrderLine }
  | { kind: 'pay'; order: Order }
  | { kind: 'receipt'; orderId: string }
  | { kind: 'discount' }
  | { kind: 'comment' }
  | null;

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable));
}

export function OrderScreen() {
  const { t } = useTranslation();
  const { client, fmt, canSell, license, toast, showError, params, navigate } = usePos();
  const { catalog, error: catalogError, reload: reloadCatalog } = useCatalog();
  const tableId = params.tableId ?? null;
  const store = useMemo(() => new TicketStore(client, tableId), [client, tableId]);
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [sheet, setSheet] = useState<SheetState>(null);
  const [busy, setBusy] = useState(false);
  const [flash, setFlash] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const detector = useMemo(() => new BarcodeDetector(), []);

  // The counter's order in progress survives a trip to another screen (or a reload): its id is
  // remembered on this device and the draft, kept by core, is loaded again.
  useEffect(() => {
    if (params.orderId) { store.load(params.orderId).catch(showError); return; }
    const saved = rememberedOrder.get();
    if (!saved || tableId) return;
    store.load(saved).then(
      () => { const o = store.current; if (!o || (o.status !== 'draft' && o.status !== 'open')) store.reset(); },
      () => { rememberedOrder.set(null); store.reset(); },
    );
  }, [params.orderId, tableId, store, showError]);
  useEffect(() => {
    if (tableId) return;
    const o = snap.order;
    if (o) rememberedOrder.set(o.status === 'draft' || o.status === 'open' ? o.id : null);
  }, [snap.order, tableId]);

  useEffect(() => client.on('orders', (data) => {
    const id = typeof data === 'object' && data !== null && 'id' in data ? String((data as { id: unknown }).id) : null;
    if (id) store.refreshIfCurrent(id);
  }), [client, store]);

  const grouped = useMemo(() => (catalog ? itemsByCategory(catalog) : new Map<string, CatalogItem[]>()), [catalog]);
  const searchIndex = useMemo(() => buildSearchIndex(catalog?.items ?? []), [catalog]);
  const byBarcode = useMemo(() => new Map((catalog?.items ?? []).filter((i) => i.barcode && !i.archived).map((i) => [i.barcode as string, i])), [catalog]);
  const activeCategory = categoryId ?? catalog?.categories[0]?.id ?? null;
  const visible = useMemo(() => {
    if (!catalog) return [];
    if (query.trim()) return searchItems(searchIndex, query, GRID_LIMIT);
    return (grouped.get(activeCategory ?? '') ?? []).slice(0, GRID_LIMIT);
  }, [catalog, grouped, searchIndex, activeCategory, query]);

  const colorOf = useCallback((item: CatalogItem) => (catalog ? categoryColor(catalog, item.categoryId) : '#64748b'), [catalog]);

  const addItem = useCallback((item: CatalogItem, extra?: Omit<Parameters<TicketStore['add']>[0], 'item'>) => {
    store.add({ item, ...extra }).catch(showError);
  }, [store, showError]);

  const onTap = useCallback((item: CatalogItem) => {
    if (!catalog) return;
    if (optionGroupsOf(item).length > 0) setSheet({ kind: 'options', item });
    else addItem(item, { stack: true });
  }, [catalog, addItem]);

  const onScan = useCallback((code: string) => {
    const item = byBarcode.get(code);
    if (item && item.available && canSell) {
      beep(true);
      setFlash(true);
      setTimeout(() => setFlash(false), 250);
      onTap(item);
    } else {
      beep(false);
      toast(item ? t('order.itemUnavailable', { name: item.name }) : t('order.unknownBarcode', { code }), 'error');
    }
  }, [byBarcode, canSell, onTap, toast, t]);

  const openPay = useCallback(async () => {
    if (!canSell) return;
    try {
      // Wait for taps still on their way so the amount due is the real one.
      while (store.getSnapshot().pendingCount > 0) await new Promise((r) => setTimeout(r, 10));
      const order = store.current;
      if (order && order.lines.length > 0) setSheet({ kind: 'pay', order });
    } catch (e) { showError(e); }
  }, [canSell, store, showError]);

  // Voids of sent lines and discounts need a manager: when core refuses the cashier, a
  // manager's PIN approves that one command; the cashier stays signed in.
  const [approval, setApproval] = useState<{ command: OrderEditName; input: Record<string, unknown>; what: string } | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // The approval's PIN pad owns the keyboard: its digits are no barcode, its Enter no payment.
      if (approval) return;
      const code = detector.feed(e.key, e.timeStamp || performance.now());
      if (code) {
        // Captured before the focused element sees it: the scan's Enter must not also submit.
        e.preventDefault();
        e.stopPropagation();
        if (e.target === searchRef.current) setQuery((q) => q.slice(0, Math.max(0, q.length - code.length)));
        if (!sheet) onScan(code);
        return;
      }
      if (sheet) return;
      if (e.key === '/' && !isTyping(e.target)) { e.preventDefault(); searchRef.current?.focus(); return; }
      if (e.key === 'Enter' && !isTyping(e.target) && !(e.target instanceof HTMLButtonElement)) { e.preventDefault(); void openPay(); }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [detector, sheet, approval, onScan, openPay]);

  // "Sent" means the printers took the tickets: until then the ticket shows the send's status.
  const [sending, setSending] = useState<{ jobIds: string[]; key: string } | null>(null);
  const leaveAfterSend = useCallback(() => {
    // A table's order is parked as its running bill; the counter keeps it on screen to pay.
    if (tableId) { store.reset(); navigate('tables'); }
  }, [tableId, store, navigate]);
  const onSendPrinted = useCallback(() => {
    setSending(null);
    toast(t('order.sent'), 'success');
    leaveAfterSend();
  }, [toast, t, leaveAfterSend]);
  const sendToKitchen = async () => {
    const order = store.current;
    if (!order) return;
    setBusy(true);
    try {
      // The draft becomes an open order, then each station gets its ticket once (one key per tap).
      await client.call('order.send', { orderId: order.id });
      const key = crypto.randomUUID();
      const sent = await client.call('kitchen.send', { orderId: order.id, idempotencyKey: key });
      if (!tableId) await store.load(order.id);
      const jobIds = sent.tickets.flatMap((ticket) => ticket.printJobIds);
      const unprinted = sent.tickets.filter((ticket) => ticket.printJobIds.length === 0).map((ticket) => ticket.station);
      if (unprinted.length > 0) toast(t('kitchen.noPrinter', { stations: [...new Set(unprinted)].join(', ') }), 'error');
      if (jobIds.length > 0) setSending({ jobIds, key });
      else {
        if (sent.tickets.length === 0) toast(t('kitchen.nothingNew'), 'info');
        leaveAfterSend();
      }
    } catch (e) { showError(e); } finally { setBusy(false); }
  };

  const onPaid = (result: PayResult) => { store.replace(result.order); };
  const onReceipt = (choice: 'print' | 'show' | 'none', order: Order) => {
    store.reset();
    rememberedOrder.set(null);
    if (choice === 'show') setSheet({ kind: 'receipt', orderId: order.id });
    else setSheet(null);
    if (choice === 'print') {
      client.call('receipt.print', { orderId: order.id, idempotencyKey: crypto.randomUUID() }).then(() => toast(t('receipt.sent'), 'success'), showError);
    }
    if (tableId) navigate('tables');
  };

  const orElseApproval = (command: OrderEditName, input: Record<string, unknown>, what: string) => (e: unknown) => {
    if (e instanceof ApiError && e.code === 'PERMISSION_DENIED') { store.clearError(); setApproval({ command, input, what }); } else showError(e);
  };
  const number = snap.order?.number ?? 0;
  const removeLine = async (line: OrderLine, reason?: string) => {
    try { await store.removeLine(line.id, reason); } catch (e) {
      orElseApproval('order.removeLine', { lineId: line.id, ...(reason ? { reason } : {}) },
        t('approval.whatVoid', { qty: line.qty, name: line.name, number, reason: reason ?? '' }))(e);
    }
  };
  const approved = async (session: StaffSession) => {
    const pending = approval;
    setApproval(null);
    const order = store.current;
    if (!pending || !order) return;
    try {
      store.replace(await client.callAs(session, pending.command, ...([{ ...pending.input, orderId: order.id }] as InputArgs<OrderEditName>)));
    } catch (e) { showError(e); }
  };

  const saveLine = async (line: OrderLine, patch: { qty: number; note: string }, discount: DiscountRequest | undefined) => {
    setSheet(null);
    try {
      if (patch.qty !== line.qty || patch.note !== line.note) await store.updateLine(line.id, patch);
      if (discount !== undefined) {
        await store.setLineDiscount(line.id, discount).catch(orElseApproval('order.setDiscount', {
          lineId: line.id, discount: discount.discount, ...(discount.reason ? { reason: discount.reason } : {}),
        }, describeDiscount(t, fmt, discount, number, line.name)));
      }
    } catch (e) { showError(e); }
  };

  const categories = catalog?.categories ?? [];
  return (
    <div className={flash ? 'order-screen flash' : 'order-screen'} data-testid="order-screen">
      <section className="catalog-zone">
        <div className="search-row">
          <input
            ref={searchRef}
            type="search"
            className="search"
            placeholder={t('order.searchPlaceholder')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') { setQuery(''); e.currentTarget.blur(); }
              if (e.key === 'Enter' && visible.length === 1 && visible[0]) { e.preventDefault(); onTap(visible[0]); setQuery(''); }
            }}
            data-testid="search"
            aria-label={t('order.search')}
          />
        </div>
        {!tableId && (
          <ParkedOrders client={client} fmt={fmt} currentId={snap.order?.id ?? null}
            refreshKey={`${snap.order?.id ?? ''}:${snap.order?.status ?? ''}:${snap.order?.updatedAt ?? ''}`}
            onPick={(id) => { store.load(id).catch(showError); }} />
        )}
        {!query && (
          <nav className="category-tabs" role="tablist" data-testid="category-tabs">
            {categories.map((c) => (
              <button type="button" role="tab" key={c.id} aria-selected={c.id === activeCategory}
                className={c.id === activeCategory ? 'cat-tab on' : 'cat-tab'}
                style={{ borderBottomColor: catalog ? categoryColor(catalog, c.id) : undefined }}
                onClick={() => setCategoryId(c.id)} data-testid="category-tab">
                {c.name}
              </button>
            ))}
          </nav>
        )}
        {!canSell && (
          <p className="selling-locked" role="status" data-testid="selling-locked">{t(`order.locked.${license.state}`, { defaultValue: t('order.locked.other') })}</p>
        )}
        {catalogError && !catalog && <ErrorState message={errorText(t, catalogError)} onRetry={reloadCatalog} retryLabel={t('common.retry')} />}
        {!catalog && !catalogError && <Skeleton rows={12} tiles />}
        {catalog && visible.length === 0 && (
          <p className="muted empty-grid">{query ? t('order.noResults', { query }) : catalog.items.length === 0 ? t('order.noItems') : t('order.emptyCategory')}</p>
        )}
        {catalog && (
          <ItemGrid items={visible} colorOf={colorOf} money={fmt.money} onTap={onTap} disabled={!canSell} unavailableLabel={t('order.unavailable')} />
        )}
      </section>
      <Ticket
        order={snap.order}
        lines={snap.lines}
        fmt={fmt}
        busy={busy}
        canSell={canSell}
        onLine={(line) => setSheet({ kind: 'line', line })}
        onQuantity={(line, q) => { store.setQuantity(line.id, q).catch(showError); }}
        onSend={() => void sendToKitchen()}
        onPay={() => void openPay()}
        onDiscount={() => setSheet({ kind: 'discount' })}
        onComment={() => setSheet({ kind: 'comment' })}
        onNew={() => { store.reset(); rememberedOrder.set(null); if (tableId) navigate('order'); }}
        sendStatus={sending && (
          <SendStatus key={sending.key} client={client} jobIds={sending.jobIds} onPrinted={onSendPrinted} onDismiss={() => setSending(null)} showError={showError} />
        )}
      />
      {sheet?.kind === 'options' && catalog && (
        <OptionsSheet item={sheet.item} groups={optionGroupsOf(sheet.item)} fmt={fmt} onClose={() => setSheet(null)}
          onAdd={(req) => { setSheet(null); addItem(sheet.item, req); }} />
      )}
      {sheet?.kind === 'line' && (
        <LineSheet line={sheet.line} fmt={fmt} sent={snap.order?.status === 'open'} onClose={() => setSheet(null)}
          notePresets={catalog?.items.find((i) => i.id === sheet.line.itemId)?.notePresets ?? []}
          onRemove={(reason) => { setSheet(null); void removeLine(sheet.line, reason); }}
          onSave={(patch, discount) => void saveLine(sheet.line, patch, discount)} />
      )}
      {sheet?.kind === 'pay' && (
        <PaySheet client={client} order={sheet.order} fmt={fmt} onClose={() => setSheet(null)} onPaid={onPaid} onReceipt={onReceipt} />
      )}
      {sheet?.kind === 'receipt' && (
        <ReceiptSheet client={client} orderId={sheet.orderId} onClose={() => setSheet(null)} toast={toast} />
      )}
      {sheet?.kind === 'discount' && (
        <OrderDiscountSheet store={store} baseCents={orderDiscountBase(snap.order)} onClose={() => setSheet(null)}
          onRefused={(d) => orElseApproval('order.setDiscount', { discount: d.discount, ...(d.reason ? { reason: d.reason } : {}) }, describeDiscount(t, fmt, d, number, null))} />
      )}
      {approval && <ManagerApproval client={client} what={approval.what} onClose={() => setApproval(null)} onApproved={(s) => void approved(s)} />}
      {sheet?.kind === 'comment' && <CommentSheet store={store} initial={snap.order?.comment ?? ''} onClose={() => setSheet(null)} />}
    </div>
  );
}

function OrderDiscountSheet({ store, baseCents, onClose, onRefused }: { store: TicketStore; baseCents: number; onClose(): void; onRefused(req: DiscountRequest): (e: unknown) => void }) {
  const { t } = useTranslation();
  const { fmt } = usePos();
  const [discount, setDiscount] = useState<DiscountRequest | undefined>(undefined);
  const problem = checkDiscount(discount, baseCents);
  return (
    <Sheet title={t('order.orderDiscount')} onClose={onClose} testId="discount-sheet"
      footer={<button type="button" className="btn btn-primary btn-lg" data-testid="discount-apply" disabled={problem !== null} onClick={() => {
        onClose();
        if (discount !== undefined) store.setOrderDiscount(discount).catch(onRefused(discount));
      }}>{t('common.apply')}</button>}>
      <DiscountFields fmt={fmt} onChange={setDiscount} problem={problem} />
    </Sheet>
  );
}

function CommentSheet({ store, initial, onClose }: { store: TicketStore; initial: string; onClose(): void }) {
  const { t } = useTranslation();
  const { showError } = usePos();
  const [text, setText] = useState(initial);
  return (
    <Sheet title={t('order.comment')} onClose={onClose} testId="comment-sheet"
      footer={<button type="button" className="btn btn-primary btn-lg" onClick={() => { onClose(); store.setComment(text.trim()).catch(showError); }}>{t('common.save')}</button>}>
      <textarea className="field-area" value={text} onChange={(e) => setText(e.target.value)} maxLength={280} rows={3} data-testid="comment-text" />
    </Sheet>
  );
}
