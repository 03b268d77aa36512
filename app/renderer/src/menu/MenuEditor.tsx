/** Menu editor: categories (add, rename, archive) and their items (add, edit, availability, archive). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { CatalogItem, Category } from '../api/shapes';
import { useAction, useQuery } from '../hooks/useApi';
import { useCatalog } from '../order/catalog-context';
import { Skeleton } from '../components/Skeleton';
import { canManageLicense } from '../license/roles';
import { ItemEditor } from './ItemEditor';
import { PublishPanel } from './PublishPanel';
import { MenuStart } from './MenuStart';
import { StationSelect, useStationName } from './StationSelect';
import { NOT_SENT, categoryStation, stationChoices } from './stations';

export function MenuEditor() {
  const { t } = useTranslation();
  const { fmt, staff } = usePos();
  const { catalog, reload } = useCatalog();
  const rates = useQuery('tax.listRates', {});
  const { busy, run } = useAction();
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [editing, setEditing] = useState<CatalogItem | 'new' | null>(null);
  const [newCategory, setNewCategory] = useState('');
  const [rename, setRename] = useState<Category | null>(null);
  const shop = useQuery('settings.get', {});
  const stationName = useStationName();
  if (!catalog) return <section className="panel"><Skeleton rows={8} /></section>;
  const active = categoryId ?? catalog.categories[0]?.id ?? null;
  const items = catalog.items.filter((i) => i.categoryId === active);
  const after = (r: unknown) => { if (r !== undefined) reload(); };
  const kitchen = shop.data?.settings.kitchen;
  const choices = stationChoices(shop.data?.settings);
  const activeStation = active ? categoryStation(kitchen, active) : null;
  const setCategoryStation = (station: string | null) => {
    if (!active) return;
    void run('catalog.setCategoryStation', { categoryId: active, station: station === NOT_SENT ? null : station }).then((r) => { if (r !== undefined) shop.reload(); });
  };
  return (
    <section className="panel panel-wide menu-editor" data-testid="menu-editor">
      <h1>{t('menu.title')}</h1>
      <MenuStart empty={catalog.categories.length === 0 && catalog.items.length === 0} onChanged={() => { reload(); shop.reload(); }} />
      <div className="two-col">
        <aside className="side-list">
          {catalog.categories.map((c) => (
            <div key={c.id} className={c.id === active ? 'side-item on' : 'side-item'}>
              {rename?.id === c.id ? (
                <form onSubmit={(e) => { e.preventDefault(); void run('catalog.updateCategory', { id: c.id, name: rename.name }).then(after); setRename(null); }}>
                  <input className="inline-input" value={rename.name} onChange={(e) => setRename({ ...rename, name: e.target.value })} data-autofocus aria-label={t('common.name')} />
                </form>
              ) : (
                <button type="button" className="side-btn" onClick={() => setCategoryId(c.id)} onDoubleClick={() => setRename(c)} data-testid="menu-category">{c.name}</button>
              )}
              <button type="button" className="btn btn-ghost" onClick={() => setRename(c)} aria-label={t('common.edit')}>✎</button>
            </div>
          ))}
          <form className="side-add" onSubmit={(e) => { e.preventDefault(); if (newCategory.trim()) void run('catalog.createCategory', { name: newCategory.trim() }).then((r) => { after(r); setNewCategory(''); }); }}>
            <input className="inline-input" value={newCategory} onChange={(e) => setNewCategory(e.target.value)} placeholder={t('menu.newCategory')} data-testid="menu-new-category" aria-label={t('menu.newCategory')} />
            <button type="submit" className="btn" disabled={busy} data-testid="menu-add-category">{t('common.add')}</button>
          </form>
        </aside>
        <div>
          <div className="panel-head">
            <h2>{catalog.categories.find((c) => c.id === active)?.name ?? ''}</h2>
            {active && (
              <label className="inline-field" title={t('kitchen.stationHint')}>{t('kitchen.station')}
                <StationSelect value={activeStation ?? NOT_SENT} choices={choices} onChange={setCategoryStation} testId="menu-category-station" label={t('kitchen.station')} />
              </label>
            )}
            <button type="button" className="btn btn-primary" disabled={!active} onClick={() => setEditing('new')} data-testid="menu-add-item"
              title={active ? undefined : t('menu.needsCategory')} aria-describedby={active ? undefined : 'menu-needs-category'}>{t('menu.addItem')}</button>
          </div>
          {!active && <p className="muted" id="menu-needs-category" data-testid="menu-needs-category">{t('menu.needsCategory')}</p>}
          <table className="data-table" data-testid="menu-items">
            <thead><tr><th>{t('common.name')}</th><th className="num">{t('menu.price')}</th><th>{t('menu.barcode')}</th><th>{t('kitchen.station')}</th><th>{t('menu.available')}</th><th /></tr></thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td>{i.name}{i.optionGroups.length > 0 && <span className="muted"> · {t('menu.withOptions', { count: i.optionGroups.length })}</span>}</td>
                  <td className="num">{fmt.money(i.priceCents)}</td>
                  <td>{i.barcode ?? ''}</td>
                  <td data-testid="menu-item-station">{i.station === null ? <span className="muted">{stationName(activeStation)}</span> : stationName(i.station)}</td>
                  <td><input type="checkbox" checked={i.available} onChange={(e) => void run('catalog.updateItem', { id: i.id, available: e.target.checked }).then(after)} aria-label={t('menu.available')} /></td>
                  <td><span className="row-actions tight nowrap">
                    <button type="button" className="btn" onClick={() => setEditing(i)} data-testid="menu-edit-item">{t('common.edit')}</button>
                    <button type="button" className="btn btn-ghost" onClick={() => void run('catalog.setItemArchived', { id: i.id, archived: true }).then(after)}>{t('menu.archive')}</button>
                  </span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {canManageLicense(staff?.role) && <PublishPanel />}
      {editing && active && (
        <ItemEditor item={editing === 'new' ? null : editing} categoryId={active} categories={catalog.categories} rates={rates.data ?? []}
          stations={choices} categoryStationOf={(id) => stationName(categoryStation(kitchen, id))}
          onClose={() => setEditing(null)} onSaved={() => { setEditing(null); reload(); }} />
      )}
    </section>
  );
}
