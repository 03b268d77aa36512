/**
 * Refunding a paid order: by picking items (a stepper per line, up to what is left of it) or by
 * an amount; a reason and the method. The confirm button says how much goes back.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { Order } from '../api/shapes';
import { lineRefundCents, type RefundedSoFar } from './refund-lines';

export interface RefundRequest {
  method: 'cash' | 'card'; reason: string;
  amountCents?: number; lines?: { lineId: string; qty: number }[];
}

export function RefundForm({ order, refunded, onSubmit, onCancel }: {
  order: Order; refunded: Map<string, RefundedSoFar>; onSubmit(r: RefundRequest): void; onCancel(): void;
}) {
  const { t } = useTranslation();
  const { fmt, toast } = usePos();
  const left = order.paidCents - order.refundedCents;
  const lines = order.lines.filter((l) => l.status === 'active' && l.qty - (refunded.get(l.id)?.qty ?? 0) > 0);
  const [mode, setMode] = useState<'items' | 'amount'>(lines.length > 0 ? 'items' : 'amount');
  const [picked, setPicked] = useState<Record<string, number>>({});
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [method, setMethod] = useState<'cash' | 'card'>(order.payments.some((p) => p.method === 'card' && p.amountCents > 0) ? 'card' : 'cash');
  const prior = (id: string) => refunded.get(id) ?? { qty: 0, amountCents: 0 };
  const itemsCents = lines.reduce((s, l) => s + lineRefundCents(l, prior(l.id), picked[l.id] ?? 0), 0);
  const typed = amount.trim() ? fmt.parseMoney(amount) : null;
  const cents = mode === 'items' ? itemsCents : (amount.trim() ? typed : left);
  const step = (id: string, max: number, d: number) => setPicked((p) => ({ ...p, [id]: Math.min(max, Math.max(0, (p[id] ?? 0) + d)) }));

  const submit = () => {
    if (!reason.trim()) { toast(t('orders.reasonNeeded'), 'error'); return; }
    if (mode === 'items') {
      const chosen = Object.entries(picked).filter(([, q]) => q > 0).map(([lineId, qty]) => ({ lineId, qty }));
      if (chosen.length === 0) { toast(t('orders.pickItems'), 'error'); return; }
      onSubmit({ method, reason: reason.trim(), lines: chosen });
      return;
    }
    if (cents === null || cents <= 0 || cents > left) { toast(t('orders.refundAmountInvalid', { max: fmt.money(left) }), 'error'); return; }
    onSubmit({ method, reason: reason.trim(), ...(amount.trim() ? { amountCents: cents } : {}) });
  };

  return (
    <div className="form action-form" data-testid="order-action-form">
      <div className="seg" role="tablist">
        <button type="button" className={mode === 'items' ? 'on' : ''} onClick={() => setMode('items')} disabled={lines.length === 0} data-testid="refund-mode-items">{t('orders.refundByItems')}</button>
        <button type="button" className={mode === 'amount' ? 'on' : ''} onClick={() => setMode('amount')} data-testid="refund-mode-amount">{t('orders.refundByAmount')}</button>
      </div>
      {mode === 'items' && (
        <table className="data-table refund-lines" data-testid="refund-lines">
          <tbody>
            {lines.map((l) => {
              const max = l.qty - prior(l.id).qty;
              const n = picked[l.id] ?? 0;
              return (
                <tr key={l.id} data-testid="refund-line">
                  <td>{l.name}{prior(l.id).qty > 0 && <div className="muted">{t('orders.alreadyRefunded', { count: prior(l.id).qty })}</div>}</td>
                  <td className="refund-step"><span className="stepper">
                    <button type="button" className="btn" onClick={() => step(l.id, max, -1)} disabled={n === 0} aria-label={t('orders.less', { name: l.name })} data-testid="refund-line-minus">−</button>
                    <strong className="qty" data-testid="refund-line-qty">{n}</strong><span className="muted of-max">/ {max}</span>
                    <button type="button" className="btn" onClick={() => step(l.id, max, 1)} disabled={n >= max} aria-label={t('orders.more', { name: l.name })} data-testid="refund-line-plus">+</button>
                  </span></td>
                  <td className="num">{fmt.money(lineRefundCents(l, prior(l.id), n))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {mode === 'amount' && (
        <label>{t('orders.refundAmount', { max: fmt.money(left) })}<input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="refund-amount" /></label>
      )}
      <label>{t('orders.reason')}<input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="action-reason" /></label>
      <div className="seg">
        <button type="button" className={method === 'cash' ? 'on' : ''} onClick={() => setMethod('cash')} data-testid="refund-method-cash">{t('pay.cash')}</button>
        <button type="button" className={method === 'card' ? 'on' : ''} onClick={() => setMethod('card')} data-testid="refund-method-card">{t('pay.card')}</button>
      </div>
      <div className="row-actions">
        <button type="button" className="btn btn-danger btn-lg" onClick={submit} data-testid="action-confirm">
          {t('orders.refundConfirm', { amount: fmt.money(cents !== null && cents > 0 ? cents : 0) })}
        </button>
        <button type="button" className="btn btn-lg" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </div>
  );
}
