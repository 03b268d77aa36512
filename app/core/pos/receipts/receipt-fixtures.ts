import type { ReceiptModel } from './receipt-model';

/** A known receipt with the awkward parts: long Greek names, options, a note, a discount, change. */
export function sampleReceipt(overrides: Partial<ReceiptModel> = {}): ReceiptModel {
  return {
    business: { name: 'Καφέ Ωραία', addressLines: ['Ερμού 12, Αθήνα'], phone: '210 1234567', taxId: '123456789' },
    headerLines: ['Καλώς ήρθατε!'],
    footerLines: ['Ευχαριστούμε πολύ!'],
    orderNumber: 42,
    orderId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    tableName: '5',
    staffName: 'Μαρία',
    issuedAt: '2026-11-22T12:03:00.000Z',
    timeZone: 'Europe/Athens',
    locale: 'el-GR',
    currency: 'EUR',
    language: 'el',
    taxMode: 'inclusive',
    lines: [
      {
        quantity: 2,
        name: 'Φρέντο εσπρέσο μέτριο με αφρόγαλα βρώμης και κανέλα',
        options: [{ name: 'Διπλή δόση', priceDeltaCents: 50 }, { name: 'Χωρίς ζάχαρη', priceDeltaCents: 0 }],
        note: 'πολύ κρύο',
        grossCents: 700, // 2 × (3,00 + 0,50)
        discountCents: 70,
      },
      { quantity: 1, name: 'Τοστ', options: [], grossCents: 350, discountCents: 0 },
    ],
    subtotalCents: 1050,
    discountCents: 70,
    taxes: [{ rateBasisPoints: 2400, netCents: 790, taxCents: 190 }],
    totalCents: 980,
    payments: [{ method: 'cash', amountCents: 980, tenderedCents: 2000 }],
    changeCents: 1020,
    reprint: false,
    ...overrides,
  };
}
