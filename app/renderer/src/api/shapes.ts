/**
 * The shapes the screens read, each one derived from core's command registry (what the command
 * answers) or re-exported from core's own types: nothing here is copied by hand, so a changed
 * result in core is a compile error in the screen that reads it. Money is integer cents.
 */
import type { CommandResult } from './client';
import type { LineView } from '../../../core/pos/orders/order-view';
import type { Discount } from '../../../core/pos/taxes/totals';

export type { LicenseStatus } from '../../../core/license/agent';
export type { SessionHolder, RegisteredMachine as LicenseMachine } from '../../../core/license/problems';
export type { DiskStatus } from '../../../core/db/disk-space';
export type { Role } from '../../../core/pos/staff/permissions';
export type { ItemView as CatalogItem, OptionGroupView as OptionGroup } from '../../../core/pos/catalog/catalog';
export type { OrderView as Order, LineOptionView as LineOption } from '../../../core/pos/orders/order-view';
export type { PaymentResult as PayResult, Tender } from '../../../core/pos/payments/payments';
export type { ShopSettings as Settings, PrinterSettings as Printer } from '../../../core/pos/settings/settings-schema';
export type { Discount };

type StaffRow = CommandResult<'staff.list'>[number];
/** A staff member as a screen holds one: the session's id, name and role, the list's other fields when known. */
export type StaffMember = Pick<StaffRow, 'id' | 'name' | 'role'> & Partial<StaffRow>;
export type TaxRate = CommandResult<'tax.listRates'>[number];
export type Category = CommandResult<'catalog.listCategories'>[number];

/** What the order screen holds: the categories and items it sells from. */
export interface Catalog { categories: Category[]; items: CommandResult<'catalog.listItems'>; taxRates?: TaxRate[] }

/**
 * A line as the ticket shows it: core's line plus the screen's own state, `pending` while its add
 * is in flight and `pendingCents` the part of its total core has not counted yet.
 */
export type OrderLine = LineView & { pending?: boolean; pendingCents?: number };

/** A discount as the screen asks for it: the amount/percent plus the reason core requires. */
export interface DiscountRequest { discount: Discount | null; reason: string | null }
