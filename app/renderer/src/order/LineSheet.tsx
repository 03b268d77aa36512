/** Editing a ticket line: quantity, note, discount (core checks the permission), remove. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Sheet } from '../components/Sheet';
import type { DiscountRequest, OrderLine } from '../api/shapes';
import type { Formatters } from '../format';
import { DiscountFields } from './DiscountFields';
import { NoteChips } from './NoteChips';
import { checkDiscount } from './discount-check';

export interface LineSheetProps {
  line: OrderLine;
  fmt: Formatters;
  onSave(patch: { qty: number; note: string }, discount: DiscountRequest | undefined): void;
  /** The order was sent: removing the line voids it, with a reason. */
  sent?: boolean;
  onRemove(reason?: string): void;
  onClose(): void;
  /** The item's note presets, offered as chips. */
  notePresets?: readonly string[];
}

export function LineSheet({ line, fmt, sent = false, onSave, onRemove, onClose, notePresets = [] }: LineSheetProps) {
  const { t } = useTranslation();
  const [quantity, setQuantity] = useState(line.qty);
  const [note, setNote] = useState(line.note ?? '');
  const [discount, setDiscount] = useState<DiscountRequest | undefined>(undefined);
  const [voidReason, setVoidReason] = useState('');
  // Checked here, before a manager may be asked to approve it (issue 11 item 10).
  const problem = checkDiscount(discount, line.unitPriceCents * quantity);
  return (
    <Sheet
      title={line.name}
      onClose={onClose}
      testId="line-sheet"
      footer={(
        <>
          <button type="button" className="btn btn-danger" onClick={() => onRemove(sent ? voidReason.trim() : undefined)} disabled={sent && !voidReason.trim()} data-testid="line-remove">{sent ? t('order.voidLine') : t('order.remove')}</button>
          <button type="button" className="btn btn-primary btn-lg" onClick={() => onSave({ qty: quantity, note: note.trim() }, discount)} disabled={problem !== null} data-testid="line-save">{t('common.save')}</button>
        </>
      )}
    >
      <div className="field-row">
        <span>{t('order.quantity')}</span>
        <span className="stepper stepper-lg">
          <button type="button" onClick={() => setQuantity((q) => Math.max(1, q - 1))} aria-label={t('order.less')}>−</button>
          <span className="qty">{quantity}</span>
          <button type="button" onClick={() => setQuantity((q) => q + 1)} aria-label={t('order.more')}>+</button>
        </span>
        <span className="muted">{fmt.money(line.unitPriceCents)}</span>
      </div>
      {line.options.length > 0 && <p className="muted">{line.options.map((o) => o.name).join(', ')}</p>}
      <NoteChips presets={notePresets} note={note} onChange={setNote} />
      <label className="field">{t('order.note')}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={140} data-testid="line-note" />
      </label>
      <DiscountFields fmt={fmt} onChange={setDiscount} problem={problem} />
      {sent && (
        <label className="field">{t('order.voidReason')}
          <input value={voidReason} onChange={(e) => setVoidReason(e.target.value)} maxLength={200} data-testid="line-void-reason" />
        </label>
      )}
    </Sheet>
  );
}
