/** A manager's table editor: rename, covers (seats), area; delete when the table is free. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { TableStatus } from '../../../core/pos/tables/tables';
import { useAction } from '../hooks/useApi';
import { Sheet } from '../components/Sheet';

export function TableEditSheet({ table, onClose }: { table: TableStatus; onClose(changed: boolean): void }) {
  const { t } = useTranslation();
  const { toast } = usePos();
  const { busy, run } = useAction();
  const [name, setName] = useState(table.name);
  const [seats, setSeats] = useState(table.seats);
  const [area, setArea] = useState(table.area);
  const [confirm, setConfirm] = useState(false);
  const occupied = table.orderId !== null;
  const save = async () => {
    const r = await run('table.update', { id: table.id, name: name.trim(), seats, area: area.trim() });
    if (r !== undefined) { toast(t('tables.saved'), 'success'); onClose(true); }
  };
  const remove = async () => {
    const r = await run('table.delete', { id: table.id });
    if (r !== undefined) { toast(t('tables.deleted'), 'success'); onClose(true); }
  };
  return (
    <Sheet title={t('tables.editTitle', { name: table.name })} onClose={() => onClose(false)} testId="table-edit">
      <form className="form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label>{t('tables.name')}<input value={name} maxLength={30} onChange={(e) => setName(e.target.value)} data-testid="table-edit-name" data-autofocus /></label>
        <div className="field" role="group" aria-labelledby={`seats-${table.id}`}><span id={`seats-${table.id}`}>{t('tables.seats')}</span>
          <span className="stepper">
            <button type="button" className="btn" onClick={() => setSeats((s) => Math.max(0, s - 1))} aria-label="−" data-testid="table-seats-minus">−</button>
            <strong data-testid="table-edit-seats">{seats}</strong>
            <button type="button" className="btn" onClick={() => setSeats((s) => Math.min(100, s + 1))} aria-label="+" data-testid="table-seats-plus">+</button>
          </span>
        </div>
        <label>{t('tables.area')}<input value={area} maxLength={30} onChange={(e) => setArea(e.target.value)} data-testid="table-edit-area" /></label>
        <div className="row-actions wrap">
          <button type="submit" className="btn btn-primary btn-lg" disabled={busy || !name.trim()} data-testid="table-edit-save">{t('common.save')}</button>
          {!confirm && (
            <button type="button" className="btn btn-danger" disabled={busy || occupied} onClick={() => setConfirm(true)} data-testid="table-delete"
              aria-describedby={occupied ? `why-${table.id}` : undefined}>{t('tables.delete')}</button>
          )}
        </div>
        {occupied && <p className="muted why" id={`why-${table.id}`} data-testid="table-delete-why">{t('tables.deleteBusy')}</p>}
        {confirm && (
          <div className="confirm-box" role="alertdialog" aria-label={t('tables.delete')}>
            <p>{t('tables.deleteConfirm', { name: table.name })}</p>
            <div className="row-actions">
              <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void remove()} data-testid="table-delete-confirm">{t('common.yes')}</button>
              <button type="button" className="btn" onClick={() => setConfirm(false)}>{t('common.cancel')}</button>
            </div>
          </div>
        )}
      </form>
    </Sheet>
  );
}
