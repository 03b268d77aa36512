import { useState } from 'react';
import { parseDecimal } from '../../../shared/money';
import { useTranslation } from 'react-i18next';
import { useAction, useQuery } from '../hooks/useApi';
import { Skeleton } from '../components/Skeleton';

export function TaxSettings() {
  const { t } = useTranslation();
  const rates = useQuery('tax.listRates', {});
  const { busy, run } = useAction();
  const [name, setName] = useState('');
  const [rate, setRate] = useState('');
  const bp = parseDecimal(rate, 2);
  return (
    <div data-testid="tax-settings">
      {!rates.data && <Skeleton rows={3} />}
      <table className="data-table">
        <tbody>{rates.data?.map((r) => <tr key={r.id}><td>{r.name}</td><td className="num">{(r.rateBp / 100).toLocaleString()}%</td></tr>)}</tbody>
      </table>
      <form className="row-actions" onSubmit={(e) => { e.preventDefault(); if (name.trim() && bp !== null) void run('tax.createRate', { name: name.trim(), rateBp: bp }).then((r) => { if (r) { setName(''); setRate(''); rates.reload(); } }); }}>
        <input className="inline-input" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('settings.taxName')} aria-label={t('settings.taxName')} />
        <input className="inline-input num-input" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} placeholder="24" aria-label={t('settings.taxRate')} />%
        <button type="submit" className="btn" disabled={busy}>{t('common.add')}</button>
      </form>
    </div>
  );
}
