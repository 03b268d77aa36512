/**
 * The Orders screen's fiscal parts (issue 15): per order, its documents' states as small pills
 * (from one fiscal.documents.list of the day's month), and "Export month" for owner and manager.
 * Shown only when fiscal documents are on.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import { useQuery } from '../hooks/useApi';
import { may } from '../screens/role-rules';
import { Sheet } from '../components/Sheet';
import { docTypeKey } from './doc-types';
import { ExportMonth } from './ExportMonth';
import type { FiscalDocumentRow } from './FiscalDocuments';

/** The month's documents by order id, when fiscal is on (null otherwise, or for a role that may not read them). */
export function useOrderDocuments(businessDay: string): Map<string, FiscalDocumentRow[]> | null {
  const { client } = usePos();
  const status = useQuery('fiscal.status', {});
  const enabled = status.data?.enabled === true;
  const month = businessDay.slice(0, 7);
  const docs = useQuery(enabled ? 'fiscal.documents.list' : null, { month }, [month, enabled]);
  const reloadDocs = docs.reload;
  const reloadStatus = status.reload;
  useEffect(() => {
    const offs = (['orders', 'fiscal'] as const).map((e) => client.on(e, () => { reloadStatus(); reloadDocs(); }));
    return () => offs.forEach((off) => off());
  }, [client, reloadDocs, reloadStatus]);
  return useMemo(() => {
    if (!enabled || !docs.data) return null;
    const byOrder = new Map<string, FiscalDocumentRow[]>();
    for (const d of docs.data) if (d.orderId) byOrder.set(d.orderId, [...(byOrder.get(d.orderId) ?? []), d]);
    return byOrder;
  }, [enabled, docs.data]);
}

export function FiscalPills({ docs }: { docs: FiscalDocumentRow[] | undefined }) {
  const { t } = useTranslation();
  if (!docs || docs.length === 0) return <span className="muted">—</span>;
  return (
    <span className="fiscal-pills" data-testid="orders-row-fiscal">
      {docs.map((d) => (
        <span key={d.id} className={`pill fiscal-${d.state}`} title={`${t(docTypeKey(d.docType))} ${d.series}-${d.number}`} data-state={d.state}>
          {d.docType} {t(`fiscal.states.${d.state}`)}
        </span>
      ))}
    </span>
  );
}

export function FiscalExportButton() {
  const { t } = useTranslation();
  const { staff } = usePos();
  const [open, setOpen] = useState(false);
  if (!may(staff?.role, 'reports.read')) return null;
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="fiscal-export-open">{t('fiscal.export.open')}</button>
      {open && <Sheet title={t('fiscal.export.title')} onClose={() => setOpen(false)} testId="fiscal-export-sheet"><ExportMonth /></Sheet>}
    </>
  );
}
