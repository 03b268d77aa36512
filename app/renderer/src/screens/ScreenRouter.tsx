/** One screen at a time; the order screen is home and every other one is a tap away. */
import type { ScreenName } from '../context';
import { OrderScreen } from '../order/OrderScreen';
import { SubscriptionScreen } from '../license/SubscriptionScreen';
import { TablesScreen } from '../tables/TablesScreen';
import { OrdersScreen } from '../orders/OrdersScreen';
import { ShiftScreen } from '../shift/ShiftScreen';
import { ReportsScreen } from '../reports/ReportsScreen';
import { MenuEditor } from '../menu/MenuEditor';
import { SettingsScreen } from '../settings/SettingsScreen';

export const NAV: ScreenName[] = ['order', 'tables', 'orders', 'shift', 'reports', 'menu', 'settings'];

export function ScreenRouter({ screen }: { screen: ScreenName }) {
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
