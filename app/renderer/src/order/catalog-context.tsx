/** The catalog, loaded once and kept while the app runs, so going back to the order screen is instant. */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { ApiClient, ApiError } from '../api/client';
import { toApiError } from '../api/client';
import type { Catalog } from '../api/shapes';

export interface CatalogState { catalog: Catalog | null; error: ApiError | null; reload(): void }

const CatalogContext = createContext<CatalogState | null>(null);

export function CatalogProvider({ client, children, enabled = true }: { client: ApiClient; children: ReactNode; enabled?: boolean }) {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    Promise.all([
      client.call('catalog.listCategories', {}),
      client.call('catalog.listItems', {}),
    ]).then(
      ([categories, items]) => { if (alive) { setCatalog({ categories, items }); setError(null); } },
      (e: unknown) => { if (alive) setError(toApiError(e)); },
    );
    return () => { alive = false; };
  }, [client, tick, enabled]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return <CatalogContext.Provider value={{ catalog, error, reload }}>{children}</CatalogContext.Provider>;
}

export function useCatalog(): CatalogState {
  const v = useContext(CatalogContext);
  if (!v) throw new Error('useCatalog outside <CatalogProvider>');
  return v;
}
