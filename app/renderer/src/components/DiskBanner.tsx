/**
 * The disk banner: red when a write failed because the computer's disk is full (nothing new is
 * saved until space is freed), amber when free space is under the app's threshold. It reads
 * `system.disk` once and then follows the `disk` events the app pushes.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../api/client';
import type { DiskStatus } from '../api/shapes';

const MB = 1024 * 1024;

function isDiskStatus(v: unknown): v is DiskStatus {
  return typeof v === 'object' && v !== null && 'low' in v && 'full' in v;
}

export function DiskBanner({ client }: { client: ApiClient }) {
  const { t } = useTranslation();
  const [disk, setDisk] = useState<DiskStatus | null>(null);
  useEffect(() => {
    let live = true;
    client.call('system.disk', {}).then((s) => { if (live) setDisk(s); }, () => { /* an older app: no banner */ });
    const off = client.on('disk', (data) => { if (isDiskStatus(data)) setDisk(data); });
    return () => { live = false; off(); };
  }, [client]);
  if (!disk) return null;
  if (disk.full) {
    return <div className="banner banner-bad" role="alert" data-testid="disk-full-banner"><span>{t('disk.full')}</span></div>;
  }
  if (disk.low) {
    const free = disk.freeBytes === null ? '?' : String(Math.floor(disk.freeBytes / MB));
    return <div className="banner banner-warn" role="status" data-testid="disk-low-banner"><span>{t('disk.low', { free })}</span></div>;
  }
  return null;
}
