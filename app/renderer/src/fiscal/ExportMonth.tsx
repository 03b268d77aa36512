/**
 * "Export month" for the accountant (issue 15): the month's fiscal documents as myDATA XML or as
 * CSV (core's fiscal.export), saved as a file with the name core gives it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../hooks/useApi';
import { usePos } from '../context';

/** "2026-06" of the month before `now` is the usual export; the current month is one click away. */
export function monthOf(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(ms));
  return `${parts.find((p) => p.type === 'year')?.value ?? '1970'}-${parts.find((p) => p.type === 'month')?.value ?? '01'}`;
}

/** A Blob URL (text of any size); a data: URL would need the content base64-encoded first. */
function download(filename: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportMonth() {
  const { t } = useTranslation();
  const { settings, toast } = usePos();
  const { busy, run } = useAction();
  const [month, setMonth] = useState(() => monthOf(Date.now(), settings.timeZone));
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const save = async (format: 'xml' | 'csv') => {
    const r = await run('fiscal.export', { month, format });
    if (!r) return;
    download(r.filename, r.content, format === 'xml' ? 'application/xml' : 'text/csv');
    toast(t('fiscal.export.saved', { file: r.filename }), 'success');
  };
  return (
    <div className="fiscal-export" data-testid="fiscal-export">
      <label className="inline-label">{t('fiscal.export.month')}
        <input type="month" className="inline-input" value={month} onChange={(e) => setMonth(e.target.value)} aria-invalid={!valid} data-testid="fiscal-export-month" />
      </label>
      <button type="button" className="btn" disabled={busy || !valid} onClick={() => void save('xml')} data-testid="fiscal-export-xml">{t('fiscal.export.xml')}</button>
      <button type="button" className="btn" disabled={busy || !valid} onClick={() => void save('csv')} data-testid="fiscal-export-csv">{t('fiscal.export.csv')}</button>
    </div>
  );
}
