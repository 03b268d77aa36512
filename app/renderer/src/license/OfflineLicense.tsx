/**
 * Offline license files (the reseller model, issue 13 §4): the Hardware ID the shop sends to
 * its distributor ("Copy hardware ID"), the import of the file they send back (file picker and
 * drag & drop; core's `license.importFile` verifies it), and the summary a file-mode till shows.
 * Core decides everything: the screen only reads the file's text and shows the answer.
 */
import { useEffect, useState } from 'react';
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ApiClient } from '../api/client';
import type { LicenseStatus } from '../api/shapes';
import { errorText } from '../errors';
import type { Formatters } from '../format';
import { Sheet } from '../components/Sheet';

export function HardwareIdPanel({ client }: { client: ApiClient }) {
  const { t } = useTranslation();
  const [hardwareId, setHardwareId] = useState<string | null>(null);
  const [parts, setParts] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    let alive = true;
    client.call('license.hardwareId', {}).then((r) => {
      if (!alive) return;
      setHardwareId(r.hardwareId);
      setParts(Object.keys(r.components).length);
    }).catch((e: unknown) => { if (alive) setError(errorText(t, e)); });
    return () => { alive = false; };
  }, [client, t]);

  async function copy() {
    if (!hardwareId) return;
    try {
      await navigator.clipboard.writeText(hardwareId);
    } catch {
      // No clipboard permission (a plain-http tablet): the text is selected for Ctrl+C instead.
      (document.querySelector('[data-testid="hardware-id-text"]') as HTMLTextAreaElement | null)?.select();
    }
    setCopied(true);
  }

  return (
    <div className="hardware-id" data-testid="hardware-id-panel">
      <h3>{t('offlineFile.hardwareIdTitle')}</h3>
      <p className="muted">{t('offlineFile.hardwareIdHint')}</p>
      {error && <p className="form-error" data-testid="hardware-id-error">{error}</p>}
      {hardwareId && (
        <>
          <textarea className="hardware-id-text" readOnly rows={6} value={hardwareId} onFocus={(e) => e.currentTarget.select()} data-testid="hardware-id-text" aria-label={t('offlineFile.hardwareIdTitle')} spellCheck={false} />
          <div className="row-actions">
            <button type="button" className="btn btn-primary" onClick={() => void copy()} data-testid="copy-hardware-id">{t('offlineFile.copy')}</button>
            <span className="muted">{copied ? t('offlineFile.copied') : t('offlineFile.parts', { count: parts })}</span>
          </div>
        </>
      )}
    </div>
  );
}

/** "I have a license file": pick or drop the file; core verifies it for this computer. */
export function LicenseFileDialog({ client, onStatus, onClose }: { client: ApiClient; onStatus(s: LicenseStatus): void; onClose(): void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);

  async function load(file: File | undefined) {
    if (!file) return;
    setBusy(true); setError(null);
    try {
      const result = await client.call('license.importFile', { text: await file.text() });
      onStatus(result);
      onClose();
    } catch (e) {
      setError(errorText(t, e));
    } finally { setBusy(false); }
  }

  const onDrop = (e: DragEvent<HTMLLabelElement>) => {
    e.preventDefault();
    setOver(false);
    void load(e.dataTransfer.files[0]);
  };

  return (
    <Sheet title={t('offlineFile.importTitle')} onClose={onClose} testId="license-file-dialog">
      <p>{t('offlineFile.importHint')}</p>
      <label className={over ? 'drop-zone over' : 'drop-zone'} onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop} data-testid="license-file-drop">
        <strong>{t('offlineFile.drop')}</strong>
        <span className="muted">{t('offlineFile.orPick')}</span>
        <input type="file" accept=".pospal-license,.json,application/json" disabled={busy} onChange={(e) => void load(e.target.files?.[0])} data-testid="license-file-input" />
      </label>
      {busy && <p className="muted">{t('common.working')}</p>}
      {error && <p className="form-error" role="alert" data-testid="license-file-error">{error}</p>}
    </Sheet>
  );
}

/**
 * A file is valid through the end of a UTC day (the worker's `until`): noon UTC of that day is
 * the same calendar day in every shop's time zone, so the date shown is the one issued.
 */
const lastValidDay = (expiresAt: number): number => {
  const d = new Date(expiresAt);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12);
};

/** "Offline license: <shop>, issued by <distributor>, valid until …" (or perpetual). */
export function offlineFileSentence(t: TFunction, fmt: Formatters, status: LicenseStatus): string | null {
  const f = status.offlineFile;
  if (!f) return null;
  return f.expiresAt === null
    ? t('offlineFile.summaryPerpetual', { customer: f.customer, distributor: f.distributor })
    : t('offlineFile.summary', { customer: f.customer, distributor: f.distributor, until: fmt.date(lastValidDay(f.expiresAt)) });
}

/** The "I have a license file" button with its dialog (Settings → Subscription, activation screen). */
export function LicenseFileButton({ client, onStatus, className = 'btn' }: { client: ApiClient; onStatus(s: LicenseStatus): void; className?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)} data-testid="have-license-file">{t('offlineFile.have')}</button>
      {open && <LicenseFileDialog client={client} onStatus={onStatus} onClose={() => setOpen(false)} />}
    </>
  );
}
