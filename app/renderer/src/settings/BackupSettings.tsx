/** Backups: the daily files, "back up now", and restore (confirmed: it replaces today's data). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import { useAction, useQuery } from '../hooks/useApi';


export function BackupSettings() {
  const { t } = useTranslation();
  const { toast } = usePos();
  const list = useQuery('backup.list', {});
  const { busy, run } = useAction();
  const [confirm, setConfirm] = useState<string | null>(null);
  return (
    <div data-testid="backup-settings">
      <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run('backup.run', { force: true }).then((r) => { if (r !== undefined) { toast(t('settings.backupDone'), 'success'); list.reload(); } })} data-testid="backup-now">{t('settings.backupNow')}</button>
      <table className="data-table" data-testid="backup-list">
        <tbody>
          {list.data?.map((b) => (
            <tr key={b.name}>
              <td>{b.day}</td><td className="num">{(b.bytes / 1024).toFixed(0)} KB</td>
              <td>
                {confirm === b.name ? (
                  <span className="confirm">{t('settings.restoreConfirm', { day: b.day })}
                    <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void run('backup.restore', { name: b.name }).then((r) => { setConfirm(null); if (r !== undefined) toast(t('settings.restored'), 'success'); })} data-testid="restore-confirm">{t('common.yes')}</button>
                    <button type="button" className="btn" onClick={() => setConfirm(null)}>{t('common.no')}</button></span>
                ) : <button type="button" className="btn" onClick={() => setConfirm(b.name)} data-testid="backup-restore">{t('settings.restore')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
