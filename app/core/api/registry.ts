/**
 * Every module's command map, spread into one surface: one line per module.
 * Names are `<module>.<verb>` (e.g. `order.addLine`).
 */
import { backupCommands } from '../db/commands';
import { printCommands } from '../print/commands';
import { catalogCommands } from '../pos/catalog/commands';
import { orderCommands } from '../pos/orders/commands';
import { paymentCommands } from '../pos/payments/commands';
import { receiptCommands } from '../pos/receipts/commands';
import { refundCommands } from '../pos/refunds/commands';
import { reportCommands } from '../pos/reports/commands';
import { settingsCommands } from '../pos/settings/commands';
import { shiftCommands } from '../pos/shifts/commands';
import { staffCommands } from '../pos/staff/commands';
import { tableCommands } from '../pos/tables/commands';
import { demoCommands } from '../pos/demo/demo-shop';
import type { CommandMap } from './command';

export const coreCommands = {
  ...staffCommands,
  ...catalogCommands,
  ...orderCommands,
  ...paymentCommands,
  ...tableCommands,
  ...refundCommands,
  ...backupCommands,
  ...shiftCommands,
  ...reportCommands,
  ...receiptCommands,
  ...settingsCommands,
  ...printCommands,
  ...demoCommands,
} satisfies CommandMap;
