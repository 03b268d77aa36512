/**
 * Another computer holds the license session. The dialog cannot be dismissed by tapping
 * outside or Esc: the person must choose. "Not now" keeps this computer from selling.
 * Taking over stops the other till mid-service, so it takes an owner or a manager: a cashier
 * gets "Ask a manager to approve", which opens the manager PIN sheet (core checks it again).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient, StaffSession } from '../api/client';
import { ManagerApproval } from '../components/ManagerApproval';
import { Sheet } from '../components/Sheet';
import type { SessionHolder } from '../api/shapes';
import type { Formatters } from '../format';

export interface TakeoverDialogProps {
  holder: SessionHolder | null | undefined;
  fmt: Formatters;
  busy?: boolean;
  error?: string | null;
  /** Called with the approving manager's one-off session when a cashier asked for one. */
  onTakeOver(approvedBy?: StaffSession): void;
  onNotNow(): void;
  now?: number;
  /** Set when the signed-in person may not take over themselves (a cashier). */
  approvalClient?: ApiClient | null;
}

export function TakeoverDialog({ holder, fmt, busy, error, onTakeOver, onNotNow, now, approvalClient }: TakeoverDialogProps) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const name = holder?.name || t('license.takeover.unknownMachine');
  if (asking && approvalClient) {
    return (
      <ManagerApproval client={approvalClient} title={t('license.takeover.approvalTitle')} text={t('license.takeover.approvalText')}
        onClose={() => setAsking(false)} onApproved={(s) => { setAsking(false); onTakeOver(s); }} />
    );
  }
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
        {approvalClient && <p className="muted" data-testid="takeover-needs-manager">{t('license.takeover.needsManager', { name })}</p>}
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="row-actions">
          {approvalClient ? (
            <button type="button" className="btn btn-primary btn-lg" onClick={() => setAsking(true)} disabled={busy} data-testid="takeover-ask-manager" data-autofocus>
              {busy ? t('common.working') : t('license.takeover.askManager')}
            </button>
          ) : (
            <button type="button" className="btn btn-primary btn-lg" onClick={() => onTakeOver()} disabled={busy} data-testid="takeover-use-here" data-autofocus>
              {busy ? t('common.working') : t('license.takeover.useHere')}
            </button>
          )}
          <button type="button" className="btn btn-lg" onClick={onNotNow} disabled={busy} data-testid="takeover-not-now">{t('license.takeover.notNow')}</button>
        </div>
      </div>
    </Sheet>
  );
}
