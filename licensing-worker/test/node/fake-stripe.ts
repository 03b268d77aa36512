/// <reference types="node" />
import { startRecordingServer, type RecordedRequest } from './recorder';

/**
 * Answers the few Stripe API calls the worker makes, the way Stripe (or stripe-mock) would:
 * customers (create, list by email), checkout sessions, billing portal sessions, subscriptions.
 * A subscription id containing "past_due" or "canceled" is reported with that status.
 * Undoing a duplicate purchase: cancel a subscription, read an invoice with its payments,
 * refund a payment intent; checkout sessions can be expired.
 * For the console: events registered at POST /__fake/events are answered by GET /v1/events/:id;
 * every customer has one paid invoice of 2000 cents (none when its id contains "noinvoice");
 * refunds are created against it (never more than was paid); subscriptions can be cancelled.
 * Prices: GET /v1/prices/:id answers price_test_monthly (2000 eur a month) and any price
 * registered at POST /__fake/prices. Reconciliation: subscriptions registered at
 * POST /__fake/subscriptions {apiKey, subscriptions} are listed by GET /v1/subscriptions to that
 * API key only (tests don't see each other's), in order, paginated by limit + starting_after.
 */
export function startFakeStripe() {
  let next = 0;
  const id = (prefix: string) => `${prefix}_fake${Date.now().toString(36)}${(++next).toString(36)}`;
  const customers = new Map<string, { id: string; object: 'customer'; email: string | null; name: string | null; metadata: Record<string, string> }>();
  const error = (status: number, message: string, param?: string) => ({
    status,
    body: { error: { type: 'invalid_request_error', message, ...(param ? { param } : {}) } },
  });
  const metadataOf = (form: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(form)
        .filter(([key]) => key.startsWith('metadata['))
        .map(([key, value]) => [key.slice('metadata['.length, -1), value]),
    );

  const events = new Map<string, unknown>();
  const refunded = new Map<string, number>();
  const invoiceFor = (customer: string) => ({
    id: `in_paid_${customer}`, object: 'invoice', customer, status: 'paid', amount_paid: 2000, amount_due: 2000, currency: 'eur', created: Math.floor(Date.now() / 1000) - 86_400,
  });

  const prices = new Map<string, unknown>([
    ['price_test_monthly', { id: 'price_test_monthly', object: 'price', active: true, currency: 'eur', unit_amount: 2000, type: 'recurring', recurring: { interval: 'month', interval_count: 1 } }],
  ]);
  const listed = new Map<string, Array<{ id: string }>>();

  return startRecordingServer((request: RecordedRequest) => {
    if (request.method === 'POST' && request.path === '/__fake/prices') {
      const price = request.json as { id: string };
      prices.set(price.id, price);
      return { status: 200, body: { registered: price.id } };
    }
    if (request.method === 'POST' && request.path === '/__fake/subscriptions') {
      const { apiKey, subscriptions } = request.json as { apiKey: string; subscriptions: Array<{ id: string }> };
      const list = listed.get(apiKey) ?? [];
      for (const sub of subscriptions) {
        const at = list.findIndex((s) => s.id === sub.id);
        if (at >= 0) list[at] = sub;
        else list.push(sub);
      }
      listed.set(apiKey, list);
      return { status: 200, body: { registered: subscriptions.length } };
    }
    if (request.method === 'POST' && request.path === '/__fake/events') {
      const event = request.json as { id: string };
      events.set(event.id, event);
      return { status: 200, body: { registered: event.id } };
    }
    if (!request.headers.authorization?.startsWith('Bearer sk_test_')) {
      return { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } } };
    }
    const { method, path, form } = request;
    const now = Math.floor(Date.now() / 1000);

    if (method === 'POST' && path === '/v1/customers') {
      const customer = { id: id('cus'), object: 'customer' as const, email: form.email ?? null, name: form.name ?? null, metadata: metadataOf(form) };
      customers.set(customer.id, customer);
      return { status: 200, body: customer };
    }
    if (method === 'GET' && path === '/v1/customers') {
      const data = [...customers.values()].filter((c) => !request.query.email || c.email === request.query.email);
      return { status: 200, body: { object: 'list', data, has_more: false, url: '/v1/customers' } };
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      if (form.mode !== 'subscription') return error(400, 'mode must be subscription', 'mode');
      if (!form['line_items[0][price]']) return error(400, 'Missing required param: line_items[0][price].', 'line_items');
      const sessionId = id('cs_test');
      return {
        status: 200,
        body: {
          id: sessionId,
          object: 'checkout.session',
          mode: 'subscription',
          status: 'open',
          customer_email: form.customer_email ?? null,
          success_url: form.success_url,
          cancel_url: form.cancel_url,
          metadata: metadataOf(form),
          url: `https://checkout.stripe.test/c/pay/${sessionId}`,
          created: now,
        },
      };
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      if (!form.customer || !customers.has(form.customer)) return error(400, `No such customer: '${form.customer ?? ''}'`, 'customer');
      const portalId = id('bps');
      return {
        status: 200,
        body: { id: portalId, object: 'billing_portal.session', customer: form.customer, return_url: form.return_url ?? null, url: `https://billing.stripe.test/p/session/${portalId}` },
      };
    }
    const expire = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path);
    if (method === 'POST' && expire?.[1]) {
      return { status: 200, body: { id: expire[1], object: 'checkout.session', status: 'expired', url: null } };
    }
    const invoice = /^\/v1\/invoices\/([^/]+)$/.exec(path);
    if (method === 'GET' && invoice?.[1]) {
      const paymentIntent = `pi_for_${invoice[1]}`;
      // API 2025+ shape: the payment intent under payments (expand[]=payments), none at the top.
      return {
        status: 200,
        body: {
          id: invoice[1], object: 'invoice', amount_paid: 2000, currency: 'eur', status: 'paid',
          payments: { object: 'list', data: [{ id: `inpay_${invoice[1]}`, object: 'invoice_payment', payment: { type: 'payment_intent', payment_intent: paymentIntent } }] },
        },
      };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      if (!form.payment_intent && !form.charge) return error(400, 'One of payment_intent or charge is required.', 'payment_intent');
      // Never more than was paid (2000) per payment, across refunds.
      const paymentKey = form.payment_intent ?? form.charge ?? '';
      const amount = Number(form.amount ?? 2000);
      const already = refunded.get(paymentKey) ?? 0;
      if (already + amount > 2000) return error(400, 'Refund amount is greater than the unrefunded amount on the charge.', 'amount');
      refunded.set(paymentKey, already + amount);
      return { status: 200, body: { id: id('re'), object: 'refund', payment_intent: form.payment_intent ?? null, charge: form.charge ?? null, amount, currency: 'eur', status: 'succeeded', reason: form.reason ?? null, metadata: metadataOf(form) } };
    }
    const price = /^\/v1\/prices\/([^/]+)$/.exec(path);
    if (method === 'GET' && price?.[1]) {
      const found = prices.get(price[1]);
      return found ? { status: 200, body: found } : error(404, `No such price: '${price[1]}'`, 'price');
    }
    if (method === 'GET' && path === '/v1/subscriptions') {
      const all = listed.get((request.headers.authorization ?? '').slice('Bearer '.length)) ?? [];
      const limit = Math.min(100, Math.max(1, Number(request.query.limit ?? 10)));
      const after = request.query.starting_after;
      const start = after ? all.findIndex((s) => s.id === after) + 1 : 0;
      if (after && start === 0) return error(400, `No such subscription: '${after}'`, 'starting_after');
      const data = all.slice(start, start + limit);
      return { status: 200, body: { object: 'list', data, has_more: start + limit < all.length, url: '/v1/subscriptions' } };
    }
    const subscription = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
    if (method === 'DELETE' && subscription?.[1]) {
      return { status: 200, body: { id: subscription[1], object: 'subscription', status: 'canceled', canceled_at: now, cancel_at_period_end: false, customer: 'cus_unknown' } };
    }
    if (method === 'GET' && subscription?.[1]) {
      const subId = subscription[1];
      const status = subId.includes('past_due') ? 'past_due' : subId.includes('canceled') ? 'canceled' : 'active';
      const periodEnd = now + 30 * 86_400;
      return {
        status: 200,
        body: {
          id: subId,
          object: 'subscription',
          status,
          cancel_at_period_end: false,
          customer: 'cus_unknown',
          items: { object: 'list', data: [{ id: `si_${subId}`, object: 'subscription_item', current_period_start: now, current_period_end: periodEnd }] },
        },
      };
    }
    const event = /^\/v1\/events\/([^/]+)$/.exec(path);
    if (method === 'GET' && event?.[1]) {
      const found = events.get(event[1]);
      return found ? { status: 200, body: found } : error(404, `No such event: '${event[1]}'`, 'id');
    }
    if (method === 'GET' && path === '/v1/invoices') {
      const customer = request.query.customer ?? '';
      const data = customer && !customer.includes('noinvoice') && request.query.status === 'paid' ? [invoiceFor(customer)] : [];
      return { status: 200, body: { object: 'list', data, has_more: false, url: '/v1/invoices' } };
    }
    if (method === 'GET' && path === '/v1/invoice_payments') {
      const invoice = request.query.invoice ?? '';
      const data = invoice.startsWith('in_paid_')
        ? [{ id: `inpay_${invoice}`, object: 'invoice_payment', invoice, status: 'paid', amount_paid: 2000, currency: 'eur', payment: { type: 'payment_intent', payment_intent: `pi_${invoice}` } }]
        : [];
      return { status: 200, body: { object: 'list', data, has_more: false, url: '/v1/invoice_payments' } };
    }
    return error(404, `Unrecognized request URL (${method}: ${path}).`);
  });
}
