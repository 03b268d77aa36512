/** An X or Z report on screen: sales, methods, tax rates, categories, voids/refunds, the drawer. */
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { ShiftSummary } from '../../../core/pos/shifts/shift-summary';

export function ShiftReportView({ summary: s, kind }: { summary: ShiftSummary; kind: 'X' | 'Z' }) {
  const { t } = useTranslation();
  const { fmt } = usePos();
  // Money leaving the drawer shows with a minus, but nothing left shows as plain zero (not −0).
  const minus = (cents: number) => (cents > 0 ? `−${fmt.money(cents)}` : fmt.money(0));
  const rows: [string, string, string?][] = [
    [t('shift.orders'), String(s.sales.orderCount)],
    [t('shift.sales'), fmt.money(s.sales.totalCents), 'sales-total'],
    [t('order.discounts'), fmt.money(s.discounts.amountCents)],
    [t('shift.voids'), `${s.voids.orderCount} · ${fmt.money(s.voids.orderAmountCents + s.voids.lineAmountCents)}`],
    [t('shift.refunds'), `${s.refunds.count} · ${fmt.money(s.refunds.amountCents)}`],
  ];
  return (
    <div className="report-grid" data-testid={`shift-report-${kind}`}>
      <div className="card">
        <h3>{t('shift.summary')}</h3>
        <dl className="kv">{rows.map(([k, v, id]) => <div key={k}><dt>{k}</dt><dd data-testid={id}>{v}</dd></div>)}</dl>
      </div>
      <div className="card">
        <h3>{t('shift.byMethod')}</h3>
        <dl className="kv">{s.byMethod.map((m) => <div key={m.method}><dt>{t(`pay.${m.method}`, { defaultValue: m.method })} ({m.count})</dt><dd>{fmt.money(m.amountCents)}</dd></div>)}</dl>
        <h3>{t('shift.byTax')}</h3>
        <dl className="kv">{s.byTaxRate.map((r) => <div key={r.rateBp}><dt>{t('order.tax', { rate: r.rateBp / 100 })}</dt><dd>{fmt.money(r.taxCents)}</dd></div>)}</dl>
      </div>
      <div className="card">
        <h3>{t('shift.drawer')}</h3>
        <dl className="kv">
          <div><dt>{t('shift.float')}</dt><dd>{fmt.money(s.cash.openingFloatCents)}</dd></div>
          <div><dt>{t('shift.cashTakings')}</dt><dd>{fmt.money(s.cash.cashTakingsCents)}</dd></div>
          <div><dt>{t('shift.cashIn')}</dt><dd>{fmt.money(s.cash.cashInCents)}</dd></div>
          <div><dt>{t('shift.cashOut')}</dt><dd>{minus(s.cash.cashOutCents)}</dd></div>
          <div><dt>{t('shift.cashRefunds')}</dt><dd>{minus(s.cash.cashRefundsCents)}</dd></div>
          <div><dt>{t('shift.expected')}</dt><dd data-testid="report-expected">{fmt.money(s.cash.expectedCents)}</dd></div>
          {s.cash.countedCents !== null && <div><dt>{t('shift.counted')}</dt><dd data-testid="report-counted">{fmt.money(s.cash.countedCents)}</dd></div>}
          {s.cash.differenceCents !== null && <div><dt>{t('shift.difference')}</dt><dd data-testid="report-difference">{fmt.money(s.cash.differenceCents)}</dd></div>}
        </dl>
        {s.closeNote && <p className="report-note" data-testid="report-note"><strong>{t('shift.closeNote')}:</strong> {s.closeNote}</p>}
      </div>
      {s.byCategory.length > 0 && (
        <div className="card">
          <h3>{t('shift.byCategory')}</h3>
          <dl className="kv">{s.byCategory.map((c) => <div key={c.categoryId ?? c.name}><dt>{c.name} ({c.qty})</dt><dd>{fmt.money(c.totalCents)}</dd></div>)}</dl>
        </div>
      )}
    </div>
  );
}
