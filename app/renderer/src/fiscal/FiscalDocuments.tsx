/**
 * An order's fiscal documents (issue 15) in the order's detail: each 8.6 slip, 11.1 receipt and
 * 11.4 credit note with its series and number, its state (registered with its ΜΑΡΚ, waiting,
 * rejected with AADE's own message, cancelled) and, for owner and manager, "Resend" on a
 * rejected or waiting one. Follows the live `orders` and `fiscal` events, so a state change shows at once.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResult } from '../api/client';
import { usePos } from '../context';
import { errorText } from '../errors';
import { useAction, useQuery } from '../hooks/useApi';
import { may } from '../screens/role-rules';
import { canResend, docTypeKey } from './doc-types';

export type FiscalDocumentRow = CommandResult<'fiscal.documents.list'>[number];

export function FiscalDocuments({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const { client, toast, staff } = usePos();
  // Owner and manager read the documents (core: reports.read); a cashier's order detail has none.
  const docs = useQuery(may(staff?.role, 'reports.read') ? 'fiscal.documents.list' : null, { orderId }, [orderId]);
  const reload = docs.reload;
  useEffect(() => {
    const offs = (['orders', 'fiscal'] as const).map((e) => client.on(e, () => reload()));
    return () => offs.forEach((off) => off());
  }, [client, reload]);
  if (docs.error) return <p className="form-error" data-testid="fiscal-docs-error">{errorText(t, docs.error)}</p>;
  if (!docs.data || docs.data.length === 0) return null;
  return (
    <section className="fiscal-docs" data-testid="fiscal-docs">
      <h3>{t('fiscal.docs.title')}</h3>
      <FiscalDocumentList rows={docs.data} onResent={() => { toast(t('fiscal.docs.resent'), 'success'); reload(); }} />
    </section>
  );
}

export function FiscalDocumentList({ rows, onResent }: { rows: FiscalDocumentRow[]; onResent(): void }) {
  const { t } = useTranslation();
  const { staff, fmt } = usePos();
  const { busy, run } = useAction();
  const mayResend = may(staff?.role, 'reports.read');
  const resend = async (id: string) => { if (await run('fiscal.documents.resend', { id }) !== undefined) onResent(); };
  return (
    <ul className="fiscal-doc-list" data-testid="fiscal-doc-list">
      {rows.map((d) => (
        <li key={d.id} className="fiscal-doc" data-testid="fiscal-doc" data-state={d.state} data-type={d.docType}>
          <div className="fiscal-doc-head">
            <strong>{t(docTypeKey(d.docType))}</strong>
            <span className="muted nowrap">{d.series}-{d.number}</span>
            <span className={`pill fiscal-${d.state}`} data-testid="fiscal-doc-state">{t(`fiscal.states.${d.state}`)}</span>
            <span className="num nowrap">{fmt.money(d.totalCents)}</span>
          </div>
          {d.mark && <div className="fiscal-doc-mark" data-testid="fiscal-doc-mark">{t('fiscal.docs.mark', { mark: d.mark })}</div>}
          {d.state === 'rejected' && (
            <div className="form-error" data-testid="fiscal-doc-error">
              {t('fiscal.docs.rejected', { code: d.errorCode ?? '?', message: d.errorMessage ?? '' })}
            </div>
          )}
          {(d.state === 'queued' || d.state === 'sending') && (
            <div className="muted small" data-testid="fiscal-doc-waiting">{t('fiscal.docs.waiting', { count: d.attempts, since: fmt.time(d.createdAt) })}</div>
          )}
          {mayResend && canResend(d.state) && (
            <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void resend(d.id)} data-testid="fiscal-doc-resend">{t('fiscal.docs.resend')}</button>
          )}
        </li>
      ))}
    </ul>
  );
}
