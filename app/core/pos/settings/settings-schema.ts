import { z } from 'zod';
import { DEFAULT_SETTINGS as SHARED_DEFAULT_SETTINGS } from '../../../shared/settings-defaults';

/**
 * The shop's settings, one zod schema per section. Each top-level key is one row of the
 * `settings` table (key → JSON), so sections change independently and a new section only needs
 * a default here.
 */
const text = (max: number) => z.string().trim().max(max);

export const timeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'unknown IANA time zone');

export const currencySchema = z.string().regex(/^[A-Z]{3}$/).refine((c) => {
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: c });
    return true;
  } catch {
    return false;
  }
}, 'unknown currency');

export const localeSchema = z.string().min(2).max(35).refine((l) => {
  try {
    return Intl.NumberFormat.supportedLocalesOf([l]).length === 1;
  } catch {
    return false;
  }
}, 'unsupported locale');

export const stationSchema = z.string().trim().min(1).max(40).regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, - and _');

export const printerSchema = z.object({
  id: z.string().trim().min(1).max(40).regex(/^[a-z0-9_-]+$/),
  name: text(60).min(1),
  host: z.union([z.ipv4(), z.ipv6(), z.string().regex(/^[a-zA-Z0-9]([a-zA-Z0-9.-]{0,251}[a-zA-Z0-9])?$/, 'host name')]),
  port: z.number().int().min(1).max(65535).default(9100),
  paper: z.union([z.literal(58), z.literal(80)]).default(80),
  codePage: z.enum(['cp737', 'windows1253']).default('cp737'),
  /** ESC t number of that code page on this printer, if not Epson's (14 for PC737, 47 for WPC1253). */
  codePageNumber: z.number().int().min(0).max(255).optional(),
  /** "receipt" prints customer receipts and reports; any other name is a kitchen/bar station. */
  station: stationSchema,
  enabled: z.boolean().default(true),
  /** The cash drawer hangs from this printer (RJ11 port): cash sales, cash in/out and "No sale" kick it. */
  cashDrawer: z.boolean().optional(),
});
export type PrinterSettings = z.infer<typeof printerSchema>;

export const settingsSchema = z.object({
  business: z.object({
    name: text(80),
    addressLines: z.array(text(80)).max(4),
    phone: text(40),
    taxId: text(40),
    email: text(120),
  }),
  currency: currencySchema,
  locale: localeSchema,
  language: z.enum(['en', 'el']),
  timeZone: timeZoneSchema,
  /** Sales before this local hour count to the previous business day (bars closing at 2am). */
  businessDayStartHour: z.number().int().min(0).max(23),
  taxMode: z.enum(['inclusive', 'exclusive']),
  /**
   * Cash goes in a drawer that a shift counts, so by default a cash payment or cash refund needs
   * an open shift (SHIFT_NOT_OPEN otherwise). true lets cash through; like card payments taken
   * with no shift open, it is then counted by the next shift that opens. Optional in the type
   * (absent = false) so settings objects written before it still type-check.
   */
  allowCashWithoutShift: z.boolean().optional(),
  /**
   * Opt-in crash reports (Electron's crashReporter, minidumps kept in `<data folder>/crashes`,
   * never uploaded): off unless the owner turns it on; read at start. Optional like
   * allowCashWithoutShift (absent = false).
   */
  crashReports: z.boolean().optional(),
  receipt: z.object({
    headerLines: z.array(text(80)).max(6),
    footerLines: z.array(text(80)).max(6),
    /** If set, receipts carry a QR of this URL with `{orderId}` replaced. */
    qrUrlTemplate: z.string().max(200).regex(/^https?:\/\//).nullable(),
    /**
     * With fiscal documents on (issue 15): sending a table's order prints the customer's 8.6
     * order slip on the receipt printer. Optional in the type; absent = off.
     */
    fiscalOrderSlip: z.boolean().optional(),
  }),
  printers: z.array(printerSchema).max(20).refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, 'printer ids must be unique'),
  kitchen: z.object({
    /** categoryId → station; a category mapped to null is never sent to the kitchen (e.g. drinks at the till). */
    categoryStations: z.record(z.string().min(1).max(64), stationSchema.nullable()),
    /** Station for categories without an entry; null = not sent. */
    defaultStation: stationSchema.nullable(),
    /**
     * Counter service (orders without a table): paying sends what was never sent to its
     * stations. Optional in the type; absent = on.
     */
    sendCounterOrdersOnPay: z.boolean().optional(),
  }),
});
export type ShopSettings = z.infer<typeof settingsSchema>;
export type SettingsKey = keyof ShopSettings;
export const SETTINGS_KEYS = Object.keys(settingsSchema.shape) as SettingsKey[];

/** Declared once for core and the screen (app/shared); typed here, so it must fit the schema. */
export const DEFAULT_SETTINGS: ShopSettings = SHARED_DEFAULT_SETTINGS;

/** A partial update: whole sections are replaced (printers is a list, so it is sent whole). */
export const settingsPatchSchema = settingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
