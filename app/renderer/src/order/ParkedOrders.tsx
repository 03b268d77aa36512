/**
 * Open (parked) counter orders to pick up, right on the order screen (issue 11 item 12): an
 * order sent and left for later, or a draft another till started. Table orders are picked up
 * from Tables. Refreshed when core says orders changed and whenever this screen's order does.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/client';
import type { Formatters } from '../format';

interface ActiveOrder { id: string; number: number; status: string; tableId: string | null; totalCents: number; updatedAt: number; comment: string }

export interface ParkedOrdersProps {
  client: ApiClient;
  fmt: Formatters;
  /** The order on this screen: not offered again. */
  currentId: string | null;
  /** Changes whenever this screen's order changes (a send, a payment, a new order). */
  refreshKey: string;
  onPick(orderId: string): void;
}

/** Counter orders someone can continue; an empty draft (started, then cleared) is nothing to pick up. */
export function parkedOrders(all: readonly ActiveOrder[], currentId: string | null): ActiveOrder[] {
  return all.filter((o) => o.id !== currentId && o.tableId === null && (o.status === 'open' || o.totalCents > 0));
}

export function ParkedOrders({ client, fmt, currentId, refreshKey, onPick }: ParkedOrdersProps) {
  const { t } = useTranslation();
  const [orders, setOrders] = useState<ActiveOrder[]>([]);
  const [tick, setTick] = useState(0);
  useEffect(() => client.on('orders', () => setTick((n) => n + 1)), [client]);
  useEffect(() => {
    let alive = true;
    client.call('order.listActive', {}).then((all) => { if (alive) setOrders(all); }, () => undefined);
    return () => { alive = false; };
  }, [client, refreshKey, tick]);
  const shown = parkedOrders(orders, currentId);
  if (shown.length === 0) return null;
  return (
    <nav className="parked-strip" aria-label={t('order.parked')} data-testid="parked-orders">
      <span className="parked-label">{t('order.parked')}</span>
      {shown.map((o) => (
        <button type="button" key={o.id} className="parked-order" onClick={() => onPick(o.id)} data-testid="parked-order"
          title={o.comment || undefined}>
          <strong>#{o.number}</strong>
          <span>{fmt.money(o.totalCents)}</span>
          {o.comment && <span className="parked-comment">“{o.comment}”</span>}
          <span className="muted">{fmt.ago(o.updatedAt)}</span>
        </button>
      ))}
    </nav>
  );
}
