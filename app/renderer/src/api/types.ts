/**
 * The shapes the screens read. They mirror core's results; money is integer cents.
 */
export type Role = 'owner' | 'manager' | 'cashier';

export interface StaffMember { id: string; name: string; role: Role; active?: boolean }

import type { LicenseStatus as AgentLicenseStatus, ActionResult } from '../../../core/license/agent';
import type { SessionHolder as AgentSessionHolder, RegisteredMachine, AgentProblem } from '../../../core/license/problems';

export type LicenseStatus = AgentLicenseStatus;
export type LicenseState = AgentLicenseStatus['state'];
export type SessionHolder = AgentSessionHolder;
export type LicenseMachine = RegisteredMachine;
export type { ActionResult, AgentProblem };
export type { DiskStatus } from '../../../core/db/disk-space';

// Core's own result types (types only: the renderer never runs core code).
import type { Category as CoreCategory, ItemView, OptionGroupView, OptionView } from '../../../core/pos/catalog/catalog';
import type { OrderView, LineView, LineOptionView, PaymentView, DiscountView, OrderStatus as CoreOrderStatus } from '../../../core/pos/orders/order-view';
import type { PaymentResult, Tender } from '../../../core/pos/payments/payments';
import type { Discount as CoreDiscount } from '../../../core/pos/taxes/totals';

export type Category = CoreCategory & { color?: string | null };
export type CatalogItem = ItemView;
export type OptionGroup = OptionGroupView;
export type OptionChoice = OptionView;
export type Order = OrderView;
/** `pending`: not yet in core; `pendingCents`: the part of the line's total core has not counted yet. */
export type OrderLine = LineView & { pending?: boolean; pendingCents?: number };
export type LineOption = LineOptionView;
export type Payment = PaymentView;
export type OrderStatus = CoreOrderStatus;
export type PayResult = PaymentResult;
export type { Tender, DiscountView };
export type Discount = CoreDiscount;
/** A discount as the screen asks for it: the amount/percent plus the reason core requires. */
export interface DiscountRequest { discount: Discount | null; reason: string | null }

export interface TaxRate { id: string; name: string; rateBp: number }

export interface Catalog { categories: Category[]; items: CatalogItem[]; taxRates?: TaxRate[] }

import type { ShopSettings, PrinterSettings } from '../../../core/pos/settings/settings-schema';
export type Settings = ShopSettings;
export type Printer = PrinterSettings;

export type TableStatus = 'free' | 'seated' | 'ordered' | 'billPrinted';
export interface DiningTable { id: string; name: string; status: TableStatus; orderId?: string | null; totalCents?: number; seats?: number; openedAt?: number | null }

export interface Shift {
  id: string;
  number?: number;
  openedAt: number;
  openedBy?: string;
  openingFloatCents: number;
  expectedCashCents?: number;
}

export interface ShiftReport {
  kind: 'X' | 'Z';
  number?: number | null;
  shiftId: string;
  openedAt: number;
  closedAt?: number | null;
  salesCents: number;
  orderCount: number;
  byMethod: { method: string; amountCents: number }[];
  byTaxRate?: { rateBp: number; netCents: number; taxCents: number }[];
  byCategory?: { name: string; amountCents: number }[];
  refundsCents?: number;
  voidsCount?: number;
  discountsCents?: number;
  cashInCents?: number;
  cashOutCents?: number;
  expectedCashCents: number;
  countedCashCents?: number | null;
  differenceCents?: number | null;
}

export interface SalesReport {
  from: string;
  to: string;
  totalCents: number;
  orderCount: number;
  averageCents: number;
  byHour: { hour: number; amountCents: number }[];
  byCategory: { name: string; amountCents: number }[];
  byMethod: { method: string; amountCents: number }[];
  topItems: { name: string; quantity: number; amountCents: number }[];
}

export interface BackupFile { file: string; createdAt: number; sizeBytes: number }
export interface PairedDevice { id: string; name: string; createdAt: number; lastSeenAt?: number | null }
