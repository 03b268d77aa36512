/**
 * Reports: presets (today, yesterday, this week, this month) or a range; three charts (sales
 * by hour, by category with the amount on each bar, by payment method with each slice's
 * share), sales by item, VAT by rate, and CSV exports of whole tables. Open in every license
 * state: the shop's data is the shop's.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { usePos } from '../context';
import { useAction, useQuery } from '../hooks/useApi';
import type { CommandInput } from '../api/client';
import { businessDayOf, presetRange } from '../../../shared/business-day';
import { Skeleton, ErrorState } from '../components/Skeleton';
import { errorText } from '../errors';
import { percentShares, percentText } from './chart-labels';
import { ItemsTable, VatTable } from './report-tables';
import { useNow } from '../hooks/useNow';

const PRESETS = ['today', 'yesterday', 'week', 'month'] as const;
const COLORS = ['#1d4ed8', '#16a34a', '#d97706', '#db2777', '#7c3aed', '#0891b2', '#dc2626', '#65a30d'];

export function downloadText(fileName: string, content: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ReportsScreen() {
  const { t } = useTranslation();
  const { fmt, settings } = usePos();
  const openedAt = useNow();
  const today = useMemo(() => businessDayOf(openedAt, settings.timeZone, settings.businessDayStartHour), [openedAt, settings.timeZone, settings.businessDayStartHour]);
  const [range, setRange] = useState(() => presetRange('today', today));
  const [preset, setPreset] = useState<(typeof PRESETS)[number] | null>('today');
  const report = useQuery('reports.sales', range, [range.from, range.to]);
  const { busy, run } = useAction();
  const r = report.data;
  const factor = 10 ** fmt.minorDigits;
  const money = (v: number) => fmt.money(Math.round(v * factor));

  const shares = r ? percentShares(r.byPaymentMethod.map((m) => m.netCents)) : [];
  const pieData = r?.byPaymentMethod.map((m, i) => ({
    name: t(`pay.${m.method}`, { defaultValue: m.method }), value: m.netCents / factor, share: percentText(shares[i] ?? 0, settings.locale),
  })) ?? [];

  const exportCsv = async (section: CommandInput<'reports.csv'>['section']) => {
    const res = await run('reports.csv', { ...range, section });
    if (res) downloadText(res.fileName, res.content, res.mimeType);
  };

  return (
    <section className="panel panel-wide" data-testid="reports-screen">
      <div className="panel-head">
        <h1>{t('reports.title')}</h1>
        <div className="seg">
          {PRESETS.map((p) => (
            <button type="button" key={p} className={preset === p ? 'on' : ''} onClick={() => { setPreset(p); setRange(presetRange(p, today)); }} data-testid={`preset-${p}`}>{t(`reports.presets.${p}`)}</button>
          ))}
        </div>
        <span className="range-inputs">
          <label>{t('common.from')} <input type="date" value={range.from} max={range.to} onChange={(e) => { setPreset(null); setRange({ ...range, from: e.target.value }); }} data-testid="range-from" /></label>
          <label>{t('common.to')} <input type="date" value={range.to} min={range.from} onChange={(e) => { setPreset(null); setRange({ ...range, to: e.target.value }); }} data-testid="range-to" /></label>
        </span>
      </div>
      {report.error && <ErrorState message={errorText(t, report.error)} onRetry={report.reload} retryLabel={t('common.retry')} />}
      {!r && !report.error && <Skeleton rows={8} />}
      {r && (
        <>
          <div className="stat-row">
            <Stat label={t('reports.sales')} value={fmt.money(r.totals.totalCents)} testId="report-total" />
            <Stat label={t('reports.orders')} value={String(r.totals.orderCount)} testId="report-orders" />
            <Stat label={t('reports.average')} value={fmt.money(r.totals.averageOrderCents)} />
            <Stat label={t('reports.refunds')} value={fmt.money(r.totals.refundCents)} />
            <Stat label={t('reports.net')} value={fmt.money(r.totals.netAfterRefundsCents)} />
          </div>
          <div className="chart-grid">
            <figure className="card chart" data-testid="chart-hour">
              <figcaption>{t('reports.byHour')}</figcaption>
              <ResponsiveContainer width="100%" height={220}>
                <BarChart data={r.byHour.map((h) => ({ hour: `${String(h.hour).padStart(2, '0')}`, value: h.totalCents / factor }))}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="hour" /><YAxis width={48} />
                  <Tooltip formatter={(v) => money(Number(v))} />
                  <Bar dataKey="value" fill={COLORS[0]} isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
            <figure className="card chart" data-testid="chart-category">
              <figcaption>{t('reports.byCategory')}</figcaption>
              <ResponsiveContainer width="100%" height={220}>
                <BarChart layout="vertical" data={r.byCategory.map((c) => ({ name: c.name, value: c.totalCents / factor, label: fmt.money(c.totalCents) }))} margin={{ right: 72 }}>
                  <XAxis type="number" hide /><YAxis type="category" dataKey="name" width={110} />
                  <Tooltip formatter={(v) => money(Number(v))} />
                  <Bar dataKey="value" fill={COLORS[1]} isAnimationActive={false}>
                    <LabelList dataKey="label" position="right" className="bar-value" />
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            </figure>
            <figure className="card chart" data-testid="chart-method">
              <figcaption>{t('reports.byMethod')}</figcaption>
              <ResponsiveContainer width="100%" height={220}>
                <PieChart>
                  <Pie data={pieData} dataKey="value" nameKey="name" outerRadius={70} isAnimationActive={false} labelLine={false} label={(p) => <PieShare {...p} text={pieData[p.index]?.share ?? ''} />}>
                    {r.byPaymentMethod.map((m, i) => <Cell key={m.method} fill={COLORS[i % COLORS.length]} />)}
                  </Pie>
                  <Tooltip formatter={(v) => money(Number(v))} />
                  <Legend />
                </PieChart>
              </ResponsiveContainer>
            </figure>
          </div>
          <div className="report-tables">
            <VatTable report={r} busy={busy} onExport={(section) => void exportCsv(section)} />
            <ItemsTable report={r} busy={busy} onExport={(section) => void exportCsv(section)} />
          </div>
          <div className="row-actions wrap">
            {(['byHour', 'byDay', 'byCategory', 'byPaymentMethod', 'byStaff'] as const).map((section) => (
              <button type="button" key={section} className="btn" disabled={busy} onClick={() => void exportCsv(section)} data-testid={`csv-section-${section}`}>
                CSV · {t(`reports.sections.${section}`)}
              </button>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

const RADIAN = Math.PI / 180;

/** A slice's share, written inside the slice halfway out (slices under 6 % have no room: none). */
function PieShare({ cx, cy, midAngle, outerRadius, percent, text }: { cx?: number; cy?: number; midAngle?: number; outerRadius?: number; percent?: number; text: string }) {
  if (cx === undefined || cy === undefined || midAngle === undefined || outerRadius === undefined || (percent ?? 0) < 0.06) return null;
  const r = outerRadius * 0.6;
  return (
    <text x={cx + r * Math.cos(-midAngle * RADIAN)} y={cy + r * Math.sin(-midAngle * RADIAN)} fill="#fff" textAnchor="middle" dominantBaseline="central" className="pie-share">{text}</text>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return <div className="stat card"><span className="muted">{label}</span><strong data-testid={testId}>{value}</strong></div>;
}
