/** Count the drawer by denomination; expected vs counted shown as you type; confirm closes. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';

/** Euro notes and coins in cents (the shop's currency is EUR by default; other currencies count the total). */
const EUR = [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1];

export function CashCount({ expectedCents, busy, onConfirm, onCancel }: {
  expectedCents: number; busy: boolean; onConfirm(countedCents: number, note: string): void; onCancel(): void;
}) {
  const { t } = useTranslation();
  const { fmt } = usePos();
  const byDenomination = fmt.currency === 'EUR';
  const [counts, setCounts] = useState<Record<number, string>>({});
  const [total, setTotal] = useState('');
  const [note, setNote] = useState('');
  const counted = byDenomination
    ? EUR.reduce((s, d) => s + d * (Number.parseInt(counts[d] ?? '', 10) || 0), 0)
    : (fmt.parseMoney(total) ?? 0);
  const diff = counted - expectedCents;
  return (
    <div className="cash-count">
      {byDenomination ? (
        <div className="denominations" data-testid="denominations">
          {EUR.map((d) => (
            <label key={d} className="denom">
              <span>{fmt.money(d)}</span>
              <input inputMode="numeric" value={counts[d] ?? ''} onChange={(e) => setCounts({ ...counts, [d]: e.target.value.replace(/\D/g, '') })} data-testid={`denom-${d}`} aria-label={fmt.money(d)} />
            </label>
          ))}
        </div>
      ) : (
        <label className="field">{t('shift.counted')}<input inputMode="decimal" value={total} onChange={(e) => setTotal(e.target.value)} data-testid="counted-total" /></label>
      )}
      <dl className="kv cash-compare">
        <div><dt>{t('shift.expected')}</dt><dd data-testid="cash-expected">{fmt.money(expectedCents)}</dd></div>
        <div><dt>{t('shift.counted')}</dt><dd data-testid="cash-counted">{fmt.money(counted)}</dd></div>
        <div><dt>{t('shift.difference')}</dt><dd data-testid="cash-difference" className={diff < 0 ? 'neg' : diff > 0 ? 'pos' : ''}>{diff > 0 ? '+' : ''}{fmt.money(diff)}</dd></div>
      </dl>
      <label className="field">{t('shift.note')}<input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} /></label>
      <div className="row-actions">
        <button type="button" className="btn btn-primary btn-lg" disabled={busy} onClick={() => onConfirm(counted, note.trim())} data-testid="shift-close-confirm">{t('shift.confirmClose')}</button>
        <button type="button" className="btn btn-lg" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </div>
  );
}
