import type { Toast } from '../context';

export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss(id: number): void }) {
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <button type="button" key={t.id} className={`toast toast-${t.kind}`} onClick={() => onDismiss(t.id)} data-testid={`toast-${t.kind}`}>
          {t.text}
        </button>
      ))}
    </div>
  );
}
