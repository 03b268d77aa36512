/**
 * One order: lines, payments (method, tendered, change), table, staff, covers and the order note;
 * its refunds with a "print refund slip" each; its fiscal documents (myDATA) when there are any. Continue a draft, show or reprint the receipt,
 * void, or refund by items or amount (a cashier with a manager's PIN). A refund prints its slip.
 */
import type { CommandName, InputArgs } from '../api/client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { StaffSession } from '../api/client';
import type { JournalOrder } from '../../../core/pos/reports/order-journal';
import { useQuery } from '../hooks/useApi';
import { Skeleton } from '../components/Skeleton';
import { Sheet } from '../components/Sheet';
import { ManagerApproval, needsApproval } from '../components/ManagerApproval';
import { ReceiptSheet } from '../order/ReceiptSheet';
import { errorText } from '../errors';
import { RefundForm, type RefundRequest } from './RefundForm';
import { refundedByLine } from './refund-lines';
import { FiscalDocuments } from '../fiscal/FiscalDocuments';

type Pending = { kind: 'void'; reason: string } | { kind: 'refund'; request: RefundRequest };

export function OrderDetail({ summary, onClose }: { summary: JournalOrder; onClose(): void }) {
  const { t } = useTranslation();
  const { client, fmt, staff, navigate, showError, toast } = usePos();
  const order = useQuery('order.get', { orderId: summary.id }, [summary.id]);
  const refunds = useQuery('order.listRefunds', { orderId: summary.id }, [summary.id]);
  const [receipt, setReceipt] = useState(false);
  const [form, setForm] = useState<'void' | 'refund' | null>(null);
  const [voidReason, setVoidReason] = useState('');
  const [approval, setApproval] = useState<Pending | null>(null);
  const o = order.data;

  const printSlip = async (refundId: string) => {
    try {
      await client.call('refund.printSlip', { refundId, idempotencyKey: crypto.randomUUID() });
      toast(t('orders.slipSent'), 'success');
    } catch (e) { showError(e); }
  };
  const perform = async (p: Pending, as: StaffSession | null) => {
    if (!o) return;
    const call = <N extends CommandName>(command: N, ...input: InputArgs<N>) => (as ? client.callAs(as, command, ...input) : client.call(command, ...input));
    try {
      if (p.kind === 'void') {
        await call('order.void', { orderId: o.id, reason: p.reason });
        toast(t('orders.voided'), 'success');
      } else {
        const refund = await call('order.refund', { orderId: o.id, ...p.request });
        toast(t('orders.refundedAmountDone', { amount: fmt.money(refund.amountCents) }), 'success');
        void printSlip(refund.id);
      }
      setForm(null); setVoidReason('');
      order.reload(); refunds.reload();
    } catch (e) { showError(e); }
  };
  const start = (p: Pending) => { if (needsApproval(staff?.role)) setApproval(p); else void perform(p, null); };

  if (receipt && o) return <ReceiptSheet client={client} orderId={o.id} reprint onClose={() => setReceipt(false)} toast={toast} />;
  if (approval) return <ManagerApproval client={client} onClose={() => setApproval(null)} onApproved={(s) => { const p = approval; setApproval(null); void perform(p, s); }} />;
  const editable = o && (o.status === 'draft' || o.status === 'open');
  const methods = summary.methods.map((m) => t(`pay.${m}`, { defaultValue: m })).join(' + ');
  return (
    <Sheet title={t('order.number', { number: summary.number })} onClose={onClose} testId="order-detail" wide>
      {order.error && <p className="form-error">{errorText(t, order.error)}</p>}
      {!o && !order.error && <Skeleton rows={5} />}
      {o && (
        <>
          <dl className="order-facts" data-testid="order-facts">
            <div><dt>{t('orders.status')}</dt><dd><span className={`pill status-${o.status}`}>{t(`orders.statuses.${o.status}`)}</span></dd></div>
            <div><dt>{t('orders.time')}</dt><dd>{fmt.dateTime(o.paidAt ?? o.createdAt)}</dd></div>
            <div><dt>{t('orders.table')}</dt><dd>{o.tableName ?? '—'}{o.guests ? ` · ${t('tables.coversN', { count: o.guests })}` : ''}</dd></div>
            <div><dt>{t('orders.staff')}</dt><dd>{summary.staffName}</dd></div>
            <div><dt>{t('orders.method')}</dt><dd>{methods || '—'}</dd></div>
            {o.comment && <div className="span-all"><dt>{t('orders.note')}</dt><dd data-testid="order-note">{o.comment}</dd></div>}
          </dl>
          <table className="data-table">
            <tbody>
              {o.lines.map((l) => (
                <tr key={l.id} className={l.status === 'voided' ? 'voided' : ''}>
                  <td>{l.qty} × {l.name}{l.options.length > 0 && <div className="muted">{l.options.map((x) => x.name).join(', ')}</div>}{l.note && <div className="muted">{l.note}</div>}</td>
                  <td className="num">{fmt.money(l.totalCents)}</td>
                </tr>
              ))}
              <tr><th>{t('order.total')}</th><th className="num">{fmt.money(o.totalCents)}</th></tr>
              {o.payments.map((p) => (
                <tr key={p.id}><td className="muted">{t(`pay.${p.method}`)}{p.tenderedCents ? ` · ${t('pay.tendered')} ${fmt.money(p.tenderedCents)} · ${t('pay.change')} ${fmt.money(p.changeCents)}` : ''}</td><td className="num">{fmt.money(p.amountCents)}</td></tr>
              ))}
              {refunds.data?.map((r) => (
                <tr key={r.id} data-testid="order-refund-row">
                  <td>{t('orders.refundedAmount')} · {t(`pay.${r.method}`)} · {r.reason} <span className="muted">{fmt.time(r.createdAt)}</span>{' '}
                    <button type="button" className="btn btn-sm" onClick={() => void printSlip(r.id)} data-testid="refund-slip-print">{t('orders.printSlip')}</button></td>
                  <td className="num">−{fmt.money(r.amountCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <FiscalDocuments orderId={o.id} />
          {form === 'refund' && refunds.data && (
            <RefundForm order={o} refunded={refundedByLine(refunds.data)} onCancel={() => setForm(null)} onSubmit={(request) => start({ kind: 'refund', request })} />
          )}
          {form === 'void' && (
            <div className="form action-form" data-testid="order-action-form">
              <label>{t('orders.reason')}<input value={voidReason} onChange={(e) => setVoidReason(e.target.value)} data-testid="action-reason" data-autofocus /></label>
              <div className="row-actions">
                <button type="button" className="btn btn-danger btn-lg" data-testid="action-confirm"
                  onClick={() => { if (!voidReason.trim()) toast(t('orders.reasonNeeded'), 'error'); else start({ kind: 'void', reason: voidReason.trim() }); }}>{t('orders.void')}</button>
                <button type="button" className="btn btn-lg" onClick={() => setForm(null)}>{t('common.cancel')}</button>
              </div>
            </div>
          )}
          {!form && (
            <div className="row-actions wrap">
              {editable && <button type="button" className="btn btn-primary" onClick={() => navigate('order', { orderId: o.id, ...(o.tableId ? { tableId: o.tableId } : {}) })} data-testid="order-continue">{t('orders.continue')}</button>}
              <button type="button" className="btn" onClick={() => setReceipt(true)} data-testid="order-receipt">{t('orders.receipt')}</button>
              {o.status !== 'voided' && o.status !== 'refunded' && <button type="button" className="btn btn-danger" onClick={() => setForm('void')} data-testid="order-void">{t('orders.void')}</button>}
              {o.paidCents - o.refundedCents > 0 && <button type="button" className="btn btn-danger" onClick={() => setForm('refund')} data-testid="order-refund">{t('orders.refund')}</button>}
            </div>
          )}
        </>
      )}
    </Sheet>
  );
}
