/** Receipt preview (core's HTML rendering, turned into inert page elements) with print and reprint. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Sheet } from '../components/Sheet';
import { Skeleton } from '../components/Skeleton';
import type { ApiClient } from '../api/client';
import { errorText } from '../errors';
import { ReceiptPaper } from './ReceiptPaper';
import type { ReceiptPart } from '../../../core/pos/receipts/part-receipt';

export type { ReceiptPart };

/** `part`: a split guest's receipt (their lines or share, their payments); without it, the whole bill. */
export function ReceiptSheet({ client, orderId, part, reprint = false, onClose, toast }: {
  client: ApiClient; orderId: string; part?: ReceiptPart | undefined; reprint?: boolean; onClose(): void; toast(text: string, kind?: 'info' | 'success' | 'error'): void;
}) {
  const { t } = useTranslation();
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    client.call('receipt.html', { orderId, ...(part ? { part } : {}) }).then(
      (r) => { if (alive) setHtml(typeof r === 'string' ? r : r.html); },
      (e: unknown) => { if (alive) setError(errorText(t, e)); },
    );
    return () => { alive = false; };
  }, [client, orderId, part, t]);
  const print = async () => {
    try {
      await client.call('receipt.print', { orderId, idempotencyKey: crypto.randomUUID(), ...(part ? { part } : {}) });
      toast(t('receipt.sent'), 'success');
    } catch (e) { toast(errorText(t, e), 'error'); }
  };
  return (
    <Sheet title={part ? t('kitchen.guestReceipt') : t('receipt.title')} onClose={onClose} testId="receipt-sheet"
      footer={<button type="button" className="btn btn-primary btn-lg" onClick={() => void print()} data-testid="receipt-sheet-print">{reprint ? t('receipt.reprint') : t('receipt.print')}</button>}>
      {error && <p className="form-error" role="alert">{error}</p>}
      {!html && !error && <Skeleton rows={6} />}
      {html && <ReceiptPaper html={html} />}
    </Sheet>
  );
}
