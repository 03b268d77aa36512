// The console's small toolkit: the API client (CSRF header on every change), DOM building
// without innerHTML (every value is text), formatting and inline SVG bar charts.

let csrfToken = '';
export const setCsrf = (t) => { csrfToken = t; };

export class ApiFailure extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code ?? 'HTTP_' + status;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') { headers['Content-Type'] = 'application/json'; headers['X-Admin-CSRF'] = csrfToken; }
  const res = await fetch(`/admin/api${path}`, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new ApiFailure(res.status, json);
  return json;
}

/** el('td', { class: 'x', onclick }, 'text', child) — strings become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const pill = (text) => el('span', { class: `pill ${String(text ?? '').replace(/[^a-z_]/g, '')}` }, text ?? '—');

export const when = (ms) => (ms ? new Date(Number(ms)).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—');
export const money = (cents, currency = 'eur') => new Intl.NumberFormat('en-IE', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
export const percent = (x) => `${(x * 100).toFixed(1)}%`;

export function table(columns, rows, empty = 'Nothing here.') {
  if (!rows.length) return el('p', { class: 'muted' }, empty);
  return el('table', {},
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', {}, c.label)))),
    el('tbody', {}, rows.map((r) => el('tr', {}, columns.map((c) => el('td', { class: c.wrap ? 'wrap' : undefined }, c.render ? c.render(r) : (r[c.key] ?? '—')))))));
}

export function card(label, value, tone) {
  return el('div', { class: `card ${tone ?? ''}` }, el('div', { class: 'label' }, label), el('div', { class: 'value' }, value));
}

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs) => {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  return n;
};

/** Bar chart of series [{ label, values:[n…], cls }] side by side per x. */
export function barChart(title, xs, series, formatX) {
  const W = 600, H = 160, pad = 22;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title });
  const slot = (W - pad) / Math.max(1, xs.length);
  const bw = Math.max(1, (slot - 2) / series.length);
  xs.forEach((x, i) => {
    series.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      const h = ((H - pad) * v) / max;
      const rect = svg('rect', { x: pad + i * slot + j * bw, y: H - pad - h, width: bw - 1, height: h, class: s.cls });
      const t = svg('title', {}); t.textContent = `${formatX(x)}: ${s.label} ${v}`; rect.append(t);
      root.append(rect);
    });
  });
  const axis = svg('text', { x: pad, y: H - 6, 'font-size': 11, fill: '#71717a' });
  axis.textContent = xs.length ? `${formatX(xs[0])} → ${formatX(xs[xs.length - 1])} · max ${max}` : 'no data yet';
  root.append(axis);
  return el('div', { class: 'card chart' }, el('div', { class: 'label' }, title), root,
    el('div', { class: 'legend' }, series.map((s) => el('span', { class: 'key' }, el('span', { class: `swatch ${s.cls}` }), s.label))));
}

let toastTimer;
export function toast(message, bad = false) {
  const t = document.getElementById('toast');
  t.textContent = message;
  t.className = bad ? 'toast bad' : 'toast';
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 6000);
}

/** Runs an action button: disabled while running, a toast with the outcome, then `after`. */
export function action(label, run, { cls, confirmText, after, disabled, title } = {}) {
  const b = el('button', { class: cls, disabled, title, type: 'button' }, label);
  b.addEventListener('click', async () => {
    if (confirmText && !window.confirm(confirmText)) return;
    b.disabled = true;
    try {
      const msg = await run();
      toast(msg ?? 'Done.');
      await after?.();
    } catch (e) {
      toast(`${e.message}${e.code ? ` (${e.code})` : ''}`, true);
      b.disabled = false;
    }
  });
  return b;
}
