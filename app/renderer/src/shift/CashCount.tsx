/**
 * Count the drawer by denomination; expected vs counted shown as you type; confirm closes. A
 * difference of LARGE_DIFFERENCE_CENTS or more (a miscount, a forgotten cash-out, 0 typed into
 * the wrong box) asks once more, naming it, before the Z-report is frozen (issue 11 item 11).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';

/** Euro notes and coins in cents (the shop's currency is EUR by default; other currencies count the total). */
const EUR = [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1];

/** 5.00 in the shop's currency: less is everyday change-giving; more is worth a second look. */
export const LARGE_DIFFERENCE_CENTS = 500;

export function CashCount({ expectedCents, busy, onConfirm, onCancel }: {
  expectedCents: number; busy: boolean; onConfirm(countedCents: number, note: string): void; onCancel(): void;
}) {
  const { t } = useTranslation();
  const { fmt } = usePos();
  const byDenomination = fmt.currency === 'EUR';
  const [counts, setCounts] = useState<Record<number, string>>({});
  const [total, setTotal] = useState('');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const askRef = useRef<HTMLDivElement>(null);
  // On a phone the question appears below the fold: bring it into view.
  useEffect(() => { if (confirming) askRef.current?.scrollIntoView?.({ block: 'nearest' }); }, [confirming]);
  const counted = byDenomination
    ? EUR.reduce((s, d) => s + d * (Number.parseInt(counts[d] ?? '', 10) || 0), 0)
    : (fmt.parseMoney(total) ?? 0);
  const diff = counted - expectedCents;
  const signed = (cents: number) => `${cents > 0 ? '+' : ''}${fmt.money(cents)}`;
  // Any change to the count is a new count: the question is asked again for it.
  const recount = <T,>(apply: (v: T) => void) => (v: T) => { setConfirming(false); apply(v); };
  const confirm = () => {
    if (Math.abs(diff) >= LARGE_DIFFERENCE_CENTS && !confirming) { setConfirming(true); return; }
    onConfirm(counted, note.trim());
  };
  return (
    <div className="cash-count">
      {byDenomination ? (
        <div className="denominations" data-testid="denominations">
          {EUR.map((d) => (
            <label key={d} className="denom">
              <span>{fmt.money(d)}</span>
              <input inputMode="numeric" value={counts[d] ?? ''} onChange={(e) => recount(setCounts)({ ...counts, [d]: e.target.value.replace(/\D/g, '') })} data-testid={`denom-${d}`} aria-label={fmt.money(d)} />
            </label>
          ))}
        </div>
      ) : (
        <label className="field">{t('shift.counted')}<input inputMode="decimal" value={total} onChange={(e) => recount(setTotal)(e.target.value)} data-testid="counted-total" /></label>
      )}
      <dl className="kv cash-compare">
        <div><dt>{t('shift.expected')}</dt><dd data-testid="cash-expected">{fmt.money(expectedCents)}</dd></div>
        <div><dt>{t('shift.counted')}</dt><dd data-testid="cash-counted">{fmt.money(counted)}</dd></div>
        <div><dt>{t('shift.difference')}</dt><dd data-testid="cash-difference" className={diff < 0 ? 'neg' : diff > 0 ? 'pos' : ''}>{diff > 0 ? '+' : ''}{fmt.money(diff)}</dd></div>
      </dl>
      <label className="field">{t('shift.note')}<input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} data-testid="close-note" /></label>
      {confirming ? (
        <div ref={askRef} className="confirm-box" role="alertdialog" aria-live="assertive" data-testid="difference-confirm">
          <p><strong>{t(diff < 0 ? 'shift.bigShort' : 'shift.bigOver', { diff: fmt.money(Math.abs(diff)), counted: fmt.money(counted), expected: fmt.money(expectedCents) })}</strong></p>
          <p className="muted">{t('shift.noteHint')}</p>
          <div className="row-actions wrap">
            <button type="button" className="btn btn-danger btn-lg" disabled={busy} onClick={confirm} data-testid="shift-close-anyway">{t('shift.closeAnyway', { diff: signed(diff) })}</button>
            <button type="button" className="btn btn-lg" onClick={() => setConfirming(false)} data-testid="count-again">{t('shift.countAgain')}</button>
          </div>
        </div>
      ) : (
        <div className="row-actions">
          <button type="button" className="btn btn-primary btn-lg" disabled={busy} onClick={confirm} data-testid="shift-close-confirm">{t('shift.confirmClose')}</button>
          <button type="button" className="btn btn-lg" onClick={onCancel}>{t('common.cancel')}</button>
        </div>
      )}
    </div>
  );
}
