/** Opening a free table: one tap on the number of guests (or skip), then the order screen. */
import { useTranslation } from 'react-i18next';
import type { TableStatus } from '../../../core/pos/tables/tables';
import { Sheet } from '../components/Sheet';

export function CoversSheet({ table, onPick, onClose }: { table: TableStatus; onPick(guests: number | null): void; onClose(): void }) {
  const { t } = useTranslation();
  const most = Math.max(table.seats, 6);
  return (
    <Sheet title={t('tables.howMany', { name: table.name })} onClose={onClose} testId="covers-sheet">
      <div className="covers-grid">
        {Array.from({ length: most }, (_, i) => i + 1).map((n) => (
          <button type="button" key={n} className={`btn btn-lg covers-btn${n === table.seats ? ' on' : ''}`} onClick={() => onPick(n)} data-testid={`covers-${n}`}>{n}</button>
        ))}
      </div>
      <button type="button" className="btn" onClick={() => onPick(null)} data-testid="covers-skip">{t('tables.skipCovers')}</button>
    </Sheet>
  );
}
