/**
 * Support (owner and manager): "Save support bundle" (logs, versions and the license state as a
 * .tar.gz, no secrets; core command support.bundle) and the opt-in crash reports (off by
 * default; minidumps stay on this computer; from the next start).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import { useAction } from '../hooks/useApi';
import { may } from '../screens/role-rules';

interface SupportBundle { fileName: string; path: string; files: string[]; bytesBase64: string }

/** A data: URL (not a Blob): the bundle is small, and it works the same in Electron and browsers. */
function download(bundle: SupportBundle): void {
  const a = document.createElement('a');
  a.href = `data:application/gzip;base64,${bundle.bytesBase64}`;
  a.download = bundle.fileName;
  a.click();
}

export function SupportSettings() {
  const { t } = useTranslation();
  const { client, toast, showError, staff } = usePos();
  // Changing a setting is the owner's (settings.write); a manager only saves bundles.
  const ownsSettings = may(staff?.role, 'settings.write');
  const { busy, run } = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const [crashReports, setCrashReports] = useState<boolean | null>(null);

  useEffect(() => {
    if (!ownsSettings) return undefined;
    let live = true;
    client.call('settings.get', {})
      .then((r) => { if (live) setCrashReports(r.settings.crashReports === true); })
      .catch(showError);
    return () => { live = false; };
  }, [client, showError, ownsSettings]);

  const save = async () => {
    const bundle = await run('support.bundle', {});
    if (!bundle) return;
    download(bundle);
    setSaved(bundle.path);
    toast(t('support.bundleSaved'), 'success');
  };
  const toggleCrash = async (on: boolean) => {
    const r = await run('settings.update', { crashReports: on });
    if (r !== undefined) setCrashReports(on);
  };

  return (
    <div data-testid="support-settings">
      <p className="muted">{t('support.bundleText')}</p>
      <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()} data-testid="support-bundle">{t('support.saveBundle')}</button>
      {saved && <p data-testid="support-bundle-path">{t('support.savedAt', { path: saved })}</p>}
      {ownsSettings && <>
      <label className="check">
        <input type="checkbox" checked={crashReports === true} disabled={busy || crashReports === null} onChange={(e) => void toggleCrash(e.target.checked)} data-testid="crash-reports" />
        {t('support.crashReports')}
      </label>
      <p className="muted">{t('support.crashReportsText')}</p>
      </>}
    </div>
  );
}
