/**
 * A business day's orders: number, time, table, staff, how it was paid, the order note, status
 * and money; a search by order number or amount. Open one to see it, continue a draft, show or
 * reprint the receipt, void or refund it (OrderDetail). With fiscal documents on, each order's
 * myDATA documents and their states, and the month's export.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { JournalOrder } from '../../../core/pos/reports/order-journal';
import { useQuery } from '../hooks/useApi';
import { businessDayOf, addDays } from '../../../shared/business-day';
import { Skeleton, ErrorState } from '../components/Skeleton';
import { errorText } from '../errors';
import { OrderDetail } from './OrderDetail';
import { useNow } from '../hooks/useNow';
import { FiscalExportButton, FiscalPills, useOrderDocuments } from '../fiscal/OrdersFiscal';

/**
 * What a search box text means: "#12" an order number; "12,50" an amount; a plain "12" either
 * order 12 or the amount 12 (whichever exists). Null: not a search (empty or not a number).
 */
export function parseOrderSearch(text: string, parseMoney: (t: string) => number | null, minorDigits: number): { number?: number; amountCents?: number } | null {
  const s = text.trim();
  if (!s) return null;
  const hash = /^#\s*(\d{1,6})$/.exec(s);
  if (hash) return { number: Number(hash[1]) };
  if (/^\d{1,6}$/.test(s)) return { number: Number(s), amountCents: Number(s) * 10 ** minorDigits };
  const cents = parseMoney(s);
  return cents === null || cents < 0 ? null : { amountCents: cents };
}

/** `initialDay` opens another business day than today (tests, links from reports). */
export function OrdersScreen({ initialDay }: { initialDay?: string } = {}) {
  const { t } = useTranslation();
  const { client, fmt, settings } = usePos();
  const openedAt = useNow();
  const today = useMemo(() => businessDayOf(openedAt, settings.timeZone, settings.businessDayStartHour), [openedAt, settings.timeZone, settings.businessDayStartHour]);
  const [day, setDay] = useState(initialDay ?? today);
  const [search, setSearch] = useState('');
  const query = parseOrderSearch(search, fmt.parseMoney, fmt.minorDigits);
  const badSearch = search.trim() !== '' && query === null;
  const list = useQuery('orders.journal', { businessDay: day, ...(query ?? {}) }, [day, query?.number, query?.amountCents]);
  const [open, setOpen] = useState<JournalOrder | null>(null);
  const reload = list.reload;
  useEffect(() => client.on('orders', () => reload()), [client, reload]);
  const fiscal = useOrderDocuments(day);
  const methods = (o: JournalOrder) => o.methods.map((m) => t(`pay.${m}`, { defaultValue: m })).join(' + ');
  return (
    <section className="panel panel-wide" data-testid="orders-screen">
      <div className="panel-head">
        <h1>{t('orders.title')}</h1>
        <span className="row-actions">
          <button type="button" className="btn" onClick={() => setDay((d) => addDays(d, -1))} aria-label={t('orders.prevDay')}>‹</button>
          <strong>{day === today ? t('orders.today') : fmt.date(Date.parse(`${day}T12:00:00Z`))}</strong>
          <button type="button" className="btn" onClick={() => setDay((d) => addDays(d, 1))} disabled={day >= today} aria-label={t('orders.nextDay')}>›</button>
        </span>
        <input type="search" className="inline-input orders-search" value={search} onChange={(e) => setSearch(e.target.value)}
          placeholder={t('orders.searchPlaceholder')} aria-label={t('orders.search')} data-testid="orders-search" aria-invalid={badSearch} />
        {fiscal && <FiscalExportButton />}
      </div>
      {badSearch && <p className="form-error">{t('orders.searchInvalid')}</p>}
      {list.error && <ErrorState message={errorText(t, list.error)} onRetry={list.reload} retryLabel={t('common.retry')} />}
      {!list.data && !list.error && <Skeleton rows={8} />}
      {list.data && list.data.length === 0 && <p className="muted" data-testid="orders-none">{query ? t('orders.noMatch') : t('orders.none')}</p>}
      {list.data && list.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table orders-table" data-testid="orders-table">
            <thead><tr>
              <th>#</th><th>{t('orders.time')}</th><th>{t('orders.table')}</th><th>{t('orders.staff')}</th><th>{t('orders.method')}</th>
              <th>{t('orders.status')}</th>{fiscal && <th>{t('fiscal.docs.column')}</th>}<th className="num">{t('order.total')}</th><th className="num">{t('order.paid')}</th>
            </tr></thead>
            <tbody>
              {list.data.map((o) => (
                <tr key={o.id} className="clickable" onClick={() => setOpen(o)} data-testid="orders-row" data-status={o.status}>
                  <td>{o.number}</td>
                  <td className="nowrap">{fmt.time(o.paidAt ?? o.updatedAt)}</td>
                  <td data-testid="orders-row-table">{o.tableName ?? '—'}</td>
                  <td data-testid="orders-row-staff">{o.staffName}</td>
                  <td data-testid="orders-row-method">{methods(o) || '—'}</td>
                  <td>
                    <span className={`pill status-${o.status}`}>{t(`orders.statuses.${o.status}`)}</span>
                    {o.refundedCents > 0 && <span className="pill status-refunded" data-testid="orders-row-refunded"> −{fmt.money(o.refundedCents)}</span>}
                    {o.comment && <div className="muted order-note" data-testid="orders-row-note">{o.comment}</div>}
                  </td>
                  {fiscal && <td><FiscalPills docs={fiscal.get(o.id)} /></td>}
                  <td className="num">{fmt.money(o.totalCents)}</td><td className="num">{fmt.money(o.paidCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && <OrderDetail summary={open} onClose={() => { setOpen(null); list.reload(); }} />}
    </section>
  );
}
