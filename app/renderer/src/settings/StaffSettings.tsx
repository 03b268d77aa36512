/** Staff and PINs: add a person with a role and PIN, change role, deactivate, reset a PIN. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { Role } from '../api/shapes';
import { useAction, useQuery } from '../hooks/useApi';

const ROLES: Role[] = ['cashier', 'manager', 'owner'];

export function StaffSettings() {
  const { t } = useTranslation();
  const { toast } = usePos();
  const list = useQuery('staff.list', { includeInactive: true });
  const { busy, run } = useAction();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [pin, setPin] = useState('');
  const [pinFor, setPinFor] = useState<{ id: string; pin: string } | null>(null);
  const done = (r: unknown) => { if (r !== undefined) list.reload(); };
  return (
    <div data-testid="staff-settings">
      <table className="data-table">
        <tbody>
          {list.data?.map((s) => (
            <tr key={s.id} className={s.active === false ? 'voided' : ''}>
              <td>{s.name}</td>
              <td><select value={s.role} onChange={(e) => void run('staff.update', { id: s.id, role: e.target.value as Role }).then(done)} aria-label={t('settings.role')}>
                {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}</select></td>
              <td><span className="row-actions tight nowrap">
                {pinFor?.id === s.id ? (
                  <form onSubmit={(e) => { e.preventDefault(); void run('staff.setPin', { id: s.id, pin: pinFor.pin }).then((r) => { if (r !== undefined) { setPinFor(null); toast(t('settings.pinChanged'), 'success'); } }); }}>
                    <input className="inline-input num-input" type="password" inputMode="numeric" value={pinFor.pin} onChange={(e) => setPinFor({ id: s.id, pin: e.target.value.replace(/\D/g, '').slice(0, 6) })} aria-label={t('settings.newPin')} data-autofocus />
                    <button type="submit" className="btn" disabled={busy}>{t('common.save')}</button>
                  </form>
                ) : <button type="button" className="btn" onClick={() => setPinFor({ id: s.id, pin: '' })}>{t('settings.setPin')}</button>}
                <button type="button" className="btn btn-ghost" onClick={() => void run('staff.update', { id: s.id, active: s.active === false }).then(done)}>
                  {s.active === false ? t('settings.reactivate') : t('settings.deactivate')}</button>
              </span></td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="row-actions" onSubmit={(e) => { e.preventDefault(); void run('staff.create', { name: name.trim(), role, pin }).then((r) => { if (r !== undefined) { setName(''); setPin(''); list.reload(); } }); }} data-testid="staff-form">
        <input className="inline-input" required value={name} onChange={(e) => setName(e.target.value)} placeholder={t('common.name')} aria-label={t('common.name')} data-testid="staff-name" />
        <select value={role} onChange={(e) => setRole(e.target.value as Role)} aria-label={t('settings.role')}>{ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}</select>
        <input className="inline-input num-input" type="password" inputMode="numeric" required pattern="\d{4,6}" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 6))} placeholder="PIN" aria-label="PIN" data-testid="staff-pin" />
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="staff-add">{t('common.add')}</button>
      </form>
    </div>
  );
}
