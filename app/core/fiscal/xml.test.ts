/**
 * Issue 15 item 5: the XML of every document type the app issues is well-formed and valid
 * against AADE's InvoicesDoc schema v2.0.1 (testing/xsd, checked with `xmllint --schema`),
 * and the fake AADE's answers against AADE's response schema.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { xmlDocumentOf } from './outgoing';
import { invoicesDocXml } from './xml';
import { addLine, createFiscalShop, openTableOrder, payAll, sendToKitchen } from './testing/harness';
import type { FiscalShop } from './testing/harness';

const xsdDir = fileURLToPath(new URL('./testing/xsd/', import.meta.url));
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!hasXmllint) console.warn('xml.test.ts: xmllint not found (Debian: apt-get install libxml2-utils); the schema checks are skipped outside CI');

let s: FiscalShop;
beforeEach(async () => { s = await createFiscalShop(); });
afterEach(async () => { await s.close(); });

function xmllint(xml: string, schema: string): { ok: boolean; output: string } {
  const file = join(s.dir, `doc-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', join(xsdDir, schema), file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** One document of each type, registered (so the correlations carry real marks). */
async function everyType(): Promise<Record<string, string>> {
  const orderId = await openTableOrder(s);
  const coffee = await addLine(s, orderId, s.items.coffee, 2);
  await s.call('order.addLine', { orderId, itemId: s.items.pizza, qty: 1, optionIds: [s.pizzaOptions.small] }, s.cashier);
  await sendToKitchen(s, orderId);
  await addLine(s, orderId, s.items.water, 1);
  await sendToKitchen(s, orderId);
  await payAll(s, orderId, 'cash');
  await s.call('order.refund', { orderId, method: 'cash', reason: 'spilled', lines: [{ lineId: coffee, qty: 1 }] }, s.manager);
  await s.outbox.runOnce();
  const docs = await s.docs({ orderId });
  expect(docs.every((d) => d.state === 'registered')).toBe(true);
  const pick = (t: string) => docs.find((d) => d.docType === t)?.id ?? '';
  return Object.fromEntries(['8.6', '11.1', '11.4'].map((t) => [t, invoicesDocXml([xmlDocumentOf(s.db, pick(t))])]));
}

describe('InvoicesDoc XML', () => {
  it('is well-formed for 8.6, 11.1 and 11.4, with the correlations AADE reads', async () => {
    const xml = await everyType();
    for (const doc of Object.values(xml)) expect(XMLValidator.validate(doc)).toBe(true);
    expect(xml['8.6']).toContain('<invoiceType>8.6</invoiceType>');
    expect(xml['8.6']).toMatch(/<tableAA>T1<\/tableAA>/);
    expect(xml['11.1']).toMatch(/(<multipleConnectedMarks>\d+<\/multipleConnectedMarks>){2}/);
    expect(xml['11.1']).toContain('<paymentMethodDetails><type>3</type>');
    expect(xml['11.4']).toMatch(/<correlatedInvoices>\d+<\/correlatedInvoices>/);
    expect(xml['11.1']).toContain('<icls:classificationType>E3_561_003</icls:classificationType><icls:classificationCategory>category1_1</icls:classificationCategory>');
  });

  it.skipIf(!hasXmllint && !process.env.CI)('follows AADE\'s schema (xmllint --schema InvoicesDoc-v2.0.1.xsd)', async () => {
    expect(hasXmllint, 'CI must have xmllint (.ci/run installs libxml2-utils)').toBe(true);
    const xml = await everyType();
    for (const [type, doc] of Object.entries(xml)) {
      const r = xmllint(doc, 'InvoicesDoc-v2.0.1.xsd');
      expect(r.ok, `${type}: ${r.output}`).toBe(true);
    }
    // A menu item named with characters XML cannot carry (an imported CSV) still makes valid XML.
    const item = await s.call<{ id: string }>('catalog.createItem', { categoryId: s.categoryId, name: 'Tea\u0007 <&> "Ω" \ud83c\udf75', priceCents: 250, taxRateId: s.rates.reduced }, s.owner);
    const order = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, order.id, item.id, 1);
    const tableOrder = await openTableOrder(s, 'T<2>&');
    await addLine(s, tableOrder, item.id, 1);
    await sendToKitchen(s, tableOrder);
    for (const id of [order.id, tableOrder]) {
      await payAll(s, id);
      for (const d of await s.docs({ orderId: id })) {
        const r = xmllint(invoicesDocXml([xmlDocumentOf(s.db, d.id)]), 'InvoicesDoc-v2.0.1.xsd');
        expect(r.ok, r.output).toBe(true);
      }
    }
    // The check has teeth: an element out of the schema's order is refused.
    const broken = (xml['11.1'] ?? '').replace(/(<series>[^<]*<\/series>)(<aa>[^<]*<\/aa>)/, '$2$1');
    expect(xmllint(broken, 'InvoicesDoc-v2.0.1.xsd').ok).toBe(false);
  });

  it.skipIf(!hasXmllint && !process.env.CI)('the fake AADE answers ResponseDoc bodies that follow AADE\'s response schema', async () => {
    const order = await s.call<{ id: string }>('order.create', {}, s.cashier);
    await addLine(s, order.id, s.items.coffee, 1);
    await payAll(s, order.id);
    const body = invoicesDocXml([xmlDocumentOf(s.db, (await s.docs({ orderId: order.id }))[0]?.id ?? '')]);
    const post = (xml: string) => fetch(`${s.aade.baseUrl}/SendInvoices`, { method: 'POST', body: xml, headers: { 'aade-user-id': 'olga-cafe', 'Ocp-Apim-Subscription-Key': '7f3c9a1be04d4c2e9b8a6d5f1e2c3b4a' } }).then((r) => r.text());
    const success = await post(body);
    const duplicate = await post(body);
    expect(success).toContain('<statusCode>Success</statusCode>');
    expect(duplicate).toContain('<code>228</code>');
    for (const answer of [success, duplicate]) expect(xmllint(answer, 'response-v2.0.1.xsd')).toMatchObject({ ok: true });
  });
});
