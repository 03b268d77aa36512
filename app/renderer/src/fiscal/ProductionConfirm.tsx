/** "Send real documents to AADE?": the one step between the test environment and production. */
import { useTranslation } from 'react-i18next';
import { Sheet } from '../components/Sheet';

export function ProductionConfirm({ onConfirm, onCancel }: { onConfirm(): void; onCancel(): void }) {
  const { t } = useTranslation();
  return (
    <Sheet title={t('fiscal.settings.confirm.title')} onClose={onCancel} testId="fiscal-production-confirm"
      footer={(
        <div className="row-actions">
          <button type="button" className="btn btn-danger btn-lg" onClick={onConfirm} data-testid="fiscal-production-yes">{t('fiscal.settings.confirm.yes')}</button>
          <button type="button" className="btn btn-lg" onClick={onCancel} data-autofocus data-testid="fiscal-production-no">{t('fiscal.settings.confirm.no')}</button>
        </div>
      )}>
      <p>{t('fiscal.settings.confirm.text')}</p>
      <p>{t('fiscal.settings.confirm.when')}</p>
    </Sheet>
  );
}
