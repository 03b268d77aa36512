/** LAN pairing: a short-lived 6-digit code (and the tablet URL) shown here; paired tablets can be revoked. */
import type { CommandResult } from '../api/client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import { useAction, useQuery } from '../hooks/useApi';
import { useNow } from '../hooks/useNow';
import { errorText } from '../errors';

type PairingCode = CommandResult<'device.pairingCode'>;

export function DeviceSettings() {
  const { t } = useTranslation();
  const { fmt } = usePos();
  const devices = useQuery('device.list', {});
  const { busy, run } = useAction();
  // The code's own clock: when it was received, then a tick every second while it is shown.
  const [received, setReceived] = useState<{ code: PairingCode; at: number } | null>(null);
  const code = received?.code ?? null;
  const ticked = useNow(code ? 1000 : null);
  const now = Math.max(ticked, received?.at ?? 0);
  const left = code ? Math.max(0, Math.round((code.expiresAt - now) / 1000)) : 0;
  return (
    <div data-testid="device-settings">
      <p className="muted">{t('settings.pairingText')}</p>
      <button type="button" className="btn btn-primary btn-lg" disabled={busy} onClick={() => void run('device.pairingCode', {}).then((c) => { if (c) setReceived({ code: c, at: Date.now() }); })} data-testid="pairing-new">{t('settings.newCode')}</button>
      {code && left > 0 && (
        <div className="pairing-code card">
          <strong className="code" data-testid="pairing-code-value">{code.code}</strong>
          <span className="muted">{t('settings.expiresIn', { seconds: left })}</span>
          {code.urls.map((u) => <code key={u}>{u}</code>)}
        </div>
      )}
      {code && left === 0 && <p className="muted">{t('settings.codeExpired')}</p>}
      <h3>{t('settings.pairedDevices')}</h3>
      {devices.error && <p className="form-error">{errorText(t, devices.error)}</p>}
      <table className="data-table" data-testid="device-list">
        <tbody>
          {devices.data?.filter((d) => !('revokedAt' in d) || !(d as { revokedAt?: number | null }).revokedAt).map((d) => (
            <tr key={d.id}><td>{d.name}</td><td className="muted">{d.lastSeenAt ? fmt.ago(d.lastSeenAt) : fmt.dateTime(d.createdAt)}</td>
              <td><button type="button" className="btn btn-danger" onClick={() => void run('device.revoke', { id: d.id }).then(() => devices.reload())}>{t('settings.revoke')}</button></td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
