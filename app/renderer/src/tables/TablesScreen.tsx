/**
 * Tables as cards: free / seated / ordered / bill printed, covers and the running total; tap a
 * free table to seat guests (how many) and order, a busy one to continue; print or split the
 * bill. A manager renames, sets covers, adds and deletes (free) tables.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { TableStatus } from '../../../core/pos/tables/tables';
import { useQuery } from '../hooks/useApi';
import { Skeleton, ErrorState } from '../components/Skeleton';
import { errorText } from '../errors';
import { SplitBillSheet } from './SplitBillSheet';
import { CoversSheet } from './CoversSheet';
import { TableEditSheet } from './TableEditSheet';

export function TablesScreen() {
  const { t } = useTranslation();
  const { client, fmt, navigate, showError, toast, canSell, staff } = usePos();
  const tables = useQuery('table.list', {});
  const [split, setSplit] = useState<string | null>(null);
  const [seating, setSeating] = useState<TableStatus | null>(null);
  const [editing, setEditing] = useState<TableStatus | null>(null);
  const [newName, setNewName] = useState('');
  const manager = staff?.role === 'owner' || staff?.role === 'manager';
  const reloadTables = tables.reload;
  useEffect(() => client.on('orders', () => reloadTables()), [client, reloadTables]);
  const open = (table: TableStatus) => {
    if (table.orderId) navigate('order', { orderId: table.orderId, tableId: table.id });
    else setSeating(table);
  };
  const seat = async (table: TableStatus, guests: number | null) => {
    setSeating(null);
    try {
      const order = await client.call('table.open', { tableId: table.id, ...(guests !== null ? { guests } : {}) });
      navigate('order', { orderId: order.id, tableId: table.id });
    } catch (e) { showError(e); }
  };
  const printBill = async (table: TableStatus) => {
    if (!table.orderId) return;
    try {
      await client.call('table.printBill', { orderId: table.orderId, idempotencyKey: crypto.randomUUID() });
      toast(t('tables.billSent'), 'success');
      tables.reload();
    } catch (e) { showError(e); }
  };
  const create = async () => {
    if (!newName.trim()) return;
    try { await client.call('table.create', { name: newName.trim() }); setNewName(''); tables.reload(); } catch (e) { showError(e); }
  };
  return (
    <section className="panel panel-wide" data-testid="tables-screen">
      <h1>{t('tables.title')}</h1>
      {tables.error && <ErrorState message={errorText(t, tables.error)} onRetry={tables.reload} retryLabel={t('common.retry')} />}
      {!tables.data && !tables.error && <Skeleton rows={8} tiles />}
      {tables.data && tables.data.length === 0 && <p className="muted">{t('tables.none')}</p>}
      <div className="table-grid">
        {tables.data?.map((table) => (
          <div key={table.id} className={`table-card table-${table.state}`} data-testid="table-card" data-status={table.state}>
            {manager && (
              <button type="button" className="icon-btn table-edit-btn" onClick={() => setEditing(table)} data-testid="table-edit-open"
                aria-label={`${t('tables.edit')} ${table.name}`} title={t('tables.edit')}>✎</button>
            )}
            <button type="button" className="table-main" onClick={() => open(table)} disabled={!table.orderId && !canSell} data-testid="table-open">
              <strong data-testid="table-name">{table.name}</strong>
              <span className="muted">{table.area}</span>
              <span className="table-status" data-testid="table-state">{t(`tables.status.${table.state}`)}</span>
              <span className="muted" data-testid="table-covers">
                {table.guests !== null ? t('tables.coversOf', { guests: table.guests, seats: table.seats }) : t('tables.seatsN', { count: table.seats })}
              </span>
              {table.orderId && <span className="table-total" data-testid="table-total">{fmt.money(table.totalCents - table.paidCents)}</span>}
              {table.openedAt && <span className="muted">{fmt.time(table.openedAt)}</span>}
            </button>
            <div className="row-actions wrap">
              {table.orderId && <button type="button" className="btn" onClick={() => setSplit(table.orderId)} data-testid="table-split">{t('tables.split')}</button>}
              {(table.state === 'ordered' || table.state === 'billPrinted') && (
                <button type="button" className="btn" onClick={() => void printBill(table)} data-testid="table-print-bill">{t('tables.printBill')}</button>
              )}
            </div>
          </div>
        ))}
      </div>
      {manager && (
        <div className="row-actions">
          <input className="inline-input" value={newName} onChange={(e) => setNewName(e.target.value)} placeholder={t('tables.newName')} data-testid="table-new-name" aria-label={t('tables.newName')} />
          <button type="button" className="btn" onClick={() => void create()} data-testid="table-create">{t('tables.add')}</button>
        </div>
      )}
      {seating && <CoversSheet table={seating} onClose={() => setSeating(null)} onPick={(g) => void seat(seating, g)} />}
      {editing && <TableEditSheet table={editing} onClose={(changed) => { setEditing(null); if (changed) tables.reload(); }} />}
      {split && <SplitBillSheet orderId={split} onClose={() => { setSplit(null); tables.reload(); }} />}
    </section>
  );
}
