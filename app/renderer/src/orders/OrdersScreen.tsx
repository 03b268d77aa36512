/**
 * Today's orders: open one to see it, continue a draft, show or reprint the receipt, void or
 * refund (a manager, or a cashier with a manager's PIN).
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { StaffSession } from '../api/client';
import { useQuery } from '../hooks/useApi';
import { businessDayOf, addDays } from '../../../shared/business-day';
import { Skeleton, ErrorState } from '../components/Skeleton';
import { Sheet } from '../components/Sheet';
import { ManagerApproval, needsApproval } from '../components/ManagerApproval';
import { ReceiptSheet } from '../order/ReceiptSheet';
import { errorText } from '../errors';

/** `initialDay` opens another business day than today (tests, links from reports). */
export function OrdersScreen({ initialDay }: { initialDay?: string } = {}) {
  const { t } = useTranslation();
  const { client, fmt, settings } = usePos();
  const today = useMemo(() => businessDayOf(Date.now(), settings.timeZone, settings.businessDayStartHour), [settings.timeZone, settings.businessDayStartHour]);
  const [day, setDay] = useState(initialDay ?? today);
  const list = useQuery('order.listOfDay', { businessDay: day }, [day]);
  const [open, setOpen] = useState<string | null>(null);
  const reload = list.reload;
  useEffect(() => client.on('orders', () => reload()), [client, reload]);
  return (
    <section className="panel panel-wide" data-testid="orders-screen">
      <div className="panel-head">
        <h1>{t('orders.title')}</h1>
        <span className="row-actions">
          <button type="button" className="btn" onClick={() => setDay((d) => addDays(d, -1))} aria-label={t('orders.prevDay')}>‹</button>
          <strong>{day === today ? t('orders.today') : fmt.date(Date.parse(`${day}T12:00:00Z`))}</strong>
          <button type="button" className="btn" onClick={() => setDay((d) => addDays(d, 1))} disabled={day >= today} aria-label={t('orders.nextDay')}>›</button>
        </span>
      </div>
      {list.error && <ErrorState message={errorText(t, list.error)} onRetry={list.reload} retryLabel={t('common.retry')} />}
      {!list.data && !list.error && <Skeleton rows={8} />}
      {list.data && list.data.length === 0 && <p className="muted">{t('orders.none')}</p>}
      {list.data && list.data.length > 0 && (
        <table className="data-table" data-testid="orders-table">
          <thead><tr><th>#</th><th>{t('orders.time')}</th><th>{t('orders.status')}</th><th className="num">{t('order.total')}</th><th className="num">{t('order.paid')}</th></tr></thead>
          <tbody>
            {list.data.map((o) => (
              <tr key={o.id} className="clickable" onClick={() => setOpen(o.id)} data-testid="orders-row" data-status={o.status}>
                <td>{o.number}</td><td>{fmt.time(o.updatedAt)}</td><td><span className={`pill status-${o.status}`}>{t(`orders.statuses.${o.status}`)}</span></td>
                <td className="num">{fmt.money(o.totalCents)}</td><td className="num">{fmt.money(o.paidCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <OrderDetail orderId={open} onClose={() => { setOpen(null); list.reload(); }} />}
    </section>
  );
}

type Pending = { kind: 'void' } | { kind: 'refund' };

function OrderDetail({ orderId, onClose }: { orderId: string; onClose(): void }) {
  const { t } = useTranslation();
  const { client, fmt, staff, navigate, showError, toast } = usePos();
  const order = useQuery('order.get', { orderId }, [orderId]);
  const [receipt, setReceipt] = useState(false);
  const [action, setAction] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [method, setMethod] = useState<'cash' | 'card'>('cash');
  const [amount, setAmount] = useState('');
  const [approval, setApproval] = useState(false);
  const o = order.data;

  const perform = async (as: StaffSession | null) => {
    if (!o || !action) return;
    const cents = amount.trim() ? fmt.parseMoney(amount) : null;
    const input = action.kind === 'void'
      ? { orderId: o.id, reason: reason.trim() }
      : { orderId: o.id, method, reason: reason.trim(), ...(cents !== null ? { amountCents: cents } : {}) };
    const command = action.kind === 'void' ? 'order.void' : 'order.refund';
    try {
      if (as) await client.callAs(as, command, input); else await client.call(command, input);
      toast(action.kind === 'void' ? t('orders.voided') : t('orders.refunded'), 'success');
      setAction(null); setReason(''); setAmount('');
      order.reload();
    } catch (e) { showError(e); }
  };
  const confirm = () => {
    if (!reason.trim()) { toast(t('orders.reasonNeeded'), 'error'); return; }
    if (needsApproval(staff?.role)) setApproval(true); else void perform(null);
  };

  if (receipt && o) return <ReceiptSheet client={client} orderId={o.id} reprint onClose={() => setReceipt(false)} toast={toast} />;
  if (approval) return <ManagerApproval client={client} onClose={() => setApproval(false)} onApproved={(s) => { setApproval(false); void perform(s); }} />;
  const editable = o && (o.status === 'draft' || o.status === 'open');
  return (
    <Sheet title={o ? t('order.number', { number: o.number }) : t('common.loading')} onClose={onClose} testId="order-detail" wide>
      {order.error && <p className="form-error">{errorText(t, order.error)}</p>}
      {!o && !order.error && <Skeleton rows={5} />}
      {o && (
        <>
          <p><span className={`pill status-${o.status}`}>{t(`orders.statuses.${o.status}`)}</span> {o.tableName && <span className="pill">{o.tableName}</span>} <span className="muted">{fmt.dateTime(o.createdAt)}</span></p>
          <table className="data-table">
            <tbody>
              {o.lines.map((l) => (
                <tr key={l.id} className={l.status === 'voided' ? 'voided' : ''}>
                  <td>{l.qty} × {l.name}{l.options.length > 0 && <div className="muted">{l.options.map((x) => x.name).join(', ')}</div>}</td>
                  <td className="num">{fmt.money(l.totalCents)}</td>
                </tr>
              ))}
              <tr><th>{t('order.total')}</th><th className="num">{fmt.money(o.totalCents)}</th></tr>
              {o.payments.map((p) => (
                <tr key={p.id}><td className="muted">{t(`pay.${p.method}`)}{p.tenderedCents ? ` · ${t('pay.tendered')} ${fmt.money(p.tenderedCents)} · ${t('pay.change')} ${fmt.money(p.changeCents)}` : ''}</td><td className="num">{fmt.money(p.amountCents)}</td></tr>
              ))}
              {o.refundedCents > 0 && <tr><td>{t('orders.refundedAmount')}</td><td className="num">−{fmt.money(o.refundedCents)}</td></tr>}
            </tbody>
          </table>
          {action && (
            <div className="form action-form" data-testid="order-action-form">
              <label>{t('orders.reason')}<input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="action-reason" data-autofocus /></label>
              {action.kind === 'refund' && (
                <>
                  <div className="seg">
                    <button type="button" className={method === 'cash' ? 'on' : ''} onClick={() => setMethod('cash')}>{t('pay.cash')}</button>
                    <button type="button" className={method === 'card' ? 'on' : ''} onClick={() => setMethod('card')}>{t('pay.card')}</button>
                  </div>
                  <label>{t('orders.refundAmount', { max: fmt.money(o.paidCents - o.refundedCents) })}<input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="refund-amount" /></label>
                </>
              )}
              <div className="row-actions">
                <button type="button" className="btn btn-danger btn-lg" onClick={confirm} data-testid="action-confirm">{action.kind === 'void' ? t('orders.void') : t('orders.refund')}</button>
                <button type="button" className="btn btn-lg" onClick={() => setAction(null)}>{t('common.cancel')}</button>
              </div>
            </div>
          )}
          {!action && (
            <div className="row-actions wrap">
              {editable && <button type="button" className="btn btn-primary" onClick={() => navigate('order', { orderId: o.id, ...(o.tableId ? { tableId: o.tableId } : {}) })} data-testid="order-continue">{t('orders.continue')}</button>}
              <button type="button" className="btn" onClick={() => setReceipt(true)} data-testid="order-receipt">{t('orders.receipt')}</button>
              {o.status !== 'voided' && o.status !== 'refunded' && <button type="button" className="btn btn-danger" onClick={() => setAction({ kind: 'void' })} data-testid="order-void">{t('orders.void')}</button>}
              {o.paidCents - o.refundedCents > 0 && <button type="button" className="btn btn-danger" onClick={() => setAction({ kind: 'refund' })} data-testid="order-refund">{t('orders.refund')}</button>}
            </div>
          )}
        </>
      )}
    </Sheet>
  );
}
