/**
 * A modal sheet. Esc and the backdrop close it unless it is `blocking` (the takeover dialog
 * must be answered). Focus moves into the sheet so keyboard users land in it.
 */
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

export interface SheetProps {
  title: string;
  onClose?: () => void;
  blocking?: boolean;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  wide?: boolean;
}

export function Sheet({ title, onClose, blocking = false, children, footer, testId, wide }: SheetProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    const first = el?.querySelector<HTMLElement>('[data-autofocus], input, button');
    first?.focus();
    if (blocking || !onClose) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') { e.stopPropagation(); onClose(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [blocking, onClose]);
  return (
    <div
      className="backdrop"
      onMouseDown={(e) => { if (!blocking && onClose && e.target === e.currentTarget) onClose(); }}
    >
      <div ref={ref} role="dialog" aria-modal="true" aria-label={title} className={wide ? 'sheet sheet-wide' : 'sheet'} data-testid={testId}>
        <header className="sheet-head">
          <h2>{title}</h2>
          {!blocking && onClose && (
            <button type="button" className="icon-btn" aria-label="×" onClick={onClose} data-testid="sheet-close">×</button>
          )}
        </header>
        <div className="sheet-body">{children}</div>
        {footer && <footer className="sheet-foot">{footer}</footer>}
      </div>
    </div>
  );
}
