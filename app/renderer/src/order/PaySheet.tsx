/**
 * Amount due large; quick cash (exact, next 5, 10, 20, 50), card, split tender (cash part +
 * card rest). After a cash payment the change is shown huge, then the receipt choice.
 * The common case — exact cash or card — is one tap.
 */
import type { CommandResult } from '../api/client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Sheet } from '../components/Sheet';
import type { ApiClient } from '../api/client';
import type { Order, PayResult, Tender } from '../api/shapes';
import type { Formatters } from '../format';
import { errorText } from '../errors';
import { toApiError } from '../api/client';
import { quickCashAmounts } from './catalog-view';
import { OpenShiftForPayment } from './OpenShiftForPayment';
import { SendStatus } from './SendStatus';

/** payment.take also answers what a paid counter order sent to its stations (issue 11). */
type PayAnswer = CommandResult<'payment.take'>;

export interface PaySheetProps {
  client: ApiClient;
  order: Order;
  fmt: Formatters;
  onPaid(result: PayResult): void;
  onReceipt(choice: 'print' | 'show' | 'none', order: Order): void;
  onClose(): void;
  /** Pay only this part of the bill (split bill); default: everything still due. */
  amountCents?: number;
}

export function PaySheet({ client, order, fmt, onPaid, onReceipt, onClose, amountCents }: PaySheetProps) {
  const { t } = useTranslation();
  const due = Math.min(amountCents ?? order.dueCents, order.dueCents);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [split, setSplit] = useState(false);
  const [cashPart, setCashPart] = useState('');
  const [tendered, setTendered] = useState('');
  const [done, setDone] = useState<PayAnswer | null>(null);
  const [kitchenDone, setKitchenDone] = useState(false);
  // Cash refused because no shift is open (core's SHIFT_NOT_OPEN): the tenders wait here while
  // the cashier counts the float, then the same payment goes through.
  const [needsShift, setNeedsShift] = useState<Tender[] | null>(null);
  const factor = 10 ** fmt.minorDigits;

  async function pay(tenders: Tender[]) {
    setBusy(true); setError(null);
    try {
      const result = await client.call('payment.take', { orderId: order.id, tenders });
      setDone(result);
      onPaid(result);
    } catch (e) {
      if (toApiError(e).code === 'SHIFT_NOT_OPEN') setNeedsShift(tenders);
      else setError(errorText(t, e));
    } finally { setBusy(false); }
  }

  const payCash = (tenderedCents: number) => pay([{ method: 'cash', amountCents: due, tenderedCents }]);
  const payCard = () => pay([{ method: 'card', amountCents: due }]);
  const paySplit = () => {
    const cash = fmt.parseMoney(cashPart);
    if (cash === null || cash <= 0 || cash >= due) { setError(t('pay.splitInvalid')); return; }
    void pay([{ method: 'cash', amountCents: cash, tenderedCents: cash }, { method: 'card', amountCents: due - cash }]);
  };

  if (done) {
    const paidOrder = done.order;
    const kitchenJobs = (done.kitchen?.tickets ?? []).flatMap((k) => k.printJobIds);
    return (
      <Sheet title={t('pay.done')} onClose={() => onReceipt('none', paidOrder)} testId="pay-done">
        {done.changeCents > 0 ? (
          <div className="change-due">
            <span>{t('pay.change')}</span>
            <strong data-testid="change-due">{fmt.money(done.changeCents)}</strong>
          </div>
        ) : (
          <div className="change-due"><span>{t('pay.noChange')}</span><strong data-testid="change-due">{fmt.money(0)}</strong></div>
        )}
        {kitchenJobs.length > 0 && !kitchenDone && (
          <SendStatus client={client} jobIds={kitchenJobs} onPrinted={() => setKitchenDone(true)} onDismiss={() => setKitchenDone(true)} showError={(e) => setError(errorText(t, e))} />
        )}
        {kitchenJobs.length > 0 && kitchenDone && <p className="send-status" data-testid="pay-kitchen-sent">{t('order.sent')}</p>}
        <p className="muted">{t('pay.receiptQuestion')}</p>
        <div className="row-actions">
          <button type="button" className="btn btn-lg btn-primary" onClick={() => onReceipt('print', paidOrder)} data-testid="receipt-print">{t('pay.receiptPrint')}</button>
          <button type="button" className="btn btn-lg" onClick={() => onReceipt('show', paidOrder)} data-testid="receipt-show">{t('pay.receiptShow')}</button>
          <button type="button" className="btn btn-lg" onClick={() => onReceipt('none', paidOrder)} data-testid="receipt-none" data-autofocus>{t('pay.receiptNone')}</button>
        </div>
      </Sheet>
    );
  }

  if (needsShift) {
    const pending = needsShift;
    return (
      <Sheet title={t('pay.title')} onClose={busy ? undefined : () => setNeedsShift(null)} testId="pay-needs-shift">
        <OpenShiftForPayment client={client} fmt={fmt}
          onOpened={() => { setNeedsShift(null); void pay(pending); }}
          onCancel={() => setNeedsShift(null)} />
      </Sheet>
    );
  }

  const custom = fmt.parseMoney(tendered);
  return (
    <Sheet title={t('pay.title')} onClose={busy ? undefined : onClose} testId="pay-sheet" wide>
      <div className="amount-due">
        <span>{t('pay.due')}</span>
        <strong data-testid="amount-due">{fmt.money(due)}</strong>
      </div>
      {error && <p className="form-error" role="alert" data-testid="pay-error">{error}</p>}
      {!split ? (
        <>
          <div className="quick-cash" data-testid="quick-cash">
            {quickCashAmounts(due, factor).map((amount, i) => (
              <button type="button" key={amount} className={i === 0 ? 'btn btn-xl btn-primary' : 'btn btn-xl'} disabled={busy}
                onClick={() => void payCash(amount)} data-testid={i === 0 ? 'cash-exact' : `cash-${amount}`}>
                {i === 0 ? t('pay.exact') : fmt.money(amount)}
              </button>
            ))}
          </div>
          <div className="pay-row">
            <label className="field">{t('pay.tendered')}
              <input inputMode="decimal" value={tendered} onChange={(e) => setTendered(e.target.value)} data-testid="cash-tendered"
                onKeyDown={(e) => { if (e.key === 'Enter' && custom !== null && custom >= due) { e.preventDefault(); void payCash(custom); } }} />
            </label>
            <button type="button" className="btn btn-lg" disabled={busy || custom === null || custom < due} onClick={() => custom !== null && void payCash(custom)} data-testid="cash-custom">
              {t('pay.cash')}{custom !== null && custom >= due ? ` · ${t('pay.change')} ${fmt.money(custom - due)}` : ''}
            </button>
          </div>
          <div className="row-actions">
            <button type="button" className="btn btn-xl btn-card" disabled={busy} onClick={() => void payCard()} data-testid="pay-card">{t('pay.card')}</button>
            <button type="button" className="btn btn-lg btn-ghost" disabled={busy} onClick={() => setSplit(true)} data-testid="pay-split">{t('pay.split')}</button>
          </div>
        </>
      ) : (
        <div className="split-tender">
          <label className="field">{t('pay.cashPart')}
            <input inputMode="decimal" value={cashPart} onChange={(e) => setCashPart(e.target.value)} data-testid="split-cash" data-autofocus />
          </label>
          <p>{t('pay.cardRest', { amount: fmt.money(Math.max(0, due - (fmt.parseMoney(cashPart) ?? 0))) })}</p>
          <div className="row-actions">
            <button type="button" className="btn btn-lg btn-primary" disabled={busy} onClick={paySplit} data-testid="split-confirm">{t('pay.confirm')}</button>
            <button type="button" className="btn btn-lg" onClick={() => setSplit(false)}>{t('common.back')}</button>
          </div>
        </div>
      )}
    </Sheet>
  );
}
