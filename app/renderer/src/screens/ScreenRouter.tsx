/**
 * One screen at a time; the order screen is home and every other one is a tap away. The order
 * screen is in the first bundle; back-office screens (charts, editors) load on first use so the
 * till is interactive sooner.
 */
import { Suspense, lazy } from 'react';
import type { ScreenName } from '../context';
import { OrderScreen } from '../order/OrderScreen';
import { Skeleton } from '../components/Skeleton';

const SubscriptionScreen = lazy(() => import('../license/SubscriptionScreen').then((m) => ({ default: m.SubscriptionScreen })));
const TablesScreen = lazy(() => import('../tables/TablesScreen').then((m) => ({ default: m.TablesScreen })));
const OrdersScreen = lazy(() => import('../orders/OrdersScreen').then((m) => ({ default: m.OrdersScreen })));
const ShiftScreen = lazy(() => import('../shift/ShiftScreen').then((m) => ({ default: m.ShiftScreen })));
const ReportsScreen = lazy(() => import('../reports/ReportsScreen').then((m) => ({ default: m.ReportsScreen })));
const MenuEditor = lazy(() => import('../menu/MenuEditor').then((m) => ({ default: m.MenuEditor })));
const SettingsScreen = lazy(() => import('../settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));

export const NAV: ScreenName[] = ['order', 'tables', 'orders', 'shift', 'reports', 'menu', 'settings'];

/** Cashiers don't see screens their role cannot use (reports, menu editing); core enforces it anyway. */
export function navFor(role: 'owner' | 'manager' | 'cashier'): ScreenName[] {
  return role === 'cashier' ? NAV.filter((n) => n !== 'reports' && n !== 'menu') : NAV;
}

function Screen({ screen }: { screen: ScreenName }) {
  switch (screen) {
    case 'order': return <OrderScreen />;
    case 'tables': return <TablesScreen />;
    case 'orders': return <OrdersScreen />;
    case 'shift': return <ShiftScreen />;
    case 'reports': return <ReportsScreen />;
    case 'menu': return <MenuEditor />;
    case 'settings': return <SettingsScreen />;
    case 'subscription': return <SubscriptionScreen />;
  }
}

export function ScreenRouter({ screen }: { screen: ScreenName }) {
  return (
    <Suspense fallback={<section className="panel"><Skeleton rows={6} /></section>}>
      <Screen screen={screen} />
    </Suspense>
  );
}
