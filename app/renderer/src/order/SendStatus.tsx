/**
 * The confirmation under Send, honest about the printers: "Sending…" until each station's
 * printer took its ticket, then the caller's "Sent"; a printer that does not answer turns it
 * into a warning naming the printer, with Retry and "Print elsewhere". Follows the queue's
 * 'print' events, and asks again every few seconds in case one was missed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/client';
import type { Printer } from '../api/shapes';
import type { PrintJobView } from '../../../core/print/print-queue';
import { errorText } from '../errors';
import { failingJobs, sendPhase } from './send-status';

const POLL_MS = 3_000;

export function SendStatus({ client, jobIds, onPrinted, onDismiss, showError }: {
  client: ApiClient; jobIds: string[]; onPrinted(): void; onDismiss(): void; showError(e: unknown): void;
}) {
  const { t } = useTranslation();
  const [ids, setIds] = useState(jobIds);
  const [jobs, setJobs] = useState<PrintJobView[]>([]);
  const [printers, setPrinters] = useState<Printer[]>([]);
  const [target, setTarget] = useState('');
  const load = useCallback(() => {
    client.call('print.jobs', { ids, limit: 50 }).then(setJobs, () => undefined);
  }, [client, ids]);
  useEffect(() => {
    load();
    const off = client.on('print', (data) => {
      const id = typeof data === 'object' && data !== null && 'id' in data ? String((data as { id: unknown }).id) : null;
      if (id === null || ids.includes(id)) load();
    });
    const timer = setInterval(load, POLL_MS);
    return () => { off(); clearInterval(timer); };
  }, [client, ids, load]);
  const phase = jobs.length === ids.length ? sendPhase(jobs) : 'printing';
  const reported = useRef(false);
  useEffect(() => {
    if (phase !== 'printed' || reported.current) return;
    reported.current = true; // once: "Sent" is said one time per send
    onPrinted();
  }, [phase, onPrinted]);
  useEffect(() => {
    if (phase !== 'failed' || printers.length > 0) return;
    client.call('settings.get', {}).then((r) => setPrinters(r.settings.printers), () => undefined);
  }, [phase, printers.length, client]);

  const failing = failingJobs(jobs);
  const nameOf = (id: string) => printers.find((p) => p.id === id)?.name ?? id;
  const others = printers.filter((p) => p.enabled && !failing.some((j) => j.printerId === p.id));
  const retry = async () => {
    try { for (const j of failing) await client.call('print.retry', { jobId: j.id }); load(); } catch (e) { showError(e); }
  };
  const elsewhere = async () => {
    const to = target || others[0]?.id;
    if (!to) return;
    try {
      const moved: Record<string, string> = {};
      for (const j of failing) moved[j.id] = (await client.call('print.move', { jobId: j.id, printerId: to })).id;
      setIds((list) => list.map((id) => moved[id] ?? id));
    } catch (e) { showError(e); }
  };

  if (phase === 'printed') return null;
  if (phase === 'printing') return <p className="send-status muted" role="status" data-testid="send-status">{t('kitchen.sending')}</p>;
  const first = failing[0];
  return (
    <div className="send-status send-failed" role="alert" data-testid="send-warning">
      <p><strong>{t('kitchen.notPrinted', { printer: [...new Set(failing.map((j) => nameOf(j.printerId)))].join(', ') })}</strong></p>
      {first && <p className="muted">{errorText(t, { code: first.lastErrorCode ?? 'PRINTER_OFFLINE', message: first.lastErrorMessage ?? '' })}</p>}
      <div className="row-actions tight">
        <button type="button" className="btn" onClick={() => void retry()} data-testid="send-retry">{t('common.retry')}</button>
        {others.length > 0 && (
          <>
            <select value={target || others[0]?.id} onChange={(e) => setTarget(e.target.value)} aria-label={t('kitchen.elsewhere')} data-testid="send-elsewhere-printer">
              {others.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
            <button type="button" className="btn" onClick={() => void elsewhere()} data-testid="send-elsewhere">{t('kitchen.elsewhere')}</button>
          </>
        )}
        <button type="button" className="btn btn-ghost" onClick={onDismiss} data-testid="send-dismiss">{t('common.hide')}</button>
      </div>
    </div>
  );
}
