/** One screen at a time; the order screen is home and every other one is a tap away. */
import type { ScreenName } from '../context';
import { OrderScreen } from '../order/OrderScreen';
import { SubscriptionScreen } from '../license/SubscriptionScreen';
import { ComingSoon } from './ComingSoon';

export const NAV: ScreenName[] = ['order', 'tables', 'orders', 'shift', 'reports', 'menu', 'settings'];

export function ScreenRouter({ screen }: { screen: ScreenName }) {
  switch (screen) {
    case 'order': return <OrderScreen />;
    case 'subscription': return <SubscriptionScreen />;
    default: return <ComingSoon screen={screen} />;
  }
}
