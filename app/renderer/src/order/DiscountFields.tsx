/** Percent or amount discount with a reason. `undefined` = untouched, `null` = remove. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { DiscountRequest } from '../api/shapes';
import type { Formatters } from '../format';
import type { DiscountProblem } from './discount-check';
import { parseDecimal } from '../../../shared/money';

export function discountProblemText(t: TFunction, fmt: Formatters, p: DiscountProblem): string {
  if (p.kind === 'reason') return t('order.discountNeedsReason');
  if (p.kind === 'over100') return t('order.discountOver100');
  return t('order.discountTooMuch', { max: fmt.money(p.maxCents) });
}

export function DiscountFields({ fmt, onChange, problem = null }: { fmt: Formatters; onChange(d: DiscountRequest | undefined): void; problem?: DiscountProblem | null }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const emit = (k: typeof kind, v: string, r: string) => {
    if (v.trim() === '') { onChange(undefined); return; }
    const parsed = k === 'percent' ? parseDecimal(v, 2) : fmt.parseMoney(v);
    if (parsed === null || !Number.isFinite(parsed) || parsed < 0) { onChange(undefined); return; }
    onChange(parsed === 0 ? { discount: null, reason: null } : { discount: k === 'percent' ? { kind: 'percent', value: parsed } : { kind: 'amount', value: parsed }, reason: r.trim() || null });
  };
  return (
    <fieldset className="discount-fields">
      <legend>{t('order.discount')}</legend>
      <div className="seg">
        <button type="button" className={kind === 'percent' ? 'on' : ''} onClick={() => { setKind('percent'); emit('percent', value, reason); }}>%</button>
        <button type="button" className={kind === 'amount' ? 'on' : ''} onClick={() => { setKind('amount'); emit('amount', value, reason); }}>{fmt.money(0).replace(/[\d.,\s]/g, '') || '€'}</button>
      </div>
      <input inputMode="decimal" value={value} onChange={(e) => { setValue(e.target.value); emit(kind, e.target.value, reason); }} placeholder={kind === 'percent' ? '10' : '1.50'} data-testid="discount-value" aria-label={t('order.discountValue')} />
      <input value={reason} onChange={(e) => { setReason(e.target.value); emit(kind, value, e.target.value); }} placeholder={t('order.discountReason')} data-testid="discount-reason" aria-label={t('order.discountReason')} />
      {problem && <p className="form-error" role="alert" data-testid="discount-problem">{discountProblemText(t, fmt, problem)}</p>}
    </fieldset>
  );
}
