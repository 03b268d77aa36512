// @vitest-environment node
/**
 * "Export month" over a real core shop: the month's documents as core's fiscal.export writes
 * them (XML for myDATA, CSV), saved as a file under the name core gives.
 */
import '../testing/dom'; // happy-dom globals first (see testing/dom.ts)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { createDirectClient } from '../testing/direct-client';
import { renderWithPos } from '../testing/render';
import { ExportMonth, monthOf } from './ExportMonth';
import { createFiscalShop, enableFiscal, issueDocument, type FiscalShop } from '../testing/fiscal-shop';

let f: FiscalShop;
beforeEach(async () => { f = await createFiscalShop(); await enableFiscal(f); });
afterEach(() => { cleanup(); f.shop.cleanup(); });

describe('export month', () => {
  it('downloads the month as XML and as CSV, with core\'s file names and content', async () => {
    const order = await f.shop.ok<{ id: string }>('order.create', {}, f.shop.cashier);
    issueDocument(f, order.id, '11.1', 'registered');
    const saved: { name: string; text: string }[] = [];
    const originalClick = HTMLAnchorElement.prototype.click;
    const blobs = new Map<string, Blob>();
    const originalCreate = URL.createObjectURL;
    URL.createObjectURL = (b: Blob) => { const u = `blob:test/${blobs.size}`; blobs.set(u, b); return u; };
    HTMLAnchorElement.prototype.click = function click(this: HTMLAnchorElement) {
      const blob = blobs.get(this.href);
      if (blob) void blob.text().then((text) => saved.push({ name: this.download, text }));
    };
    try {
      renderWithPos(<ExportMonth />, { client: createDirectClient(f.api, f.shop.manager), staff: f.shop.manager });
      const month = monthOf(f.shop.clock.now(), 'Europe/Athens');
      fireEvent.change(screen.getByTestId('fiscal-export-month'), { target: { value: month } });
      fireEvent.click(screen.getByTestId('fiscal-export-xml'));
      await waitFor(() => expect(saved).toHaveLength(1));
      fireEvent.click(screen.getByTestId('fiscal-export-csv'));
      await waitFor(() => expect(saved).toHaveLength(2));
      const [xml, csv] = saved as [{ name: string; text: string }, { name: string; text: string }];
      const expected = async (format: 'xml' | 'csv') => {
        const r = await f.api.call('fiscal.export', { month, format }, f.shop.manager);
        if (!r.ok) throw new Error(r.error.message);
        return r.value as { filename: string; content: string };
      };
      expect(xml).toEqual({ name: (await expected('xml')).filename, text: (await expected('xml')).content });
      expect(csv).toEqual({ name: (await expected('csv')).filename, text: (await expected('csv')).content });
      expect(xml.name).toMatch(/\.xml$/);
      expect(csv.name).toMatch(/\.csv$/);
    } finally {
      HTMLAnchorElement.prototype.click = originalClick;
      URL.createObjectURL = originalCreate;
    }
  });

  it('the month is the shop\'s calendar month', () => {
    expect(monthOf(Date.UTC(2026, 5, 30, 22, 30), 'Europe/Athens')).toBe('2026-07');
    expect(monthOf(Date.UTC(2026, 5, 30, 20, 30), 'Europe/Athens')).toBe('2026-06');
  });
});
