// Development billing pages: the checkout page with its Pay button, and the simulate section.
import { formatDate, formatMoney, html, type Html } from '../../email/layout';
import { simulatedEventSchema } from '../../protocol/billing';
import type { BillingCustomer } from '../customers';
import { MONTHLY_PLAN } from '../plan';
import type { DevCheckout } from './events';

const DEV_BANNER = html`<div class="dev">Development billing — no real payment is taken.</div>`;
const PRICE = `${formatMoney(MONTHLY_PLAN.amountCents, MONTHLY_PLAN.currency)}/month`;

const LABELS: Record<(typeof simulatedEventSchema.options)[number], string> = {
  payment_failed: 'Payment failed',
  renewal: 'Renewal paid',
  cancel: 'Cancel subscription',
};

export const simulateSection = (email: string): Html => html`<h2>Simulate billing events</h2>
<p class="muted">For an existing customer: what Stripe would send.</p>
<form method="post" action="/dev/simulate">
<label for="sim-email">Customer email</label><input id="sim-email" name="email" type="email" required value="${email}">
<div class="row">${simulatedEventSchema.options.map(
  (event) => html`<button class="secondary" type="submit" name="event" value="${event}">${LABELS[event]}</button>`,
)}</div></form>`;

export const checkoutPageBody = (checkout: DevCheckout): Html => html`${DEV_BANNER}
<h1>Subscribe to POSPal</h1>
<div class="plan"><span>${MONTHLY_PLAN.label}</span><strong>${PRICE}</strong></div>
<p>Email: <strong>${checkout.email}</strong><br>Name: ${checkout.name}${checkout.business_name ? html`<br>Business: ${checkout.business_name}` : ''}</p>
<form method="post" action="/dev/checkout/${checkout.id}/pay"><button type="submit">Pay ${PRICE}</button></form>
${simulateSection(checkout.email)}`;

export const billingPageBody = (email: string, customer: BillingCustomer | null, notice: string | null): Html => html`${DEV_BANNER}
<h1>Billing</h1>
${notice ? html`<div class="ok">${notice}</div>` : ''}
${customer
  ? html`<p>${customer.email}: <strong>${customer.subscription_status}</strong>${customer.current_period_end ? html`, paid until ${formatDate(customer.current_period_end)}` : ''}.</p>`
  : email
    ? html`<p>No customer with the email ${email}.</p>`
    : ''}
${simulateSection(email)}
<p class="muted"><a href="/dev/outbox">Outbox</a></p>`;

/** Development billing sends no real email: point at the outbox that holds it. */
export const devMailboxNote = (outboxPath: string): Html =>
  html`<div class="dev">Development: the welcome email is in <a href="${outboxPath}">the outbox</a>.</div>`;
