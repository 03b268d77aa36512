/**
 * Every core command the renderer uses, in one place: the names follow core's
 * `<module>.<verb>` convention (app/core/api/registry.ts). If core renames one, this is the
 * only file to touch.
 */
export const CMD = {
  // license agent
  licenseStatus: 'license.status',
  licenseActivate: 'license.activate',
  licenseCheckout: 'license.checkout',
  licenseInstant: 'license.instant',
  /** `{ email, sessionId }` of the checkout this computer opened and still waits for, or null. */
  licensePendingCheckout: 'license.pendingCheckout',
  licenseTakeOver: 'license.takeOver',
  licenseCheckNow: 'license.check',
  licensePortal: 'license.portal',
  licenseRecover: 'license.recover',
  licenseDeactivate: 'license.deactivate',
  /** With `{ email, token, machineId }`: frees another machine's seat (MACHINE_LIMIT). */
  licenseDeactivateMachine: 'license.deactivate',
  /** The subscription's active computers (`{ machines }`, this one `current`). */
  licenseMachines: 'license.machines',
  // the computer's disk (free space low / full)
  systemDisk: 'system.disk',
  // staff
  staffListForLogin: 'staff.listForLogin',
  staffBootstrapOwner: 'staff.bootstrapOwner',
  staffList: 'staff.list',
  staffCreate: 'staff.create',
  staffUpdate: 'staff.update',
  staffSetPin: 'staff.setPin',
  // catalog
  categoryList: 'catalog.listCategories',
  itemList: 'catalog.listItems',
  taxRateList: 'tax.listRates',
  catalogByBarcode: 'catalog.findByBarcode',
  categoryCreate: 'catalog.createCategory',
  categoryUpdate: 'catalog.updateCategory',
  itemCreate: 'catalog.createItem',
  itemUpdate: 'catalog.updateItem',
  itemArchive: 'catalog.setItemArchived',
  /** A category's kitchen station (or null: not sent). */
  categoryStation: 'catalog.setCategoryStation',
  // orders
  orderCreate: 'order.create',
  orderGet: 'order.get',
  orderList: 'order.list',
  orderAddLine: 'order.addLine',
  orderUpdateLine: 'order.updateLine',
  orderRemoveLine: 'order.removeLine',
  orderDiscount: 'order.setDiscount',
  orderDetails: 'order.setDetails',
  orderSend: 'order.send',
  kitchenSend: 'kitchen.send',
  orderListActive: 'order.listActive',
  orderListOfDay: 'order.listOfDay',
  orderVoid: 'order.void',
  orderRefund: 'order.refund',
  paymentTake: 'payment.take',
  receiptHtml: 'receipt.html',
  receiptPrint: 'receipt.print',
  // tables
  tableList: 'table.list',
  tableOpen: 'table.open',
  tableCreate: 'table.create',
  billSplitByItems: 'bill.splitByItems',
  billSplitEqually: 'bill.splitEqually',
  // shifts
  shiftCurrent: 'shift.current',
  shiftOpen: 'shift.open',
  shiftCashIn: 'shift.cashIn',
  shiftCashOut: 'shift.cashOut',
  shiftX: 'shift.xReport',
  shiftClose: 'shift.close',
  zReportPrint: 'shift.printZReport',
  // reports
  reportSales: 'reports.sales',
  reportCsv: 'reports.csv',
  // settings, printers, devices, backups
  settingsGet: 'settings.get',
  settingsUpdate: 'settings.update',
  printerTest: 'print.test',
  printJobs: 'print.jobs',
  printRetry: 'print.retry',
  /** "Print elsewhere": a waiting job goes to another printer. */
  printMove: 'print.move',
  /** "No sale": a manager opens the cash drawer (audited). */
  drawerOpen: 'drawer.open',
  taxCreate: 'tax.createRate',
  taxUpdate: 'tax.updateRate',
  pairingCode: 'device.pairingCode',
  deviceList: 'device.list',
  deviceRevoke: 'device.revoke',
  backupList: 'backup.list',
  backupRun: 'backup.run',
  backupRestore: 'backup.restore',
  demoLoad: 'demo.load',
} as const;

export type CommandName = (typeof CMD)[keyof typeof CMD];
