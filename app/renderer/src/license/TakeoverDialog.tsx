/**
 * Another computer holds the license session. The dialog cannot be dismissed by tapping
 * outside or Esc: the person must choose. "Not now" keeps this computer from selling.
 */
import { useTranslation } from 'react-i18next';
import { Sheet } from '../components/Sheet';
import type { SessionHolder } from '../api/types';
import type { Formatters } from '../format';

export interface TakeoverDialogProps {
  holder: SessionHolder | null | undefined;
  fmt: Formatters;
  busy?: boolean;
  error?: string | null;
  onTakeOver(): void;
  onNotNow(): void;
  now?: number;
}

export function TakeoverDialog({ holder, fmt, busy, error, onTakeOver, onNotNow, now }: TakeoverDialogProps) {
  const { t } = useTranslation();
  const name = holder?.name || t('license.takeover.unknownMachine');
  return (
    <Sheet title={t('license.takeover.title')} blocking testId="takeover-dialog">
      <div className="takeover">
        <p className="takeover-holder" data-testid="takeover-holder">
          <strong>{name}</strong>
          {holder?.platform ? <span className="muted"> · {holder.platform}</span> : null}
        </p>
        {holder?.lastHeartbeatAt ? (
          <p className="muted" data-testid="takeover-last-seen">{t('license.takeover.lastActive', { ago: fmt.ago(holder.lastHeartbeatAt, now) })}</p>
        ) : null}
        <p>{t('license.takeover.explain', { name })}</p>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="row-actions">
          <button type="button" className="btn btn-primary btn-lg" onClick={onTakeOver} disabled={busy} data-testid="takeover-use-here" data-autofocus>
            {busy ? t('common.working') : t('license.takeover.useHere')}
          </button>
          <button type="button" className="btn btn-lg" onClick={onNotNow} disabled={busy} data-testid="takeover-not-now">{t('license.takeover.notNow')}</button>
        </div>
      </div>
    </Sheet>
  );
}
