/**
 * Split a bill: tap lines to move units between "the bill" and "this guest", then pay the
 * guest's part (core computes the exact amounts, shared lines by largest remainder); or split
 * equally into N parts. Each part is a part payment on the same order.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { Order } from '../api/shapes';
import { Sheet } from '../components/Sheet';
import { Skeleton } from '../components/Skeleton';
import { PaySheet } from '../order/PaySheet';
import { ReceiptSheet, type ReceiptPart } from '../order/ReceiptSheet';


export function SplitBillSheet({ orderId, onClose }: { orderId: string; onClose(): void }) {
  const { t } = useTranslation();
  const { client, fmt, showError, toast } = usePos();
  const [order, setOrder] = useState<Order | null>(null);
  const [guest, setGuest] = useState<Record<string, number>>({});
  const [paid, setPaid] = useState<Record<string, number>>({});
  const [paying, setPaying] = useState<number | null>(null);
  const [mode, setMode] = useState<'items' | 'equal'>('items');
  const [parts, setParts] = useState(2);
  const [equal, setEqual] = useState<number[] | null>(null);
  const [equalOf, setEqualOf] = useState(2);
  // What the guest being paid took (to print their own receipt), and the last guest's receipt.
  const [pendingPart, setPendingPart] = useState<Omit<ReceiptPart, 'paymentIds'> | null>(null);
  const [lastPart, setLastPart] = useState<ReceiptPart | null>(null);
  const [receipt, setReceipt] = useState<ReceiptPart | 'full' | null>(null);

  const load = useCallback(() => {
    client.call('order.get', { orderId }).then(setOrder, showError);
  }, [client, orderId, showError]);
  useEffect(load, [load]);

  const lines = useMemo(() => (order?.lines ?? []).filter((l) => l.status === 'active'), [order]);
  const left = (id: string, qty: number) => qty - (guest[id] ?? 0) - (paid[id] ?? 0);
  const move = (id: string, delta: number, max: number) =>
    setGuest((g) => ({ ...g, [id]: Math.max(0, Math.min(max, (g[id] ?? 0) + delta)) }));

  const payGuest = async () => {
    const shares = Object.entries(guest).filter(([, q]) => q > 0).map(([lineId, qty]) => ({ lineId, qty }));
    if (!order || shares.length === 0) return;
    try {
      const r = await client.call('bill.splitByItems', { orderId: order.id, parts: [shares] });
      setPendingPart({ items: shares });
      setPaying(r.parts[0]?.amountCents ?? 0);
    } catch (e) { showError(e); }
  };
  const splitEqual = async () => {
    if (!order) return;
    try {
      const r = await client.call('bill.splitEqually', { orderId: order.id, parts });
      setEqual(r.amountsCents);
      setEqualOf(parts);
    } catch (e) { showError(e); }
  };
  const afterPaid = (next: Order) => {
    setOrder(next);
    if (mode === 'items') {
      setPaid((p) => { const n = { ...p }; for (const [id, q] of Object.entries(guest)) n[id] = (n[id] ?? 0) + q; return n; });
      setGuest({});
    } else setEqual((e) => (e ? e.slice(1) : e));
  };

  if (receipt && order) {
    // Closing a guest's receipt goes back to the split while something is still due.
    return <ReceiptSheet client={client} orderId={order.id} part={receipt === 'full' ? undefined : receipt} onClose={order.dueCents > 0 ? () => setReceipt(null) : onClose} toast={toast} />;
  }
  if (paying !== null && order) {
    return (
      <PaySheet client={client} order={order} fmt={fmt} amountCents={paying} onClose={() => setPaying(null)}
        onPaid={(r) => {
          const part = pendingPart ? { ...pendingPart, paymentIds: r.payments.map((p) => p.id) } : null;
          setLastPart(part);
          afterPaid(r.order);
        }}
        onReceipt={(choice, o) => {
          setPaying(null);
          if (choice === 'show') setReceipt(lastPart ?? 'full');
          else if (o.status === 'paid') onClose();
          if (choice === 'print') {
            client.call('receipt.print', { orderId: o.id, idempotencyKey: crypto.randomUUID(), ...(lastPart ? { part: lastPart } : {}) })
              .then(() => toast(t('receipt.sent'), 'success'), showError);
          }
        }} />
    );
  }
  const guestTotal = lines.reduce((s, l) => s + Math.round((l.totalCents * (guest[l.id] ?? 0)) / Math.max(1, l.qty)), 0);
  return (
    <Sheet title={t('split.title', { number: order?.number ?? '' })} onClose={onClose} testId="split-sheet" wide>
      {!order && <Skeleton rows={5} />}
      {order && (
        <>
          <div className="seg split-mode">
            <button type="button" className={mode === 'items' ? 'on' : ''} onClick={() => setMode('items')} data-testid="split-mode-items">{t('split.byItems')}</button>
            <button type="button" className={mode === 'equal' ? 'on' : ''} onClick={() => setMode('equal')} data-testid="split-mode-equal">{t('split.equally')}</button>
          </div>
          <div className="split-due row-actions tight">
            <p>{t('split.due')} <strong data-testid="split-due">{fmt.money(order.dueCents)}</strong></p>
            <button type="button" className="btn btn-ghost" onClick={() => setReceipt('full')} data-testid="split-full-receipt">{t('kitchen.fullReceipt')}</button>
          </div>
          {mode === 'items' ? (
            <div className="split-columns">
              <div>
                <h3>{t('split.bill')}</h3>
                <ul className="split-list" data-testid="split-bill-lines">
                  {lines.map((l) => left(l.id, l.qty) > 0 && (
                    <li key={l.id}><button type="button" className="split-line" onClick={() => move(l.id, 1, l.qty - (paid[l.id] ?? 0))} data-testid="split-bill-line">
                      <span>{left(l.id, l.qty)} × {l.name}</span><span>{fmt.money(l.unitPriceCents)}</span></button></li>
                  ))}
                </ul>
              </div>
              <div>
                <h3>{t('split.guest')}</h3>
                <ul className="split-list" data-testid="split-guest-lines">
                  {lines.map((l) => (guest[l.id] ?? 0) > 0 && (
                    <li key={l.id}><button type="button" className="split-line" onClick={() => move(l.id, -1, l.qty)} data-testid="split-guest-line">
                      <span>{guest[l.id]} × {l.name}</span></button></li>
                  ))}
                </ul>
                <p>{t('split.guestTotal')} <strong data-testid="split-guest-total">≈ {fmt.money(guestTotal)}</strong></p>
                <button type="button" className="btn btn-primary btn-lg" disabled={guestTotal === 0 || order.dueCents === 0} onClick={() => void payGuest()} data-testid="split-pay-guest">{t('split.payGuest')}</button>
              </div>
            </div>
          ) : (
            <div>
              <div className="row-actions">
                <span className="stepper stepper-lg">
                  <button type="button" onClick={() => setParts((p) => Math.max(2, p - 1))} aria-label={t('order.less')}>−</button>
                  <span className="qty" data-testid="split-parts">{parts}</span>
                  <button type="button" onClick={() => setParts((p) => Math.min(20, p + 1))} aria-label={t('order.more')}>+</button>
                </span>
                <button type="button" className="btn" onClick={() => void splitEqual()} data-testid="split-equal-go">{t('split.compute')}</button>
              </div>
              {equal && (
                <ol className="split-list" data-testid="split-equal-parts">
                  {equal.map((a, i) => (
                    <li key={i} className="split-part"><span>{t('split.part', { n: i + 1 })}: <strong>{fmt.money(a)}</strong></span>
                      {i === 0 && <button type="button" className="btn btn-primary" onClick={() => { setPendingPart({ shareOf: equalOf }); setPaying(a); }} data-testid="split-pay-part">{t('order.pay')}</button>}</li>
                  ))}
                </ol>
              )}
            </div>
          )}
        </>
      )}
    </Sheet>
  );
}
