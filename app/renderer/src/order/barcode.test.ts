import { describe, expect, it } from 'vitest';
import { BarcodeDetector } from './barcode';
import { quickCashAmounts, fold, searchItems } from './catalog-view';

function feedAll(d: BarcodeDetector, keys: string[], start: number, gap: number): (string | null)[] {
  return keys.map((k, i) => d.feed(k, start + i * gap));
}

describe('barcode detection', () => {
  it('a fast burst ending in Enter is a scan', () => {
    const d = new BarcodeDetector();
    expect(feedAll(d, [...'5200000000028', 'Enter'], 0, 8).at(-1)).toBe('5200000000028');
  });
  it('a person typing slowly is not', () => {
    const d = new BarcodeDetector();
    expect(feedAll(d, [...'5200', 'Enter'], 0, 150).at(-1)).toBeNull();
  });
  it('too short a burst is not (Enter after two fast keys)', () => {
    const d = new BarcodeDetector();
    expect(feedAll(d, ['1', '2', 'Enter'], 0, 5).at(-1)).toBeNull();
  });
  it('a pause in the middle starts a new burst', () => {
    const d = new BarcodeDetector();
    feedAll(d, [...'999'], 0, 5);
    expect(feedAll(d, [...'12345', 'Enter'], 1000, 5).at(-1)).toBe('12345');
  });
  it('a slow Enter after a fast burst is not a scan', () => {
    const d = new BarcodeDetector();
    feedAll(d, [...'12345'], 0, 5);
    expect(d.feed('Enter', 500)).toBeNull();
  });
});

describe('catalog helpers', () => {
  it('search ignores case and Greek accents', () => {
    expect(fold('Καφές')).toBe('καφες');
    const items = [{ id: '1', name: 'Ελληνικός Καφές', barcode: null, archived: false }, { id: '2', name: 'Τσάι', barcode: '42', archived: false }];
    expect(searchItems(items as never, 'καφε').map((i) => i.id)).toEqual(['1']);
    expect(searchItems(items as never, '42').map((i) => i.id)).toEqual(['2']);
  });
  it('quick cash: exact, next 5, then 10/20/50 notes that cover the amount', () => {
    expect(quickCashAmounts(640)).toEqual([640, 1000, 2000, 5000]);
    expect(quickCashAmounts(1230)).toEqual([1230, 1500, 2000, 5000]);
    expect(quickCashAmounts(500)).toEqual([500, 1000, 2000, 5000]);
    expect(quickCashAmounts(6000)).toEqual([6000]);
  });
});
