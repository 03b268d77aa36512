/** The tray icon: the license state at a glance, and the way back to a hidden window or out. */
import { join } from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { LicenseStatus } from '../core/license/agent';

export function trayLabel(s: Pick<LicenseStatus, 'state' | 'daysLeft' | 'reason'>): string {
  switch (s.state) {
    case 'active': return 'Licensed';
    case 'offline_grace': return `Offline — ${s.daysLeft ?? '?'} days left`;
    case 'suspended': return 'Suspended — payment failed';
    case 'cancelled': return 'Subscription cancelled';
    case 'session_conflict': return 'In use on another computer';
    case 'locked': return s.reason === 'taken_over' ? 'Taken over by another computer' : 'Locked';
    default: return 'Not activated';
  }
}

export interface PosTray {
  update(status: LicenseStatus): void;
  destroy(): void;
}

export function createPosTray(iconsDir: string, actions: { show(): void; quit(): void }, status: LicenseStatus): PosTray {
  const icon = nativeImage.createFromPath(join(iconsDir, '32x32.png'));
  const tray = new Tray(icon.isEmpty() ? nativeImage.createEmpty() : icon);
  const render = (s: LicenseStatus) => {
    const label = trayLabel(s);
    tray.setToolTip(`POSPal — ${label}`);
    tray.setContextMenu(Menu.buildFromTemplate([
      { label: `License: ${label}`, enabled: false },
      { type: 'separator' },
      { label: 'Show POSPal', click: actions.show },
      { label: 'Quit POSPal', click: actions.quit },
    ]));
  };
  tray.on('click', actions.show);
  render(status);
  return { update: render, destroy: () => tray.destroy() };
}
