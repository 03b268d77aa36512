/** Settings grouped in a left list: business, taxes, printers, language, devices, backups, staff. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import { BusinessSettings } from './BusinessSettings';
import { TaxSettings } from './TaxSettings';
import { PrinterSettingsPanel } from './PrinterSettings';
import { LanguageSettings } from './LanguageSettings';
import { DeviceSettings } from './DeviceSettings';
import { BackupSettings } from './BackupSettings';
import { StaffSettings } from './StaffSettings';
import { QrSettings } from '../menu/QrPanel';

const GROUPS = ['business', 'taxes', 'printers', 'language', 'devices', 'backups', 'staff', 'qrMenu'] as const;
type Group = (typeof GROUPS)[number];

export function SettingsScreen() {
  const { t } = useTranslation();
  const { staff } = usePos();
  const [group, setGroup] = useState<Group>('business');
  if (staff?.role === 'cashier') {
    return <section className="panel" data-testid="settings-screen"><h1>{t('nav.settings')}</h1><LanguageSettings /><p className="muted">{t('settings.managersOnly')}</p></section>;
  }
  return (
    <section className="panel panel-wide" data-testid="settings-screen">
      <h1>{t('nav.settings')}</h1>
      <div className="two-col">
        <nav className="side-list" aria-label={t('nav.settings')}>
          {GROUPS.map((g) => (
            <button type="button" key={g} className={g === group ? 'side-btn on' : 'side-btn'} onClick={() => setGroup(g)} data-testid={`settings-${g}`}>{t(`settings.groups.${g}`)}</button>
          ))}
        </nav>
        <div className="settings-body">
          {group === 'business' && <BusinessSettings />}
          {group === 'taxes' && <TaxSettings />}
          {group === 'printers' && <PrinterSettingsPanel />}
          {group === 'language' && <LanguageSettings />}
          {group === 'devices' && <DeviceSettings />}
          {group === 'backups' && <BackupSettings />}
          {group === 'staff' && <StaffSettings />}
          {group === 'qrMenu' && <QrSettings />}
        </div>
      </div>
    </section>
  );
}
