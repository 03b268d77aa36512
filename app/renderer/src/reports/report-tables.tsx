/**
 * The report's tables, each with its own "Export CSV" that exports that whole table (core
 * answers every row; the screen shows the first ten of long ones until "Show all").
 */
import type { CommandInput } from '../api/client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { SalesReport } from '../../../core/pos/reports/sales-report';

/** A section of the sales report that exports as CSV (core's `reports.csv` input). */
export type CsvSection = CommandInput<'reports.csv'>['section'];

export function ExportButton({ section, busy, onExport }: { section: CsvSection; busy: boolean; onExport(section: CsvSection): void }) {
  const { t } = useTranslation();
  return <button type="button" className="btn" disabled={busy} onClick={() => onExport(section)} data-testid={`csv-${section}`}>{t('reports.exportCsv')}</button>;
}

const FIRST = 10;

export function ItemsTable({ report, busy, onExport }: { report: SalesReport; busy: boolean; onExport(section: CsvSection): void }) {
  const { t } = useTranslation();
  const { fmt } = usePos();
  const [all, setAll] = useState(false);
  const rows = all ? report.byItem : report.byItem.slice(0, FIRST);
  return (
    <div className="card">
      <div className="panel-head"><h3>{t('reports.byItem')}</h3><ExportButton section="byItem" busy={busy} onExport={onExport} /></div>
      <div className="table-scroll">
        <table className="data-table" data-testid="items-table">
          <thead><tr><th>{t('reports.item')}</th><th>{t('reports.category')}</th><th className="num">{t('reports.qty')}</th><th className="num">{t('reports.sales')}</th></tr></thead>
          <tbody>{rows.map((i) => <tr key={i.itemId ?? i.name}><td>{i.name}</td><td className="muted">{i.categoryName}</td><td className="num">{i.qty}</td><td className="num">{fmt.money(i.totalCents)}</td></tr>)}</tbody>
        </table>
      </div>
      {report.byItem.length > FIRST && (
        <button type="button" className="btn" onClick={() => setAll((a) => !a)} data-testid="items-show-all">
          {all ? t('reports.showFirst', { count: FIRST }) : t('reports.showAll', { count: report.byItem.length })}
        </button>
      )}
    </div>
  );
}

/** VAT by rate: what the accountant asks for every month (net, VAT, gross; refunds; declared). */
export function VatTable({ report, busy, onExport }: { report: SalesReport; busy: boolean; onExport(section: CsvSection): void }) {
  const { t } = useTranslation();
  const { fmt, settings } = usePos();
  const rate = (bp: number) => new Intl.NumberFormat(settings.locale, { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10_000);
  const rows = report.byTaxRate;
  const sum = (k: 'netCents' | 'taxCents' | 'grossCents' | 'refundGrossCents' | 'finalNetCents' | 'finalTaxCents' | 'finalGrossCents') => rows.reduce((s, r) => s + r[k], 0);
  return (
    <div className="card">
      <div className="panel-head"><h3>{t('reports.vatByRate')}</h3><ExportButton section="byTaxRate" busy={busy} onExport={onExport} /></div>
      {rows.length === 0 ? <p className="muted">{t('reports.noSales')}</p> : (
        <div className="table-scroll">
          <table className="data-table" data-testid="vat-table">
            <thead><tr>
              <th>{t('reports.vatRate')}</th><th className="num">{t('reports.netAmount')}</th><th className="num">{t('reports.vat')}</th><th className="num">{t('reports.gross')}</th>
              <th className="num">{t('reports.refunds')}</th><th className="num">{t('reports.finalNet')}</th><th className="num">{t('reports.finalVat')}</th><th className="num">{t('reports.finalGross')}</th>
            </tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.rateBasisPoints} data-testid="vat-row">
                  <td>{rate(r.rateBasisPoints)}</td><td className="num">{fmt.money(r.netCents)}</td><td className="num">{fmt.money(r.taxCents)}</td><td className="num">{fmt.money(r.grossCents)}</td>
                  <td className="num">{r.refundGrossCents ? `−${fmt.money(r.refundGrossCents)}` : '—'}</td>
                  <td className="num">{fmt.money(r.finalNetCents)}</td><td className="num"><strong>{fmt.money(r.finalTaxCents)}</strong></td><td className="num">{fmt.money(r.finalGrossCents)}</td>
                </tr>
              ))}
              <tr className="total-row">
                <th>{t('order.total')}</th><th className="num">{fmt.money(sum('netCents'))}</th><th className="num">{fmt.money(sum('taxCents'))}</th><th className="num">{fmt.money(sum('grossCents'))}</th>
                <th className="num">{sum('refundGrossCents') ? `−${fmt.money(sum('refundGrossCents'))}` : '—'}</th>
                <th className="num">{fmt.money(sum('finalNetCents'))}</th><th className="num">{fmt.money(sum('finalTaxCents'))}</th><th className="num">{fmt.money(sum('finalGrossCents'))}</th>
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
