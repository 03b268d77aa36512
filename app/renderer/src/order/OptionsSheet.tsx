/** Option groups with min/max shown, required groups marked, a running price, quantity and a note. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Sheet } from '../components/Sheet';
import type { CatalogItem, LineOption, OptionGroup } from '../api/shapes';
import type { Formatters } from '../format';
import { NoteChips } from './NoteChips';

/**
 * What the sheet starts with (issue 11 item 8): each group's defaults ("No sugar"), and a
 * required group's options when there is nothing to choose (as many options as it requires).
 */
export function initialChoices(groups: readonly OptionGroup[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const g of groups) {
    const forced = g.minChoices > 0 && g.options.length === g.minChoices ? g.options : [];
    const picked = forced.length > 0 ? forced : g.options.filter((o) => o.isDefault).slice(0, g.maxChoices > 0 ? g.maxChoices : undefined);
    if (picked.length > 0) out[g.id] = picked.map((o) => o.id);
  }
  return out;
}

export interface OptionsSheetProps {
  item: CatalogItem;
  groups: OptionGroup[];
  fmt: Formatters;
  onAdd(req: { options: LineOption[]; quantity: number; note: string | null }): void;
  onClose(): void;
}

export function OptionsSheet({ item, groups, fmt, onAdd, onClose }: OptionsSheetProps) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<Record<string, string[]>>(() => initialChoices(groups));
  const [quantity, setQuantity] = useState(1);
  const [note, setNote] = useState('');

  const toggle = (group: OptionGroup, optionId: string) => {
    setChosen((prev) => {
      const current = prev[group.id] ?? [];
      if (current.includes(optionId)) return { ...prev, [group.id]: current.filter((id) => id !== optionId) };
      // A single-choice group swaps; a multi-choice group stops at its max.
      if (group.maxChoices === 1) return { ...prev, [group.id]: [optionId] };
      if (group.maxChoices > 0 && current.length >= group.maxChoices) return prev;
      return { ...prev, [group.id]: [...current, optionId] };
    });
  };

  const selected: LineOption[] = useMemo(() => groups.flatMap((g) =>
    (chosen[g.id] ?? []).map((id) => {
      const o = g.options.find((x) => x.id === id);
      return { optionId: id, groupName: g.name, name: o?.name ?? id, priceDeltaCents: o?.priceDeltaCents ?? 0 };
    })), [groups, chosen]);
  const missing = groups.filter((g) => (chosen[g.id]?.length ?? 0) < g.minChoices);
  const unit = item.priceCents + selected.reduce((s, o) => s + o.priceDeltaCents, 0);

  return (
    <Sheet
      title={item.name}
      onClose={onClose}
      testId="options-sheet"
      footer={(
        <>
          <span className="stepper stepper-lg">
            <button type="button" onClick={() => setQuantity((q) => Math.max(1, q - 1))} aria-label={t('order.less')}>−</button>
            <span className="qty" data-testid="options-qty">{quantity}</span>
            <button type="button" onClick={() => setQuantity((q) => q + 1)} aria-label={t('order.more')}>+</button>
          </span>
          <button
            type="button"
            className="btn btn-primary btn-lg"
            disabled={missing.length > 0}
            onClick={() => onAdd({ options: selected, quantity, note: note.trim() || null })}
            data-testid="options-add"
          >
            {t('order.addFor', { price: fmt.money(unit * quantity) })}
          </button>
        </>
      )}
    >
      {groups.map((group) => {
        const count = chosen[group.id]?.length ?? 0;
        return (
          <fieldset key={group.id} className="option-group" data-testid="option-group">
            <legend>
              {group.name}{' '}
              {group.minChoices > 0 && <span className="badge badge-req">{t('order.required')}</span>}{' '}
              <span className="muted">{t('order.chooseRange', { min: group.minChoices, max: group.maxChoices || '∞' })}</span>
              {count < group.minChoices && <span className="sr-only">{t('order.required')}</span>}
            </legend>
            <div className="option-choices">
              {group.options.map((o) => {
                const on = chosen[group.id]?.includes(o.id) ?? false;
                return (
                  <button type="button" key={o.id} className={on ? 'choice-btn on' : 'choice-btn'} aria-pressed={on} onClick={() => toggle(group, o.id)} data-testid="option-choice">
                    <span>{o.name}</span>
                    {o.priceDeltaCents !== 0 && <span className="muted">{o.priceDeltaCents > 0 ? '+' : ''}{fmt.money(o.priceDeltaCents)}</span>}
                  </button>
                );
              })}
            </div>
          </fieldset>
        );
      })}
      <NoteChips presets={item.notePresets} note={note} onChange={setNote} />
      <label className="field">{t('order.note')}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={140} data-testid="options-note" placeholder={t('order.notePlaceholder')} />
      </label>
    </Sheet>
  );
}
