/**
 * Settings grouped in a left list: business, taxes, fiscal (myDATA), printers, language, devices, backups, staff, support.
 * Each person sees only the groups their role may change (core enforces the same); the others
 * are named once, with who changes them, so nobody fills in a form that will be refused.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { Permission } from '../../../core/pos/staff/permissions';
import { may } from '../screens/role-rules';
import { BusinessSettings } from './BusinessSettings';
import { TaxSettings } from './TaxSettings';
import { PrinterSettingsPanel } from './PrinterSettings';
import { LanguageSettings } from './LanguageSettings';
import { DeviceSettings } from './DeviceSettings';
import { BackupSettings } from './BackupSettings';
import { StaffSettings } from './StaffSettings';
import { SupportSettings } from './SupportSettings';
import { QrSettings } from '../menu/QrPanel';
import { FiscalSettings } from '../fiscal/FiscalSettings';

const GROUPS = ['business', 'taxes', 'fiscal', 'printers', 'language', 'devices', 'backups', 'staff', 'qrMenu', 'support'] as const;
type Group = (typeof GROUPS)[number];

/** What changing each group takes (null: anyone signed in; the language is a display choice). */
const NEEDS: Record<Group, Permission | null> = {
  business: 'settings.write', taxes: 'settings.write', fiscal: 'settings.write', printers: 'settings.write', language: null,
  devices: 'settings.write', backups: 'backup.manage', staff: 'staff.manage', qrMenu: 'license.manage',
  // The support bundle is for owner and manager (core: support.bundle needs reports.read).
  support: 'reports.read',
};

export function settingsGroupsFor(role: Parameters<typeof may>[0]): Group[] {
  return GROUPS.filter((g) => NEEDS[g] === null || may(role, NEEDS[g]));
}

export function SettingsScreen() {
  const { t } = useTranslation();
  const { staff } = usePos();
  const groups = settingsGroupsFor(staff?.role);
  const [group, setGroup] = useState<Group>(groups[0] ?? 'language');
  // Not the owner: the language (and, for a manager, the support bundle) on one page.
  if (groups.every((g) => g === 'language' || g === 'support')) {
    return (
      <section className="panel" data-testid="settings-screen">
        <h1>{t('nav.settings')}</h1>
        <h3>{t('settings.groups.language')}</h3>
        <LanguageSettings />
        {groups.includes('support') && <><h3>{t('settings.groups.support')}</h3><SupportSettings /></>}
        <p className="muted" data-testid="settings-owner-only">{t('settings.ownerOnly')}</p>
      </section>
    );
  }
  return (
    <section className="panel panel-wide" data-testid="settings-screen">
      <h1>{t('nav.settings')}</h1>
      <div className="two-col">
        <nav className="side-list" aria-label={t('nav.settings')}>
          {groups.map((g) => (
            <button type="button" key={g} className={g === group ? 'side-btn on' : 'side-btn'} onClick={() => setGroup(g)} data-testid={`settings-${g}`}>{t(`settings.groups.${g}`)}</button>
          ))}
        </nav>
        <div className="settings-body">
          {group === 'business' && <BusinessSettings />}
          {group === 'taxes' && <TaxSettings />}
          {group === 'fiscal' && <FiscalSettings />}
          {group === 'printers' && <PrinterSettingsPanel />}
          {group === 'language' && <LanguageSettings />}
          {group === 'devices' && <DeviceSettings />}
          {group === 'backups' && <BackupSettings />}
          {group === 'staff' && <StaffSettings />}
          {group === 'support' && <SupportSettings />}
          {group === 'qrMenu' && <QrSettings />}
        </div>
      </div>
    </section>
  );
}
