/** The one plan POSPal sells. Stripe's price (STRIPE_PRICE_ID) is authoritative in production. */
export const MONTHLY_PLAN = {
  id: 'monthly',
  label: 'POSPal monthly',
  amountCents: 2000,
  currency: 'eur',
  periodDays: 30,
} as const;
