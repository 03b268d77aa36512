/** The item tiles: large, coloured by category, unavailable ones greyed. Memoised: taps elsewhere don't redraw it. */
import { memo } from 'react';
import type { CatalogItem } from '../api/shapes';

export interface ItemGridProps {
  items: CatalogItem[];
  colorOf(item: CatalogItem): string;
  money(cents: number): string;
  onTap(item: CatalogItem): void;
  disabled?: boolean;
  unavailableLabel: string;
}

export const ItemGrid = memo(function ItemGrid({ items, colorOf, money, onTap, disabled, unavailableLabel }: ItemGridProps) {
  return (
    <div className="item-grid" data-testid="item-grid">
      {items.map((item) => (
        <button
          type="button"
          key={item.id}
          className={item.available ? 'tile' : 'tile tile-off'}
          style={{ borderTopColor: colorOf(item) }}
          disabled={disabled || !item.available}
          onClick={() => onTap(item)}
          // A tap must not leave focus on the tile: Enter then pays instead of adding it again.
          onMouseDown={(e) => e.preventDefault()}
          data-testid="item-tile"
          data-item-id={item.id}
          title={item.available ? item.name : `${item.name} — ${unavailableLabel}`}
        >
          <span className="tile-name">{item.name}</span>
          <span className="tile-price">{money(item.priceCents)}</span>
        </button>
      ))}
    </div>
  );
});
