/**
 * Shift: open with a float; cash in/out with a reason; X-report (look, print); close as a guided
 * form — count the drawer by denomination, see expected vs counted, confirm — then the Z-report.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { ZReport } from '../../../core/pos/shifts/shifts';
import { useAction, useQuery } from '../hooks/useApi';
import { Skeleton, ErrorState } from '../components/Skeleton';
import { errorText } from '../errors';
import { ShiftReportView } from './ShiftReportView';
import { CashCount } from './CashCount';
import { may } from '../screens/role-rules';
import { WhyDisabled } from '../screens/WhyDisabled';
import { minorToDecimal } from '../../../shared/money';

export function ShiftScreen() {
  const { t } = useTranslation();
  const { fmt, toast, staff } = usePos();
  const shift = useQuery('shift.current', {});
  const x = useQuery(shift.data ? 'shift.xReport' : null, { print: false }, [shift.data?.id]);
  // The next float can start from what the last close counted (issue 11 item 11).
  const lastCount = useQuery(shift.data === null ? 'shift.floatSuggestion' : null, {}, [shift.data === null]);
  const { busy, run } = useAction();
  const [float, setFloat] = useState('');
  const [move, setMove] = useState<{ kind: 'in' | 'out'; amount: string; reason: string } | null>(null);
  const [closing, setClosing] = useState(false);
  const [z, setZ] = useState<ZReport | null>(null);

  if (z) {
    return (
      <section className="panel" data-testid="zreport-screen">
        <h1>{t('shift.zTitle', { number: z.number })}</h1>
        <ShiftReportView summary={z.summary} kind="Z" />
        <div className="row-actions">
          <button type="button" className="btn btn-primary btn-lg" disabled={busy} data-testid="z-print" onClick={() => void run('shift.printZReport', { number: z.number }).then((r) => { if (r) toast(t('receipt.sent'), 'success'); })}>{t('shift.printZ')}</button>
          <button type="button" className="btn btn-lg" onClick={() => { setZ(null); shift.reload(); }}>{t('common.close')}</button>
        </div>
      </section>
    );
  }
  if (shift.error) return <section className="panel"><ErrorState message={errorText(t, shift.error)} onRetry={shift.reload} retryLabel={t('common.retry')} /></section>;
  if (shift.data === undefined) return <section className="panel"><Skeleton rows={6} /></section>;

  if (shift.data === null) {
    const cents = fmt.parseMoney(float || '0');
    return (
      <section className="panel" data-testid="shift-screen">
        <h1>{t('shift.noneOpen')}</h1>
        <form className="form narrow" onSubmit={(e) => { e.preventDefault(); if (cents !== null) void run('shift.open', { openingFloatCents: cents }).then((r) => { if (r) shift.reload(); }); }}>
          <label>{t('shift.float')}<input inputMode="decimal" value={float} onChange={(e) => setFloat(e.target.value)} data-testid="shift-float" placeholder="100.00" /></label>
          {lastCount.data && (
            <button type="button" className="btn btn-ghost float-from-drawer" data-testid="float-from-drawer"
              onClick={() => setFloat(minorToDecimal(lastCount.data?.countedCashCents ?? 0, fmt.minorDigits))}>
              {t('shift.floatFromDrawer', { amount: fmt.money(lastCount.data.countedCashCents), number: lastCount.data.shiftNumber })}
            </button>
          )}
          <button type="submit" className="btn btn-primary btn-lg" disabled={busy || cents === null} data-testid="shift-open">{t('shift.open')}</button>
        </form>
      </section>
    );
  }

  const s = shift.data;
  const summary = x.data?.summary;
  if (closing && summary) {
    return (
      <section className="panel" data-testid="shift-close">
        <h1>{t('shift.closeTitle', { number: s.number })}</h1>
        <CashCount expectedCents={summary.cash.expectedCents} busy={busy} onCancel={() => setClosing(false)}
          onConfirm={(counted, note) => void run('shift.close', { countedCashCents: counted, ...(note ? { note } : {}), print: true }).then((r) => {
            if (!r) return;
            if (r.printError) toast(errorText(t, r.printError), 'error');
            setClosing(false); setZ(r.zReport);
          })} />
      </section>
    );
  }
  const moveCents = move ? fmt.parseMoney(move.amount) : null;
  return (
    <section className="panel" data-testid="shift-screen">
      <div className="panel-head">
        <h1>{t('shift.openTitle', { number: s.number })}</h1>
        <span className="muted">{t('shift.openedAt', { time: fmt.dateTime(s.openedAt) })}</span>
      </div>
      {!summary && <Skeleton rows={6} />}
      {summary && <ShiftReportView summary={summary} kind="X" />}
      {move ? (
        <form className="form narrow" data-testid="cash-move-form" onSubmit={(e) => {
          e.preventDefault();
          if (moveCents === null || moveCents <= 0) return;
          void run(move.kind === 'in' ? 'shift.cashIn' : 'shift.cashOut', { amountCents: moveCents, reason: move.reason.trim() }).then((r) => { if (r) { setMove(null); x.reload(); } });
        }}>
          <h2>{move.kind === 'in' ? t('shift.cashIn') : t('shift.cashOut')}</h2>
          <label>{t('shift.amount')}<input inputMode="decimal" value={move.amount} onChange={(e) => setMove({ ...move, amount: e.target.value })} data-testid="cash-move-amount" data-autofocus /></label>
          <label>{t('orders.reason')}<input required value={move.reason} onChange={(e) => setMove({ ...move, reason: e.target.value })} data-testid="cash-move-reason" /></label>
          <div className="row-actions">
            <button type="submit" className="btn btn-primary btn-lg" disabled={busy || moveCents === null || moveCents <= 0 || !move.reason.trim()} data-testid="cash-move-save">{t('common.save')}</button>
            <button type="button" className="btn btn-lg" onClick={() => setMove(null)}>{t('common.cancel')}</button>
          </div>
        </form>
      ) : (
        <div className="row-actions wrap">
          <button type="button" className="btn btn-lg" onClick={() => setMove({ kind: 'in', amount: '', reason: '' })} data-testid="cash-in">{t('shift.cashIn')}</button>
          <button type="button" className="btn btn-lg" onClick={() => setMove({ kind: 'out', amount: '', reason: '' })} data-testid="cash-out" disabled={!may(staff?.role, 'cash.out')}
            aria-describedby={may(staff?.role, 'cash.out') ? undefined : 'why-cash-out'}>{t('shift.cashOut')}</button>
          {may(staff?.role, 'cash.out') && (
            <button type="button" className="btn btn-lg" disabled={busy} title={t('kitchen.noSaleHint')} data-testid="no-sale"
              onClick={() => void run('drawer.open', { idempotencyKey: crypto.randomUUID() }).then((r) => { if (r) toast(t('kitchen.noSaleDone'), 'success'); })}>{t('kitchen.noSale')}</button>
          )}
          <button type="button" className="btn btn-lg" disabled={busy} data-testid="x-print" onClick={() => void run('shift.xReport', { print: true }).then((r) => { if (r) toast(t('receipt.sent'), 'success'); })}>{t('shift.printX')}</button>
          <button type="button" className="btn btn-lg btn-primary" onClick={() => setClosing(true)} disabled={!summary || !may(staff?.role, 'shift.close')} data-testid="shift-close-start"
            aria-describedby={may(staff?.role, 'shift.close') ? undefined : 'why-shift-close'}>{t('shift.close')}</button>
          {!may(staff?.role, 'cash.out') && <WhyDisabled id="why-cash-out" text={t('shift.onlyManagerCashOut')} />}
          {!may(staff?.role, 'shift.close') && <WhyDisabled id="why-shift-close" text={t('shift.onlyManagerClose')} />}
        </div>
      )}
    </section>
  );
}
