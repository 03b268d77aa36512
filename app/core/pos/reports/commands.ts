import { z } from 'zod';
import { defineCommand } from '../../api/command';
import { getSettings } from '../settings/settings-store';
import { CSV_SECTIONS, csvFileName, salesReportCsv } from './report-csv';
import { salesReport } from './sales-report';
import { orderJournal } from './order-journal';
import { DAY_RE } from './business-days';

const range = {
  from: z.string().regex(DAY_RE, 'YYYY-MM-DD'),
  to: z.string().regex(DAY_RE, 'YYYY-MM-DD'),
};

/** Reports read in every license state: the shop's data is the shop's (DESIGN.md). */
export const reportCommands = {
  'reports.sales': defineCommand({
    input: z.object({ ...range, sellersLimit: z.number().int().min(1).max(100).default(10) }),
    permission: 'reports.read',
    run: (ctx, input) => salesReport(ctx.db, getSettings(ctx.db), input, { sellersLimit: input.sellersLimit }),
  }),
  /** The Orders screen's day list and its search (by number, or by amount: total or a payment). */
  'orders.journal': defineCommand({
    input: z.object({
      businessDay: z.string().regex(DAY_RE, 'YYYY-MM-DD'),
      number: z.number().int().min(1).max(1_000_000).optional(),
      amountCents: z.number().int().min(0).max(100_000_000).optional(),
    }),
    permission: 'order.sell',
    run: (ctx, input) => orderJournal(ctx.db, input),
  }),
  'reports.csv': defineCommand({
    input: z.object({ ...range, section: z.enum(CSV_SECTIONS) }),
    permission: 'reports.read',
    run: (ctx, input) => {
      // A CSV is the whole table: every item ranked, not the screen's top 10.
      const report = salesReport(ctx.db, getSettings(ctx.db), input, { sellersLimit: Number.MAX_SAFE_INTEGER });
      return { fileName: csvFileName(report, input.section), mimeType: 'text/csv;charset=utf-8', content: salesReportCsv(report, input.section) };
    },
  }),
};
