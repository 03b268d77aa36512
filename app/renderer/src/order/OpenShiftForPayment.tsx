/**
 * Cash needs an open shift (core refuses it with SHIFT_NOT_OPEN unless the shop allows cash
 * without one). Inside the pay sheet the cashier reads why, counts the float and opens the shift
 * here, then the payment they chose goes through — no trip to the Shift screen mid-sale.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/client';
import { toApiError } from '../api/client';
import type { Formatters } from '../format';
import { errorText } from '../errors';

export function OpenShiftForPayment({ client, fmt, onOpened, onCancel }: {
  client: ApiClient; fmt: Formatters; onOpened(): void; onCancel(): void;
}) {
  const { t } = useTranslation();
  const [float, setFloat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cents = fmt.parseMoney(float || '0');

  async function open() {
    if (cents === null || cents < 0) return;
    setBusy(true); setError(null);
    try {
      await client.call('shift.open', { openingFloatCents: cents });
      onOpened();
    } catch (e) {
      // Someone opened it on another device meanwhile: the payment can go ahead.
      if (toApiError(e).code === 'SHIFT_ALREADY_OPEN') onOpened();
      else setError(errorText(t, e));
    } finally { setBusy(false); }
  }

  return (
    <form className="form narrow" data-testid="needs-shift" onSubmit={(e) => { e.preventDefault(); void open(); }}>
      <p role="alert" className="notice" data-testid="needs-shift-message">{t('pay.needsShift')}</p>
      <label className="field">{t('shift.float')}
        <input inputMode="decimal" value={float} onChange={(e) => setFloat(e.target.value)} data-testid="needs-shift-float" placeholder="100.00" data-autofocus />
      </label>
      {error && <p className="form-error" role="alert" data-testid="needs-shift-error">{error}</p>}
      <div className="row-actions">
        <button type="submit" className="btn btn-lg btn-primary" disabled={busy || cents === null || cents < 0} data-testid="needs-shift-open">{t('pay.openShiftAndPay')}</button>
        <button type="button" className="btn btn-lg" disabled={busy} onClick={onCancel} data-testid="needs-shift-back">{t('common.back')}</button>
      </div>
    </form>
  );
}
