/**
 * Getting a menu in (issue 11, item 13): import a POSPal JSON or a CSV file, and, while the menu
 * is still empty, load the demo café's menu (the owner's choice: it also sets the bar/kitchen
 * routing). An owner who created their account first starts here instead of an empty screen.
 */
import { useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import { useAction } from '../hooks/useApi';

/** The file input stays reachable (keyboard, tests) inside its button-looking label. */
const HIDDEN_INPUT = { position: 'absolute', width: 1, height: 1, opacity: 0, overflow: 'hidden' } as const;

const FILE_BUTTON = { position: 'relative', display: 'inline-flex', alignItems: 'center', justifyContent: 'center', cursor: 'pointer' } as const;

interface ImportResult { created: number; updated: number; applied: boolean; errors: { row: number; path: string; message: string }[] }

export function MenuStart({ empty, onChanged }: { empty: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const { staff, toast } = usePos();
  const { busy, run } = useAction();
  const [errors, setErrors] = useState<ImportResult['errors']>([]);
  const isOwner = staff?.role === 'owner';

  async function importFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const format = /\.json$/i.test(file.name) || file.type === 'application/json' ? 'json' : 'csv';
    const r = await run('catalog.import', { format, content: await file.text() });
    if (!r) return;
    setErrors(r.applied ? [] : r.errors);
    if (r.applied) { toast(t('menu.imported', { created: r.created, updated: r.updated }), 'success'); onChanged(); }
  }
  async function loadDemo() {
    const r = await run('demo.loadMenu', {});
    if (r) { toast(t('menu.demoMenuLoaded', { items: r.items }), 'success'); onChanged(); }
  }

  return (
    <div className={empty ? 'menu-start card' : 'menu-start'} style={{ marginBottom: 12 }} data-testid="menu-start">
      {empty && <h2>{t('menu.startTitle')}</h2>}
      {empty && <p className="muted">{t('menu.startText')}</p>}
      <div className="row-actions">
        <label className="btn" style={FILE_BUTTON}>
          {busy ? t('menu.importing') : t('menu.importFile')}
          <input type="file" accept=".json,.csv,application/json,text/csv" style={HIDDEN_INPUT} disabled={busy}
            onChange={(e) => void importFile(e)} data-testid="menu-import-file" />
        </label>
        {empty && isOwner && <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void loadDemo()} data-testid="menu-load-demo">{t('menu.loadDemoMenu')}</button>}
        {empty && !isOwner && <span className="muted">{t('menu.demoMenuOwnerOnly')}</span>}
      </div>
      {errors.length > 0 && (
        <div className="form-error" role="alert" data-testid="menu-import-errors">
          <p>{t('menu.importErrors')}</p>
          <ul>{errors.slice(0, 10).map((x) => <li key={`${x.row}-${x.path}`}>{t('menu.importRow', x)}</li>)}</ul>
        </div>
      )}
    </div>
  );
}
