// The POSPal operator console: one page, hash routes, plain DOM. Roles are enforced by the
// worker; the page only hides what the signed-in role cannot do.
import { action, api, barChart, card, el, money, percent, pill, setCsrf, table, toast, when } from './lib.js';
import { offlineFiles } from './offline-files.js';

const RANK = { viewer: 0, support: 1, admin: 2, owner: 3 };
let me = { email: '', role: 'viewer' };
const can = (role) => RANK[me.role] >= RANK[role];
const main = () => document.getElementById('main');
const show = (...nodes) => main().replaceChildren(...nodes);

async function overview() {
  const { health, overview: o } = await api('/overview');
  const cb = health.circuitBreaker;
  const nodes = [el('h1', {}, 'Overview'),
    el('div', { class: 'grid' },
      card('Service health', health.status, health.status === 'healthy' ? 'good' : 'bad'),
      card('D1 circuit breaker', `${cb.state} (${cb.failures} failures)`, cb.state === 'closed' ? 'good' : 'bad'),
      card('Database round trip', `${health.database.responseTimeMs} ms`))];
  if (!o) return show(...nodes, el('p', {}, 'The database is unavailable: see docs/operations/incidents.md, "D1 down".'));
  const backup = o.lastVerifiedBackup;
  const backupOld = !backup || Date.now() - backup.at > 86_400_000;
  nodes.push(el('div', { class: 'grid' },
    card('Active subscriptions', o.subscriptions.active),
    card('Trials', o.subscriptions.trial),
    card('Suspended', o.subscriptions.suspended, o.subscriptions.suspended ? 'bad' : undefined),
    card('MRR', money(o.mrrCents, o.currency)),
    card('New (7 d / 30 d)', `${o.newCustomers.week} / ${o.newCustomers.month}`),
    card('Cancelled (7 d / 30 d)', `${o.cancelled.week} / ${o.cancelled.month}`),
    card('Churn (30 d)', percent(o.churnMonth)),
    card('Live sessions', o.liveSessions),
    card('Failed webhooks (24 h)', o.failed24h.webhooks, o.failed24h.webhooks ? 'bad' : 'good'),
    card('Failed emails (24 h)', o.failed24h.emails, o.failed24h.emails ? 'bad' : 'good'),
    card('Last verified backup', backup ? when(backup.at) : 'none reported', backupOld ? 'bad' : 'good'),
    card('D1 Time Travel', `last ${o.timeTravelWindowDays} days`)));
  const hours = o.perHour.map((h) => h.hour);
  nodes.push(el('div', { class: 'charts' },
    barChart('Validations and heartbeats per hour (24 h)', hours, [
      { label: 'validations', values: o.perHour.map((h) => h.validate), cls: 'bar-a' },
      { label: 'heartbeats', values: o.perHour.map((h) => h.heartbeat), cls: 'bar-b' },
      { label: 'server errors', values: o.perHour.map((h) => h.errors), cls: 'bar-bad' },
    ], (x) => new Date(x).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })),
    barChart('New customers per day (30 d)', o.signupsPerDay.map((d) => d.day), [{ label: 'new customers', values: o.signupsPerDay.map((d) => d.count), cls: 'bar-a' }],
      (x) => new Date(x).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' }))));
  nodes.push(el('p', { class: 'muted' }, 'Counters are kept in memory per worker isolate and added to D1 every few minutes. ',
    el('a', { href: '/admin/api/audit.csv' }, 'Export the audit log (CSV)')));
  show(...nodes);
}

async function customers(query = '') {
  const search = el('input', { type: 'search', name: 'q', placeholder: 'Email, business or name', value: query, 'aria-label': 'Search customers' });
  const form = el('form', { class: 'toolbar' }, search, el('button', { class: 'primary', type: 'submit' }, 'Search'),
    el('a', { class: 'button', href: '/admin/api/customers.csv' }, 'Export CSV'));
  form.addEventListener('submit', (e) => { e.preventDefault(); location.hash = `#/customers?q=${encodeURIComponent(search.value)}`; });
  const { customers: rows } = await api(`/customers?q=${encodeURIComponent(query)}`);
  show(el('h1', {}, 'Customers'), form, table([
    { label: 'Email', render: (r) => el('a', { href: `#/customer/${r.id}` }, r.email) },
    { label: 'Business', key: 'business_name' },
    { label: 'Status', render: (r) => pill(r.subscription_status) },
    { label: 'Period end', render: (r) => when(r.current_period_end) },
    { label: 'Last validated', render: (r) => when(r.last_validated_at) },
  ], rows, query ? 'No customer matches.' : 'No customers yet.'));
  search.focus();
}

async function customer(id) {
  const p = await api(`/customers/${encodeURIComponent(id)}`);
  const c = p.customer;
  const again = () => customer(id);
  show(el('h1', {}, c.business_name || c.email),
    el('div', { class: 'card' }, el('dl', { class: 'kv' },
      ...[['Email', c.email], ['Name', c.name || '—'], ['Status', pill(c.subscription_status)], ['Stripe status', c.stripe_status ?? '—'],
        ['Period end', when(c.current_period_end)], ['Cancel at period end', c.cancel_at_period_end ? 'yes' : 'no'],
        ['Machines / concurrent', `${c.max_machines} / ${c.max_concurrent}`], ['Customer since', when(c.created_at)], ['Id', c.id]]
        .flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
      el('p', { class: 'toolbar' },
        p.stripeUrl ? el('a', { class: 'button', href: p.stripeUrl, target: '_blank', rel: 'noopener noreferrer' }, 'Open in Stripe') : el('span', { class: 'muted' }, 'No Stripe customer.'),
        can('support') ? action('Send a new token', async () => {
          await api(`/customers/${id}/token/send-new`, { method: 'POST', body: {} });
          return 'A recovery confirmation link was emailed; the customer gets the new token after confirming.';
        }, { title: 'Emails the recovery confirmation link (the token is never shown here)' }) : '',
        can('admin') ? action('Rotate token', async () => {
          const r = await api(`/customers/${id}/token/rotate`, { method: 'POST', body: {} });
          return `New token emailed (${r.emailStatus}); the old one works until the new one is first used.`;
        }, { cls: 'danger', confirmText: 'Issue a new token and email it to the customer? The old token keeps working until the new one is used.', after: again }) : '')),
    el('h2', {}, 'Machines'),
    table([
      { label: 'Name', key: 'name' }, { label: 'Platform', key: 'platform' }, { label: 'Last seen', render: (m) => when(m.last_seen_at) },
      { label: 'Status', render: (m) => (m.deactivated_at ? pill('released') : pill('active')) },
      { label: '', render: (m) => (m.deactivated_at || !can('support') ? '' : action('Release', async () => {
        await api(`/customers/${id}/machines/${m.id}/release`, { method: 'POST', body: {} });
        return `Released ${m.name || 'the machine'}: its seat is free.`;
      }, { cls: 'danger', confirmText: `Release ${m.name || 'this machine'}? Its seat is freed and its session ends.`, after: again })) },
    ], p.machines, 'No machines registered.'),
    el('h2', {}, 'Sessions'),
    table([
      { label: 'Machine', render: (s) => s.machine_name ?? s.machine_id }, { label: 'Started', render: (s) => when(s.started_at) },
      { label: 'Last heartbeat', render: (s) => when(s.last_heartbeat_at) }, { label: 'State', render: (s) => pill(s.live ? 'live' : s.end_reason ?? 'stale') },
      { label: '', render: (s) => (s.ended_at || !can('support') ? '' : action('End session', async () => {
        await api(`/customers/${id}/sessions/${s.ref}/end`, { method: 'POST', body: {} });
        return 'Session ended.';
      }, { cls: 'danger', confirmText: 'End this session? That till stops selling at its next heartbeat.', after: again })) },
    ], p.sessions, 'No sessions.'),
    el('h2', {}, 'Emails'), emailTable(p.emails, again),
    el('h2', {}, 'Refund requests'), refundTable(p.refundRequests.map((r) => ({ ...r, email: c.email })), again),
    el('h2', {}, 'Audit trail'),
    table([{ label: 'When', render: (a) => when(a.at) }, { label: 'Action', key: 'action' }, { label: 'By', render: (a) => a.operator ?? 'system' }, { label: 'Details', key: 'details', wrap: true }], p.audit, 'No audit entries.'));
}

function emailTable(rows, again) {
  return table([
    { label: 'When', render: (e) => when(e.at) }, { label: 'To', key: 'to_address' }, { label: 'Template', key: 'template' },
    { label: 'Subject', key: 'subject', wrap: true },
    { label: 'Status', render: (e) => el('span', {}, pill(e.status), ' ', e.delivery_status ? pill(e.delivery_status) : '') },
    { label: 'Error', render: (e) => e.error ?? '', wrap: true },
    { label: '', render: (e) => {
      const token = e.carriesToken ?? ['welcome', 'token_recovery'].includes(e.template);
      if (!can('support')) return '';
      if (token) return el('span', { class: 'muted', title: 'Emails with an unlock token are never resent; use "send a new token" (recovery confirmation).' }, 'token email: not resendable');
      return action('Resend', async () => {
        const r = await api(`/emails/${e.id}/resend`, { method: 'POST', body: {} });
        return `Resent (${r.status}).`;
      }, { after: again });
    } },
  ], rows, 'No emails.');
}

async function emails(status = 'all') {
  const select = el('select', { 'aria-label': 'Status' }, ['all', 'failed', 'bounced', 'sent', 'logged'].map((s) => el('option', { value: s, selected: s === status }, s)));
  select.addEventListener('change', () => { location.hash = `#/emails?status=${select.value}`; });
  const { emails: rows } = await api(`/emails?status=${status}`);
  show(el('h1', {}, 'Emails'), el('div', { class: 'toolbar' }, el('label', {}, 'Status ', select)), emailTable(rows, () => emails(status)));
}

async function webhooks(status = 'all') {
  const select = el('select', { 'aria-label': 'Status' }, ['all', 'failed', 'processing', 'applied', 'ignored'].map((s) => el('option', { value: s, selected: s === status }, s)));
  select.addEventListener('change', () => { location.hash = `#/webhooks?status=${select.value}`; });
  const { events } = await api(`/webhooks?status=${status}`);
  show(el('h1', {}, 'Webhooks'), el('div', { class: 'toolbar' }, el('label', {}, 'Status ', select)), table([
    { label: 'Received', render: (e) => when(e.received_at) }, { label: 'Event', key: 'id' }, { label: 'Type', key: 'type' },
    { label: 'Status', render: (e) => pill(e.status) }, { label: 'Attempts', key: 'attempts' }, { label: 'Error', render: (e) => e.last_error ?? '', wrap: true },
    { label: '', render: (e) => (e.status === 'failed' && can('admin') ? action('Replay', async () => {
      const r = await api(`/webhooks/${e.id}/replay`, { method: 'POST', body: {} });
      return r.status === 'failed' ? `Replayed, failed again: ${r.error ?? ''}` : `Replayed: ${r.status}.`;
    }, { cls: 'primary', after: () => webhooks(status) }) : '') },
  ], events, 'No webhook events.'));
}

function refundTable(rows, again) {
  return table([
    { label: 'Asked', render: (r) => when(r.created_at) }, { label: 'Customer', render: (r) => (r.customer_id ? el('a', { href: `#/customer/${r.customer_id}` }, r.email ?? r.customer_id) : '') },
    { label: 'Reason', key: 'reason', wrap: true }, { label: 'Status', render: (r) => pill(r.status) },
    { label: 'Decision', wrap: true, render: (r) => {
      if (r.status !== 'open') return [r.decided_by ?? '', r.refund_amount_cents ? ` · ${money(r.refund_amount_cents)}` : '', r.decision_note ? ` · ${r.decision_note}` : ''].join('');
      if (!can('admin')) return el('span', { class: 'muted' }, 'needs admin');
      const amount = el('input', { type: 'number', min: 1, step: 1, placeholder: 'full', 'aria-label': 'Amount in cents (empty: full invoice)' });
      const cancel = el('input', { type: 'checkbox', 'aria-label': 'Also cancel the subscription' });
      const reason = el('input', { type: 'text', placeholder: 'Reason to decline', 'aria-label': 'Reason to decline' });
      return el('div', { class: 'decision' },
        el('label', {}, 'Cents ', amount), el('label', {}, cancel, ' cancel subscription'),
        action('Approve refund', async () => {
          const body = { cancelSubscription: cancel.checked, ...(amount.value ? { amountCents: Number(amount.value) } : {}) };
          const res = await api(`/refund-requests/${r.id}/approve`, { method: 'POST', body });
          return `Refunded ${money(res.amountCents, res.currency)}${res.subscriptionCancelled ? ', subscription cancelled' : ''}. The customer was emailed.`;
        }, { cls: 'primary', confirmText: 'Refund through Stripe now?', after: again }),
        reason,
        action('Decline', async () => {
          await api(`/refund-requests/${r.id}/decline`, { method: 'POST', body: { reason: reason.value } });
          return 'Declined; the customer was emailed the reason.';
        }, { cls: 'danger', after: again }));
    } },
  ], rows, 'No refund requests.');
}

async function refunds(status = 'open') {
  const select = el('select', { 'aria-label': 'Status' }, ['open', 'approved', 'declined', 'all'].map((s) => el('option', { value: s, selected: s === status }, s)));
  select.addEventListener('change', () => { location.hash = `#/refunds?status=${select.value}`; });
  const { requests } = await api(`/refund-requests?status=${status}`);
  show(el('h1', {}, 'Refund requests'), el('div', { class: 'toolbar' }, el('label', {}, 'Status ', select)), refundTable(requests, () => refunds(status)));
}

async function flags() {
  const { flags: rows } = await api('/flags');
  const key = el('input', { name: 'key', placeholder: 'flag_key', required: true, pattern: '[a-z][a-z0-9_.\\-]{1,62}', 'aria-label': 'Flag key' });
  const on = el('input', { type: 'checkbox', 'aria-label': 'Enabled' });
  const pct = el('input', { type: 'number', min: 0, max: 100, value: 100, 'aria-label': 'Rollout percent' });
  const desc = el('input', { placeholder: 'What it switches', 'aria-label': 'Description' });
  const save = async (k, body) => { await api(`/flags/${encodeURIComponent(k)}`, { method: 'PUT', body }); toast(`Saved ${k}.`); await flags(); };
  const form = el('form', { class: 'inline' }, key, el('label', {}, on, ' on'), el('label', {}, pct, ' % of customers'), desc, el('button', { class: 'primary', type: 'submit' }, 'Save flag'));
  form.addEventListener('submit', (e) => { e.preventDefault(); save(key.value, { enabled: on.checked, rolloutPercent: Number(pct.value), description: desc.value }).catch((err) => toast(err.message, true)); });
  show(el('h1', {}, 'Flags'), el('p', { class: 'muted' }, 'The worker reads these (cached for a minute per isolate). A rollout below 100 % picks customers by a stable hash of their id.'),
    can('admin') ? form : el('p', { class: 'muted' }, 'Editing flags needs the admin role.'),
    table([
      { label: 'Flag', key: 'key' }, { label: 'State', render: (f) => pill(f.enabled ? 'on' : 'off') }, { label: 'Rollout', render: (f) => `${f.rollout_percent}%` },
      { label: 'Description', key: 'description', wrap: true }, { label: 'Changed', render: (f) => `${when(f.updated_at)} · ${f.updated_by ?? ''}` },
      { label: '', render: (f) => (can('admin') ? action(f.enabled ? 'Turn off' : 'Turn on', () => save(f.key, { enabled: !f.enabled, rolloutPercent: f.rollout_percent, description: f.description })) : '') },
    ], rows, 'No flags yet.'));
}

async function operators() {
  const { operators: rows } = await api('/operators');
  const email = el('input', { type: 'email', required: true, placeholder: 'name@example.com', 'aria-label': 'Operator email' });
  const role = el('select', { 'aria-label': 'Role' }, ['viewer', 'support', 'admin', 'owner'].map((r) => el('option', { value: r }, r)));
  const form = el('form', { class: 'inline' }, email, role, el('button', { class: 'primary', type: 'submit' }, 'Save operator'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    api('/operators', { method: 'POST', body: { email: email.value, role: role.value } }).then(() => { toast(`Saved ${email.value}.`); return operators(); }).catch((err) => toast(err.message, true));
  });
  show(el('h1', {}, 'Operators'), el('p', { class: 'muted' }, 'Sign-in is Cloudflare Access; the role here decides what each person may do.'),
    can('owner') ? form : el('p', { class: 'muted' }, 'Managing operators needs the owner role.'),
    table([
      { label: 'Email', key: 'email' }, { label: 'Role', render: (o) => pill(o.role) }, { label: 'Added', render: (o) => `${when(o.created_at)} · ${o.created_by ?? ''}` },
      { label: 'State', render: (o) => (o.disabled_at ? pill('disabled') : pill('active')) },
      { label: '', render: (o) => (can('owner') && !o.disabled_at && o.email !== me.email ? action('Disable', async () => {
        await api(`/operators/${encodeURIComponent(o.email)}/disable`, { method: 'POST', body: {} });
        return `Disabled ${o.email}.`;
      }, { cls: 'danger', confirmText: `Disable ${o.email}?`, after: operators }) : '') },
    ], rows));
}

const licenseFiles = () => offlineFiles({ can, show, again: licenseFiles });
const routes = { overview, customers, customer, webhooks, emails, refunds, flags, operators, 'license-files': licenseFiles };

async function route() {
  const [path, qs] = location.hash.replace(/^#\/?/, '').split('?');
  const [name, arg] = (path || 'overview').split('/');
  const params = new URLSearchParams(qs ?? '');
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.getAttribute('href') === `#/${name === 'customer' ? 'customers' : name}`);
  const screen = routes[name] ?? overview;
  try {
    await screen(arg ? decodeURIComponent(arg) : params.get('q') ?? params.get('status') ?? undefined);
  } catch (e) {
    show(el('h1', {}, 'Something went wrong'), el('p', {}, `${e.message} (${e.code ?? 'error'})`));
  }
}

async function start() {
  try {
    const s = await api('/session');
    me = s.operator;
    setCsrf(s.csrfToken);
    document.getElementById('who').textContent = `${me.email} · ${me.role}${s.environment !== 'production' ? ` · ${s.environment}` : ''}`;
  } catch (e) {
    if (e.status === 401 && location.pathname.startsWith('/admin')) {
      show(el('h1', {}, 'Not signed in'), el('p', {}, e.message), el('p', {}, el('a', { class: 'button', href: '/admin/dev/sign-in' }, 'Development sign-in')));
    } else show(el('h1', {}, 'No access'), el('p', {}, e.message));
    return;
  }
  window.addEventListener('hashchange', route);
  await route();
}

start();
