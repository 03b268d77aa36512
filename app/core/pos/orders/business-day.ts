/** The business day an order belongs to: the one shared implementation (app/shared/business-day.ts). */
export { businessDayOf } from '../../../shared/business-day';
