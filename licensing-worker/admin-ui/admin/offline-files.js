// Offline license files (the reseller model): issue one for a shop's Hardware ID, list what was
// issued, revoke one. The worker signs, records and audits; this page only asks and shows.
import { action, api, el, pill, table, toast, when } from './lib.js';

function download(name, text) {
  const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'application/json' }));
  const a = el('a', { href: url, download: name, class: 'button primary' }, `Download ${name}`);
  return a;
}

/** `ctx`: { can(role), show(...nodes), again() } from app.js. */
export async function offlineFiles(ctx) {
  const { files } = await api('/offline-files');
  const hardwareId = el('textarea', { rows: 3, required: true, placeholder: 'POSPAL-HW1-…', 'aria-label': 'Hardware ID', spellcheck: 'false' });
  const customer = el('input', { required: true, maxlength: 200, placeholder: 'Shop name', 'aria-label': 'Customer (shop)' });
  const distributor = el('input', { maxlength: 200, placeholder: 'POSPal', 'aria-label': 'Distributor' });
  const until = el('input', { type: 'date', 'aria-label': 'Valid until' });
  const perpetual = el('input', { type: 'checkbox', 'aria-label': 'Perpetual' });
  const result = el('div', { class: 'issued' });
  const form = el('form', { class: 'issue-form' },
    el('label', {}, 'Hardware ID (from the shop\u2019s app: Subscription → Copy hardware ID)', hardwareId),
    el('div', { class: 'inline' },
      el('label', {}, 'Customer ', customer), el('label', {}, 'Distributor ', distributor),
      el('label', {}, 'Valid until ', until), el('label', {}, perpetual, ' perpetual'),
      el('button', { class: 'primary', type: 'submit' }, 'Issue license file')),
    result);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!perpetual.checked && !until.value) { toast('Choose the last valid day, or tick perpetual.', true); return; }
    const body = { hardwareId: hardwareId.value.trim(), customer: customer.value, until: perpetual.checked ? null : until.value, ...(distributor.value.trim() ? { distributor: distributor.value } : {}) };
    api('/offline-files', { method: 'POST', body }).then(async (r) => {
      toast(`Issued ${r.file.id} for ${r.file.customer}.`);
      await ctx.again();
      const slot = document.querySelector('.issued');
      slot?.replaceChildren(el('p', {}, `Send this file to ${r.file.customer}: `, download(`${r.file.id}.pospal-license`, r.licenseFile)));
    }).catch((err) => toast(`${err.message}${err.code ? ` (${err.code})` : ''}`, true));
  });
  ctx.show(el('h1', {}, 'Offline license files'),
    el('p', { class: 'muted' }, 'For shops that never go online (sold by distributors): the file is bound to one computer\u2019s Hardware ID, signed with the worker\u2019s offline key, and sells with no network. A revocation reaches the till with its next online contact.'),
    ctx.can('admin') ? form : el('p', { class: 'muted' }, 'Issuing and revoking need the admin role.'),
    table([
      { label: 'Issued', render: (f) => when(f.issuedAt) }, { label: 'Customer', key: 'customer' }, { label: 'Distributor', key: 'distributor' },
      { label: 'Valid until', render: (f) => (f.expiresAt === null ? 'perpetual' : when(f.expiresAt)) },
      { label: 'By', key: 'issuedBy' }, { label: 'File', render: (f) => el('a', { href: `/admin/api/offline-files/${encodeURIComponent(f.id)}/file` }, f.id) },
      { label: 'State', render: (f) => (f.revokedAt ? el('span', { title: `${f.revokedBy ?? ''}: ${f.revokeReason ?? ''}` }, pill('revoked'), ` ${when(f.revokedAt)}`) : pill('active')) },
      { label: '', render: (f) => (f.revokedAt || !ctx.can('admin') ? '' : action('Revoke', async () => {
        const reason = window.prompt(`Why revoke ${f.id} (${f.customer})?`);
        if (!reason) throw Object.assign(new Error('Not revoked: a reason is needed.'), { code: '' });
        await api(`/offline-files/${encodeURIComponent(f.id)}/revoke`, { method: 'POST', body: { reason } });
        return `Revoked ${f.id}: the till refuses it after its next online contact.`;
      }, { cls: 'danger', after: ctx.again })) },
    ], files, 'No offline license files issued yet.'));
}
