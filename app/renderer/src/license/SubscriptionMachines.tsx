/**
 * "Computers on this subscription" (issue #5): the worker's list of active computers, this one
 * marked, the others with name, platform, last seen and, after a confirmation, "Deactivate",
 * which frees that seat and reloads the list. The list is the owner's (core refuses others):
 * anyone else reads that only the owner sees it, and nothing is asked of the worker.
 */
import type { CommandResult } from '../api/client';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { licenseAction } from '../api/license';
import { usePos } from '../context';
import { errorText } from '../errors';
import { canManageLicense } from './roles';

/** One row of `license.machines`, as core answers it. */
type SubscriptionComputer = CommandResult<'license.machines'>['machines'][number];

export function SubscriptionMachines() {
  const { t } = useTranslation();
  const { client, fmt, staff, toast, refreshLicense } = usePos();
  const [machines, setMachines] = useState<SubscriptionComputer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const owner = canManageLicense(staff?.role);

  // State changes only when the answer comes, never synchronously in the effect.
  const load = useCallback(async () => {
    if (!owner) return;
    await client.call('license.machines', {}).then(
      (r) => { setMachines(r.machines); setError(null); },
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [client, t, owner]);
  useEffect(() => { void load(); }, [load]);

  if (!owner) {
    return (
      <section data-testid="machines-list" aria-labelledby="machines-title">
        <h2 id="machines-title">{t('subscription.machinesTitle')}</h2>
        <p className="muted" data-testid="machines-owner-only">{t('subscription.machinesOwnerOnly')}</p>
      </section>
    );
  }

  async function deactivate(m: SubscriptionComputer) {
    setBusy(true);
    try {
      await licenseAction(client, 'license.deactivate', { machineId: m.id }, () => undefined);
      toast(t('subscription.machineDeactivated', { name: m.name }), 'success');
      setConfirming(null);
      await load();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
      refreshLicense();
    }
  }

  // This computer first, then the most recently seen.
  const sorted = [...(machines ?? [])].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt);
  return (
    <section data-testid="machines-list" aria-labelledby="machines-title">
      <h2 id="machines-title">{t('subscription.machinesTitle')}</h2>
      {error && <p className="banner banner-bad" role="alert">{error}</p>}
      {machines === null && !error && <p className="muted">{t('subscription.machinesLoading')}</p>}
      {machines !== null && (
        <ul className="list">
          {sorted.map((m) => (
            <li key={m.id} data-testid="machine-row" data-current={m.current ? 'true' : undefined} className="row-actions wrap">
              <span>
                <strong>{m.name || '—'}</strong>{m.current && <> · <span className="chip chip-ok">{t('subscription.thisComputer')}</span></>}
                <span className="muted"> · {m.platform} · {t('subscription.lastSeen', { when: fmt.ago(m.lastSeenAt) })}</span>
              </span>
              {owner && !m.current && confirming !== m.id && (
                <button type="button" className="btn btn-danger" disabled={busy} data-testid="machine-deactivate" onClick={() => setConfirming(m.id)}>
                  {t('subscription.deactivate')}
                </button>
              )}
              {owner && !m.current && confirming === m.id && (
                <span className="confirm">
                  {t('subscription.deactivateOtherConfirm', { name: m.name })}
                  <button type="button" className="btn btn-danger" disabled={busy} data-testid="machine-deactivate-confirm" onClick={() => void deactivate(m)}>{t('common.yes')}</button>
                  <button type="button" className="btn" disabled={busy} onClick={() => setConfirming(null)}>{t('common.no')}</button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {machines !== null && !machines.some((m) => !m.current) && <p className="muted">{t('subscription.machinesNone')}</p>}
    </section>
  );
}
