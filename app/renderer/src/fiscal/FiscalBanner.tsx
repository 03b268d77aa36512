/**
 * The shell's fiscal banner (issue 15): amber when documents have waited more than an hour to
 * reach AADE (fiscal.status.waitingOverHour), with how many and a way to the Orders screen. It
 * reads fiscal.status once and again on every `orders` or `fiscal` event, and every few minutes (an hour
 * passes without any event).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient, CommandResult } from '../api/client';

export type FiscalStatus = CommandResult<'fiscal.status'>;

const RECHECK_MS = 5 * 60_000;

export function useFiscalStatus(client: ApiClient): FiscalStatus | null {
  const [status, setStatus] = useState<FiscalStatus | null>(null);
  const load = useCallback(() => {
    client.call('fiscal.status', {}).then(setStatus, () => { /* no permission or an older app: no banner */ });
  }, [client]);
  useEffect(() => {
    load();
    const offs = (['orders', 'fiscal'] as const).map((e) => client.on(e, load));
    const timer = setInterval(load, RECHECK_MS);
    return () => { offs.forEach((off) => off()); clearInterval(timer); };
  }, [client, load]);
  return status;
}

export function FiscalBanner({ client, onOpen }: { client: ApiClient; onOpen(): void }) {
  const { t } = useTranslation();
  const status = useFiscalStatus(client);
  if (!status?.enabled || !status.waitingOverHour) return null;
  return (
    <div className="banner banner-warn" role="status" data-testid="fiscal-banner">
      <span>{t('fiscal.banner.waiting', { count: status.pending + status.rejected })}</span>
      <span className="banner-actions">
        <button type="button" className="btn" onClick={onOpen} data-testid="fiscal-banner-open">{t('fiscal.banner.open')}</button>
      </span>
    </div>
  );
}
