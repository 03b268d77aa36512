/** Printers (receipt and kitchen stations) with a test print, and the print queue with retry. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { Printer } from '../api/shapes';
import { useAction, useQuery } from '../hooks/useApi';
import { errorText } from '../errors';

const EMPTY: Printer = { id: '', name: '', host: '', port: 9100, paper: 80, codePage: 'cp737', station: 'receipt', enabled: true };

export function PrinterSettingsPanel() {
  const { t } = useTranslation();
  const { client, settings, reloadSettings, toast } = usePos();
  const { busy, run } = useAction();
  const jobs = useQuery('print.jobs', { status: 'pending' });
  const [draft, setDraft] = useState<Printer | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const reloadJobs = jobs.reload;
  useEffect(() => client.on('print', () => reloadJobs()), [client, reloadJobs]);
  const printers = settings.printers;
  const save = async () => {
    if (!draft) return;
    const id = draft.id || draft.name.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || `printer-${printers.length + 1}`;
    const saved = { ...draft, id };
    // One drawer: marking this printer takes the mark off any other.
    const others = (list: Printer[]) => (saved.cashDrawer ? list.map((p) => (p.id === editingId ? p : { ...p, cashDrawer: false })) : list);
    const next = editingId ? others(printers).map((p) => (p.id === editingId ? saved : p)) : [...others(printers), saved];
    const r = await run('settings.update', { printers: next });
    if (r !== undefined) { setDraft(null); setEditingId(null); reloadSettings(); toast(t('settings.saved'), 'success'); }
  };
  const remove = async (id: string) => {
    const r = await run('settings.update', { printers: printers.filter((p) => p.id !== id) });
    if (r !== undefined) reloadSettings();
  };
  const test = async (id: string) => {
    const job = await run('print.test', { printerId: id });
    if (job) toast(t('settings.testQueued'), 'success');
    reloadJobs();
  };
  return (
    <div data-testid="printer-settings">
      <table className="data-table">
        <thead><tr><th>{t('common.name')}</th><th>{t('settings.host')}</th><th>{t('settings.station')}</th><th>{t('settings.paper')}</th><th /></tr></thead>
        <tbody>
          {printers.map((p) => (
            <tr key={p.id} data-testid="printer-row">
              <td>{p.name}{!p.enabled && <span className="muted"> · {t('settings.disabled')}</span>}{p.cashDrawer && <span className="pill" data-testid="printer-drawer"> {t('kitchen.drawerPill')}</span>}</td><td>{p.host}:{p.port}</td><td>{p.station}</td><td>{p.paper} mm</td>
              <td><span className="row-actions tight nowrap">
                <button type="button" className="btn" disabled={busy} onClick={() => void test(p.id)} data-testid="printer-test">{t('settings.testPrint')}</button>
                <button type="button" className="btn btn-ghost" onClick={() => { setDraft(p); setEditingId(p.id); }}>{t('common.edit')}</button>
                <button type="button" className="btn btn-ghost" onClick={() => void remove(p.id)}>{t('common.delete')}</button>
              </span></td>
            </tr>
          ))}
        </tbody>
      </table>
      {!draft && <div className="row-actions"><button type="button" className="btn" onClick={() => setDraft(EMPTY)} data-testid="printer-add">{t('settings.addPrinter')}</button></div>}
      <label className="check send-on-pay">
        <input type="checkbox" checked={settings.kitchen.sendCounterOrdersOnPay !== false} disabled={busy} data-testid="send-on-pay"
          onChange={(e) => void run('settings.update', { kitchen: { ...settings.kitchen, sendCounterOrdersOnPay: e.target.checked } }).then((r) => { if (r !== undefined) reloadSettings(); })} />
        {' '}{t('kitchen.sendOnPay')}
      </label>
      {draft && (
        <form className="form grid-2" onSubmit={(e) => { e.preventDefault(); void save(); }} data-testid="printer-form">
          <label>{t('common.name')}<input required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="printer-name" /></label>
          <label>{t('settings.host')}<input required value={draft.host} onChange={(e) => setDraft({ ...draft, host: e.target.value })} placeholder="192.168.1.50" data-testid="printer-host" /></label>
          <label>{t('settings.port')}<input type="number" value={draft.port} onChange={(e) => setDraft({ ...draft, port: Number(e.target.value) })} data-testid="printer-port" /></label>
          <label>{t('settings.station')}<input value={draft.station} onChange={(e) => setDraft({ ...draft, station: e.target.value.toLowerCase() })} placeholder="receipt / kitchen / bar" data-testid="printer-station" /></label>
          <label>{t('settings.paper')}<select value={draft.paper} onChange={(e) => setDraft({ ...draft, paper: Number(e.target.value) === 58 ? 58 : 80 })}><option value={80}>80 mm</option><option value={58}>58 mm</option></select></label>
          <label>{t('settings.codePage')}<select value={draft.codePage} onChange={(e) => setDraft({ ...draft, codePage: e.target.value === 'windows1253' ? 'windows1253' : 'cp737' })}><option value="cp737">CP737</option><option value="windows1253">Windows-1253</option></select></label>
          <label className="check"><input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} /> {t('settings.enabled')}</label>
          <label className="check"><input type="checkbox" checked={draft.cashDrawer === true} onChange={(e) => setDraft({ ...draft, cashDrawer: e.target.checked })} data-testid="printer-cash-drawer" /> {t('kitchen.cashDrawer')}</label>
          <div className="row-actions span-2">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="printer-save">{t('common.save')}</button>
            <button type="button" className="btn" onClick={() => { setDraft(null); setEditingId(null); }}>{t('common.cancel')}</button>
          </div>
        </form>
      )}
      <h3>{t('settings.printQueue')}</h3>
      {jobs.data && jobs.data.length === 0 && <p className="muted">{t('settings.queueEmpty')}</p>}
      <ul className="job-list" data-testid="print-jobs">
        {jobs.data?.map((j) => (
          <li key={j.id}>
            <span><strong>{j.description}</strong> · {j.printerId}{j.lastErrorCode && <span className="form-error"> · {errorText(t, { code: j.lastErrorCode, message: j.lastErrorMessage ?? '' })}</span>}</span>
            <button type="button" className="btn" onClick={() => void run('print.retry', { jobId: j.id }).then(() => reloadJobs())}>{t('common.retry')}</button>
          </li>
        ))}
      </ul>
    </div>
  );
}
