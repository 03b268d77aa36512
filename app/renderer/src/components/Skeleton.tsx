/** Grey placeholders shown while something loads, so the layout does not jump. */
export function Skeleton({ rows = 3, tiles = false }: { rows?: number; tiles?: boolean }) {
  return (
    <div className={tiles ? 'skeleton-grid' : 'skeleton-list'} aria-busy="true" data-testid="skeleton">
      {Array.from({ length: rows }, (_, i) => <div key={i} className={tiles ? 'skeleton tile' : 'skeleton row'} />)}
    </div>
  );
}

export function ErrorState({ message, onRetry, retryLabel }: { message: string; onRetry?: () => void; retryLabel?: string }) {
  return (
    <div className="error-state" role="alert">
      <p>{message}</p>
      {onRetry && <button type="button" className="btn" onClick={onRetry}>{retryLabel ?? '↻'}</button>}
    </div>
  );
}
