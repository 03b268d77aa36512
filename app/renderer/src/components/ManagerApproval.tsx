/**
 * Voids and refunds need a manager: a cashier asks one to type their PIN here. The check gives
 * a one-off session for that single command; the cashier stays signed in.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient, StaffSession } from '../api/client';
import type { StaffMember } from '../api/shapes';
import { errorText } from '../errors';
import { Sheet } from './Sheet';
import { PinPad } from './PinPad';

export interface ManagerApprovalProps {
  client: ApiClient;
  onApproved(session: StaffSession): void;
  onClose(): void;
  /** Who may approve (default: a manager or the owner); e.g. only the owner for billing. */
  roles?: readonly StaffMember['role'][];
  /** Title and explanation (default: a manager approves). */
  title?: string;
  text?: string;
  /** What is being approved, named for the manager ("Discount 20 % on order #4"). */
  what?: string;
}

const APPROVERS: readonly StaffMember['role'][] = ['manager', 'owner'];

export function ManagerApproval({ client, onApproved, onClose, roles = APPROVERS, title, text, what }: ManagerApprovalProps) {
  const { t } = useTranslation();
  const [managers, setManagers] = useState<StaffMember[]>([]);
  const [who, setWho] = useState<StaffMember | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    client.call('staff.listForLogin', {}).then((l) => {
      const m = l.staff.filter((s) => roles.includes(s.role));
      setManagers(m);
      // Someone is picked from the start so the PIN can be typed at once (a manager before the owner).
      const first = m.find((s) => s.role === 'manager') ?? m[0];
      if (first) setWho((cur) => cur ?? first);
    }, (e: unknown) => setError(errorText(t, e)));
  }, [client, t, roles]);
  const submit = async (typed: string) => {
    if (!who) return;
    setBusy(true); setError(null);
    try {
      const session = await client.verifyPin(who.id, typed);
      if (!roles.includes(session.staff.role)) { setError(t('errors.PERMISSION_DENIED')); return; }
      onApproved(session);
    } catch (e) { setError(errorText(t, e)); setPin(''); } finally { setBusy(false); }
  };
  return (
    <Sheet title={title ?? t('approval.title')} onClose={onClose} testId="manager-approval">
      {what && <p className="approval-what" data-testid="approval-what"><span className="muted">{t('approval.askingFor')}</span> <strong>{what}</strong></p>}
      <p className="muted">{text ?? t('approval.text')} {t('approval.keyboardHint')}</p>
      <div className="staff-picker">
        {managers.map((m) => (
          <button type="button" key={m.id} className={who?.id === m.id ? 'staff-btn on' : 'staff-btn'} onClick={() => { setWho(m); setPin(''); }} data-testid="approval-manager">
            <strong>{m.name}</strong><span className="muted">{t(`roles.${m.role}`)}</span>
          </button>
        ))}
      </div>
      {who && <PinPad value={pin} onChange={setPin} onSubmit={(value) => void submit(value)} disabled={busy} />}
      {error && <p className="form-error" role="alert">{error}</p>}
    </Sheet>
  );
}

/** Runs a command as the signed-in staff member if their role allows it, else after a manager's PIN. */
export function needsApproval(role: StaffMember['role'] | undefined): boolean {
  return role !== 'manager' && role !== 'owner';
}
