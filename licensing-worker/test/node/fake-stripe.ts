/// <reference types="node" />
import { startRecordingServer, type RecordedRequest } from './recorder';

/**
 * Answers the few Stripe API calls the worker makes, the way Stripe (or stripe-mock) would:
 * customers (create, list by email), checkout sessions, billing portal sessions, subscriptions.
 * A subscription id containing "past_due" or "canceled" is reported with that status.
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

  return startRecordingServer((request: RecordedRequest) => {
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
    const subscription = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
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
    return error(404, `Unrecognized request URL (${method}: ${path}).`);
  });
}
