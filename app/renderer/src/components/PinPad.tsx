/** A touch PIN pad that also accepts the keyboard's digits, Backspace and Enter. */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface PinPadProps {
  value: string;
  onChange(value: string): void;
  /** Gets the PIN as typed (keys of a fast burst may arrive before the next render). */
  onSubmit(value: string): void;
  maxLength?: number;
  disabled?: boolean;
}

export function PinPad({ value, onChange, onSubmit, maxLength = 6, disabled }: PinPadProps) {
  const { t } = useTranslation();
  // Keys are applied to the latest value, not the last rendered one: a burst of keys (fast
  // fingers, a keyboard wedge) can arrive before React has rendered the previous digit.
  const latest = useRef(value);
  useLayoutEffect(() => { latest.current = value; }, [value]);
  useEffect(() => {
    const set = (next: string) => { latest.current = next; onChange(next); };
    const onKey = (e: KeyboardEvent) => {
      if (disabled) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      const current = latest.current;
      if (/^\d$/.test(e.key)) { if (current.length < maxLength) set(current + e.key); }
      else if (e.key === 'Backspace') set(current.slice(0, -1));
      else if (e.key === 'Enter') {
        // Not also a click on whatever button has the focus (the sheet's ×, a staff name).
        e.preventDefault();
        if (current.length >= 4) onSubmit(current);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onChange, onSubmit, maxLength, disabled]);
  const press = (d: string) => { if (!disabled && value.length < maxLength) onChange(value + d); };
  return (
    <div className="pinpad">
      <div className="pin-dots" data-testid="pin-dots" aria-label={t('pin.entered', { count: value.length })}>
        {Array.from({ length: Math.max(4, value.length) }, (_, i) => <span key={i} className={i < value.length ? 'dot on' : 'dot'} />)}
      </div>
      <div className="pin-keys">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <button type="button" key={d} className="key" onClick={() => press(d)} data-testid={`pin-key-${d}`} disabled={disabled}>{d}</button>
        ))}
        <button type="button" className="key" onClick={() => onChange(value.slice(0, -1))} aria-label={t('pin.delete')} disabled={disabled}>⌫</button>
        <button type="button" className="key" onClick={() => press('0')} data-testid="pin-key-0" disabled={disabled}>0</button>
        <button type="button" className="key key-ok" onClick={() => onSubmit(value)} disabled={disabled || value.length < 4} data-testid="pin-submit">{t('pin.ok')}</button>
      </div>
    </div>
  );
}
