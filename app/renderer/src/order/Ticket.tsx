/** The running order: lines with options and notes, steppers, totals always visible, Send and Pay. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Order, OrderLine } from '../api/shapes';
import type { Formatters } from '../format';

export interface TicketProps {
  order: Order | null;
  lines: OrderLine[];
  fmt: Formatters;
  busy: boolean;
  canSell: boolean;
  onLine(line: OrderLine): void;
  onQuantity(line: OrderLine, quantity: number): void;
  onSend(): void;
  onPay(): void;
  onDiscount(): void;
  onComment(): void;
  onNew(): void;
  /** Under the buttons: what became of the last Send (printing, or a printer that failed). */
  sendStatus?: ReactNode;
}

export function Ticket({ order, lines, fmt, busy, canSell, onLine, onQuantity, onSend, onPay, onDiscount, onComment, onNew, sendStatus }: TicketProps) {
  const { t } = useTranslation();
  const pendingTotal = lines.reduce((s, l) => s + (l.pendingCents ?? 0), 0);
  const due = (order?.dueCents ?? 0) + pendingTotal;
  const empty = lines.length === 0;
  return (
    <section className="ticket" data-testid="ticket" aria-label={t('order.ticket')}>
      <header className="ticket-head">
        <h2>{order?.number ? t('order.number', { number: order.number }) : t('order.newOrder')}</h2>
        {order?.tableName && <span className="pill">{order.tableName}</span>}
        <button type="button" className="btn btn-ghost" onClick={onNew} disabled={empty} data-testid="ticket-new">{t('order.clear')}</button>
      </header>
      <ol className="ticket-lines" data-testid="ticket-lines">
        {empty && <li className="ticket-empty muted">{t('order.empty')}</li>}
        {lines.map((line) => { const waiting = line.pending === true || (line.pendingCents ?? 0) > 0; return (
          <li key={line.id} className={line.pending ? 'ticket-line pending' : 'ticket-line'} data-testid="ticket-line" data-item-id={line.itemId}>
            <button type="button" className="line-main" onClick={() => !line.pending && onLine(line)} disabled={line.pending}>
              <span className="line-name">{line.name}</span>
              <span className="line-total">{fmt.money(line.totalCents)}</span>
              {line.options.length > 0 && <span className="line-sub">{line.options.map((o) => o.name).join(', ')}</span>}
              {line.note && <span className="line-sub line-note">“{line.note}”</span>}
              {line.discountCents > 0 && <span className="line-sub line-discount">−{fmt.money(line.discountCents)}{line.discount?.reason ? ` · ${line.discount.reason}` : ''}</span>}
            </button>
            <span className="stepper">
              <button type="button" aria-label={t('order.less')} onClick={() => onQuantity(line, line.qty - 1)} disabled={waiting || busy || !canSell} data-testid="line-minus">−</button>
              <span className="qty" data-testid="line-qty">{line.qty}</span>
              <button type="button" aria-label={t('order.more')} onClick={() => onQuantity(line, line.qty + 1)} disabled={waiting || busy || !canSell} data-testid="line-plus">+</button>
            </span>
          </li>
        ); })}
      </ol>
      <div className="ticket-tools">
        <button type="button" className="btn btn-ghost" onClick={onDiscount} disabled={!order || empty} data-testid="order-discount">{t('order.discount')}</button>
        <button type="button" className="btn btn-ghost" onClick={onComment} disabled={!order} data-testid="order-comment">{order?.comment ? `“${order.comment}”` : t('order.comment')}</button>
      </div>
      <dl className="totals" data-testid="totals">
        <div><dt>{t('order.subtotal')}</dt><dd data-testid="subtotal">{fmt.money((order?.subtotalCents ?? 0) + pendingTotal)}</dd></div>
        {(order?.discountCents ?? 0) > 0 && <div><dt>{t('order.discounts')}</dt><dd>−{fmt.money(order?.discountCents ?? 0)}</dd></div>}
        {(order?.byRate ?? []).map((tax) => (
          <div key={tax.rateBp} className="tax-line"><dt>{t('order.tax', { rate: (tax.rateBp / 100).toLocaleString(fmt.locale) })}</dt><dd>{fmt.money(tax.taxCents)}</dd></div>
        ))}
        {(order?.paidCents ?? 0) > 0 && <div><dt>{t('order.paid')}</dt><dd>{fmt.money(order?.paidCents ?? 0)}</dd></div>}
        <div className="grand"><dt>{t('order.total')}</dt><dd data-testid="total">{fmt.money(due)}</dd></div>
      </dl>
      <div className="ticket-actions">
        <button type="button" className="btn btn-lg btn-send" onClick={onSend} disabled={empty || busy || !canSell || !order} data-testid="send-kitchen">{t('order.send')}</button>
        <button type="button" className="btn btn-lg btn-primary btn-pay" onClick={onPay} disabled={empty || !canSell || !order} data-testid="pay">{t('order.pay')}</button>
      </div>
      {sendStatus}
    </section>
  );
}
