/**
 * The amber offline-grace banner. It can be collapsed, but the collapse only lasts for the
 * calendar day: it returns each morning, because the deadline is getting closer.
 */
import { useState } from 'react';
import { useNow } from '../hooks/useNow';
import { useTranslation } from 'react-i18next';
import type { LicenseStatus } from '../api/shapes';
import type { Formatters } from '../format';

const KEY = 'pospal.offlineBannerCollapsedOn';

function today(now: number): string {
  const d = new Date(now);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

export function OfflineBanner({ status, fmt, now: given }: { status: LicenseStatus; fmt: Formatters; now?: number }) {
  const { t } = useTranslation();
  // Read every minute, so a banner collapsed yesterday comes back this morning.
  const shownAt = useNow(60_000);
  const now = given ?? shownAt;
  const [collapsedOn, setCollapsedOn] = useState<string | null>(() => {
    try { return window.localStorage.getItem(KEY); } catch { return null; }
  });
  if (status.state !== 'offline_grace') return null;
  const collapsed = collapsedOn === today(now);
  const collapse = () => {
    const day = today(now);
    setCollapsedOn(day);
    try { window.localStorage.setItem(KEY, day); } catch { /* memory only */ }
  };
  if (collapsed) {
    return (
      <button type="button" className="banner banner-warn banner-collapsed" onClick={() => setCollapsedOn(null)} data-testid="offline-banner-collapsed">
        {t('license.chip.offline', { count: Math.max(0, status.daysLeft ?? 0) })}
      </button>
    );
  }
  return (
    <div className="banner banner-warn" role="status" data-testid="offline-banner">
      <span>
        {t('license.offline.text', {
          since: status.lastCheckAt ? fmt.date(status.lastCheckAt) : '—',
          until: status.offlineGraceUntil ? fmt.date(status.offlineGraceUntil) : '—',
        })}
      </span>
      <button type="button" className="btn btn-ghost" onClick={collapse} data-testid="offline-banner-collapse">{t('common.hide')}</button>
    </div>
  );
}
