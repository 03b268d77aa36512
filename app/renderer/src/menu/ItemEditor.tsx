/** One item: name, price, tax rate, category, barcode, availability, option groups with min/max. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import type { CatalogItem, Category, TaxRate } from '../api/shapes';
import { useAction } from '../hooks/useApi';
import { Sheet } from '../components/Sheet';
import { StationSelect } from './StationSelect';
import { minorToDecimal } from '../../../shared/money';

interface GroupDraft { name: string; minChoices: number; maxChoices: number; options: { name: string; delta: string; isDefault?: boolean }[] }

export function ItemEditor({ item, categoryId, categories, rates, stations, categoryStationOf, onClose, onSaved }: {
  item: CatalogItem | null; categoryId: string; categories: Category[]; rates: TaxRate[];
  /** Stations to offer, and the name of where a category's items go (for "as its category"). */
  stations: string[]; categoryStationOf(categoryId: string): string;
  onClose(): void; onSaved(): void;
}) {
  const { t } = useTranslation();
  const { fmt } = usePos();
  const { busy, run } = useAction();
  const money = (c: number) => minorToDecimal(c, fmt.minorDigits);
  const [name, setName] = useState(item?.name ?? '');
  const [price, setPrice] = useState(item ? money(item.priceCents) : '');
  const [cat, setCat] = useState(item?.categoryId ?? categoryId);
  const [rate, setRate] = useState(item?.taxRateId ?? rates[0]?.id ?? '');
  const [barcode, setBarcode] = useState(item?.barcode ?? '');
  const [available, setAvailable] = useState(item?.available ?? true);
  const [station, setStation] = useState<string | null>(item?.station ?? null);
  const [groups, setGroups] = useState<GroupDraft[]>(() => (item?.optionGroups ?? []).map((g) => ({
    name: g.name, minChoices: g.minChoices, maxChoices: g.maxChoices,
    options: g.options.map((o) => ({ name: o.name, delta: money(o.priceDeltaCents), isDefault: o.isDefault })),
  })));
  const priceCents = fmt.parseMoney(price);
  const parseDelta = (d: string) => {
    const neg = d.trim().startsWith('-');
    const v = fmt.parseMoney(d.trim().replace(/^[-+]/, '') || '0');
    return v === null ? null : neg ? -v : v;
  };
  const save = async () => {
    if (priceCents === null || !name.trim() || !rate) return;
    const fields = {
      categoryId: cat, name: name.trim(), priceCents, taxRateId: rate, barcode: barcode.trim() || null, available, station,
      optionGroups: groups.map((g) => ({ name: g.name.trim(), minChoices: g.minChoices, maxChoices: g.maxChoices,
        options: g.options.filter((o) => o.name.trim()).map((o) => ({ name: o.name.trim(), priceDeltaCents: parseDelta(o.delta) ?? 0, isDefault: o.isDefault === true })) })),
    };
    const r = item ? await run('catalog.updateItem', { id: item.id, ...fields }) : await run('catalog.createItem', fields);
    if (r !== undefined) onSaved();
  };
  const setGroup = (i: number, patch: Partial<GroupDraft>) => setGroups((gs) => gs.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  return (
    <Sheet title={item ? item.name : t('menu.addItem')} onClose={onClose} testId="item-editor" wide
      footer={<button type="button" className="btn btn-primary btn-lg" disabled={busy || priceCents === null || !name.trim() || !rate} onClick={() => void save()} data-testid="item-save">{t('common.save')}</button>}>
      <div className="form grid-2">
        <label>{t('common.name')}<input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} data-testid="item-name" data-autofocus /></label>
        <label>{t('menu.price')}<input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} data-testid="item-price" /></label>
        <label>{t('menu.category')}<select value={cat} onChange={(e) => setCat(e.target.value)}>{categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select></label>
        <label>{t('menu.taxRate')}<select value={rate} onChange={(e) => setRate(e.target.value)} data-testid="item-tax">{rates.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}</select></label>
        <label>{t('menu.barcode')}<input value={barcode} onChange={(e) => setBarcode(e.target.value)} maxLength={48} data-testid="item-barcode" /></label>
        <label>{t('kitchen.station')}
          <StationSelect value={station} choices={stations} inherit={`${t('kitchen.asCategory')} (${categoryStationOf(cat)})`} onChange={setStation} testId="item-station" label={t('kitchen.station')} />
        </label>
        <label className="check"><input type="checkbox" checked={available} onChange={(e) => setAvailable(e.target.checked)} /> {t('menu.available')}</label>
      </div>
      <h3>{t('menu.optionGroups')}</h3>
      {groups.map((g, i) => (
        <fieldset key={i} className="group-editor">
          <div className="row-actions tight">
            <input className="inline-input" value={g.name} onChange={(e) => setGroup(i, { name: e.target.value })} placeholder={t('menu.groupName')} aria-label={t('menu.groupName')} />
            <label>{t('menu.min')} <input type="number" min={0} max={20} className="num-input" value={g.minChoices} onChange={(e) => setGroup(i, { minChoices: Number(e.target.value) })} /></label>
            <label>{t('menu.max')} <input type="number" min={1} max={20} className="num-input" value={g.maxChoices} onChange={(e) => setGroup(i, { maxChoices: Number(e.target.value) })} /></label>
            <button type="button" className="btn btn-ghost" onClick={() => setGroups((gs) => gs.filter((_, j) => j !== i))}>{t('common.delete')}</button>
          </div>
          {g.options.map((o, k) => (
            <div key={k} className="row-actions tight">
              <input className="inline-input" value={o.name} onChange={(e) => setGroup(i, { options: g.options.map((x, m) => (m === k ? { ...x, name: e.target.value } : x)) })} placeholder={t('menu.optionName')} aria-label={t('menu.optionName')} />
              <input className="inline-input num-input" value={o.delta} onChange={(e) => setGroup(i, { options: g.options.map((x, m) => (m === k ? { ...x, delta: e.target.value } : x)) })} placeholder="+0.50" aria-label={t('menu.priceDelta')} />
              {/* The till's preselected choice (issue 11 item 8); a single-choice group has one. */}
              <label className="check"><input type="checkbox" checked={o.isDefault === true} data-testid="option-default"
                onChange={(e) => setGroup(i, { options: g.options.map((x, m) => (m === k ? { ...x, isDefault: e.target.checked } : g.maxChoices === 1 && e.target.checked ? { ...x, isDefault: false } : x)) })} /> {t('menu.optionDefault')}</label>
              <button type="button" className="btn btn-ghost" onClick={() => setGroup(i, { options: g.options.filter((_, m) => m !== k) })} aria-label={t('common.delete')}>×</button>
            </div>
          ))}
          <button type="button" className="btn btn-ghost" onClick={() => setGroup(i, { options: [...g.options, { name: '', delta: '' }] })}>{t('menu.addOption')}</button>
        </fieldset>
      ))}
      <button type="button" className="btn" onClick={() => setGroups((gs) => [...gs, { name: '', minChoices: 0, maxChoices: 1, options: [{ name: '', delta: '' }] }])}>{t('menu.addGroup')}</button>
    </Sheet>
  );
}
