/**
 * The shop's settings before anyone changes them, declared once: core stores them for a new
 * shop (and checks them against its settings schema, app/core/pos/settings/settings-schema.ts),
 * the screen shows them until the shop's own settings arrive.
 */
export const DEFAULT_SETTINGS = {
  business: { name: 'My café', addressLines: [] as string[], phone: '', taxId: '', email: '' },
  currency: 'EUR',
  locale: 'el-GR',
  language: 'el' as 'el' | 'en',
  timeZone: 'Europe/Athens',
  businessDayStartHour: 4,
  taxMode: 'inclusive' as 'inclusive' | 'exclusive',
  allowCashWithoutShift: false,
  crashReports: false,
  receipt: { headerLines: [] as string[], footerLines: ['Thank you!'], qrUrlTemplate: null as string | null },
  printers: [] as never[],
  kitchen: { categoryStations: {} as Record<string, string | null>, defaultStation: 'kitchen' as string | null },
};
