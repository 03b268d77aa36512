/** Tables as cards: free / seated with the running total; tap to open or continue; split a bill. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { TableStatus } from '../../../core/pos/tables/tables';
import { useQuery } from '../hooks/useApi';
import { Skeleton, ErrorState } from '../components/Skeleton';
import { errorText } from '../errors';
import { SplitBillSheet } from './SplitBillSheet';

export function TablesScreen() {
  const { t } = useTranslation();
  const { client, fmt, navigate, showError, canSell, staff } = usePos();
  const tables = useQuery('table.list', {});
  const [split, setSplit] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const reloadTables = tables.reload;
  useEffect(() => client.on('orders', () => reloadTables()), [client, reloadTables]);
  const open = async (table: TableStatus) => {
    if (table.orderId) { navigate('order', { orderId: table.orderId, tableId: table.id }); return; }
    try {
      const order = await client.call('table.open', { tableId: table.id });
      navigate('order', { orderId: order.id, tableId: table.id });
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
        {tables.data?.map((table) => {
          const status = table.orderId ? 'seated' : 'free';
          return (
            <div key={table.id} className={`table-card table-${status}`} data-testid="table-card" data-status={status}>
              <button type="button" className="table-main" onClick={() => void open(table)} disabled={!table.orderId && !canSell} data-testid="table-open">
                <strong>{table.name}</strong>
                <span className="muted">{table.area}</span>
                <span className="table-status">{t(`tables.status.${status}`)}</span>
                {table.orderId && <span className="table-total" data-testid="table-total">{fmt.money(table.totalCents - table.paidCents)}</span>}
                {table.openedAt && <span className="muted">{fmt.time(table.openedAt)}</span>}
              </button>
              {table.orderId && <button type="button" className="btn" onClick={() => setSplit(table.orderId)} data-testid="table-split">{t('tables.split')}</button>}
            </div>
          );
        })}
      </div>
      {staff?.role !== 'cashier' && (
        <div className="row-actions">
          <input className="inline-input" value={newName} onChange={(e) => setNewName(e.target.value)} placeholder={t('tables.newName')} data-testid="table-new-name" aria-label={t('tables.newName')} />
          <button type="button" className="btn" onClick={() => void create()} data-testid="table-create">{t('tables.add')}</button>
        </div>
      )}
      {split && <SplitBillSheet orderId={split} onClose={() => { setSplit(null); tables.reload(); }} />}
    </section>
  );
}
