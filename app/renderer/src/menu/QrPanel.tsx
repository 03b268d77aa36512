/**
 * The menu's QR code: on screen, as PNG and SVG downloads for table stickers, printed on the
 * receipt printer, and optionally on every receipt. Shown in the Menu screen and in Settings.
 */
import { useTranslation } from 'react-i18next';
import { useAction, useQuery } from '../hooks/useApi';
import { usePos } from '../context';
import type { MenuPublicationView } from './publish-types';

/** The app's stylesheet has no rules for this panel yet: its few layout rules live here. */
const ROW = { display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'flex-start' } as const;
const LINK_BTN = { textDecoration: 'none', display: 'inline-flex', alignItems: 'center' } as const;

const svgHref = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

export function QrPanel({ view, onChanged }: { view: MenuPublicationView; onChanged(): void }) {
  const { t } = useTranslation();
  const { toast } = usePos();
  const { busy, run } = useAction();
  const url = view.publication?.url ?? null;
  const qr = useQuery(url ? 'menu.qr' : null, {}, [url]);
  if (!view.publication) return <p className="muted" data-testid="menu-qr-none">{t('menuPublish.qrNeedsPublish')}</p>;
  return (
    <div className="qr-panel" data-testid="menu-qr-panel">
      <h3>{t('menuPublish.qrTitle')}</h3>
      <div className="qr-row" style={ROW}>
        {qr.data ? <img className="qr-image" src={qr.data.pngDataUrl} alt={t('menuPublish.qrAlt', { url: qr.data.url })} width={200} height={200} data-testid="menu-qr-image" /> : <div className="qr-image skeleton" aria-busy="true" />}
        <div className="stack">
          <p className="muted">{t('menuPublish.qrHint')}</p>
          <p><code data-testid="menu-qr-url">{view.publication.url}</code></p>
          <div className="row-actions wrap">
            {qr.data && <a className="btn" style={LINK_BTN} href={qr.data.pngDataUrl} download={`${view.publication.slug}-qr.png`} data-testid="menu-qr-png">{t('menuPublish.downloadPng')}</a>}
            {qr.data && <a className="btn" style={LINK_BTN} href={svgHref(qr.data.svg)} download={`${view.publication.slug}-qr.svg`} data-testid="menu-qr-svg">{t('menuPublish.downloadSvg')}</a>}
            <button type="button" className="btn" disabled={busy} data-testid="menu-qr-print" onClick={() => void run('menu.printQr', {}).then((r) => { if (r !== undefined) toast(t('receipt.sent'), 'success'); })}>{t('menuPublish.printQr')}</button>
          </div>
          <label className="check" style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 8 }}>
            <input type="checkbox" checked={view.onReceipts} disabled={busy} data-testid="menu-qr-receipts"
              onChange={(e) => void run('menu.receiptQr', { enabled: e.target.checked }).then((r) => { if (r !== undefined) onChanged(); })} />
            {t('menuPublish.onReceipts')}
          </label>
        </div>
      </div>
    </div>
  );
}

/** Settings → QR menu: the same panel, for the owner. */
export function QrSettings() {
  const { t } = useTranslation();
  const view = useQuery('menu.publication', {});
  if (view.error) return <p className="muted">{t('menuPublish.ownerOnly')}</p>;
  if (!view.data) return <p className="muted" aria-busy="true">{t('common.loading')}</p>;
  return <section data-testid="settings-qr-menu"><h2>{t('settings.groups.qrMenu')}</h2><QrPanel view={view.data} onChanged={view.reload} /></section>;
}
