/**
 * AADE's answers, parsed with fast-xml-parser and checked with zod: ResponseDoc (SendInvoices,
 * CancelInvoice) with one `response` per submitted entity (statusCode Success /
 * ValidationError / TechnicalError / XMLSyntaxError, invoiceUid, invoiceMark, qrUrl,
 * cancellationMark, errors[] of code + message), and RequestedDoc (RequestTransmittedDocs)
 * for the documents already registered, to recover a mark whose answer was lost.
 */
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['response', 'error', 'invoice'].includes(name),
});

const text = z.union([z.string(), z.number()]).transform(String);
const errorSchema = z.object({ code: text, message: text.optional().default('') });
const responseSchema = z.object({
  index: text.optional(),
  statusCode: z.string(),
  invoiceUid: text.optional(),
  invoiceMark: text.optional(),
  cancellationMark: text.optional(),
  authenticationCode: text.optional(),
  qrUrl: text.optional(),
  errors: z.object({ error: z.array(errorSchema) }).optional(),
});
const responseDocSchema = z.object({ ResponseDoc: z.object({ response: z.array(responseSchema) }) });

type AadeStatus = 'Success' | 'ValidationError' | 'TechnicalError' | 'XMLSyntaxError';

export interface AadeResponse {
  index: number | null;
  statusCode: AadeStatus | string;
  invoiceUid: string | null;
  invoiceMark: string | null;
  cancellationMark: string | null;
  authenticationCode: string | null;
  qrUrl: string | null;
  errors: { code: string; message: string }[];
}

/** AADE's code for "this document was already sent" (same uid): its mark must be recovered, not issued again. */
export const DUPLICATE_ERROR_CODE = '228';

class AadeAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AadeAnswerError';
  }
}

export function parseResponseDoc(xml: string): AadeResponse[] {
  let raw: unknown;
  try {
    raw = parser.parse(xml);
  } catch (e) {
    throw new AadeAnswerError(`myDATA answered with text that is not XML: ${(e as Error).message}`);
  }
  const parsed = responseDocSchema.safeParse(raw);
  if (!parsed.success) throw new AadeAnswerError('myDATA answered without a ResponseDoc');
  return parsed.data.ResponseDoc.response.map((r) => ({
    index: r.index !== undefined ? Number(r.index) : null,
    statusCode: r.statusCode,
    invoiceUid: r.invoiceUid ?? null,
    invoiceMark: r.invoiceMark ?? null,
    cancellationMark: r.cancellationMark ?? null,
    authenticationCode: r.authenticationCode ?? null,
    qrUrl: r.qrUrl ?? null,
    errors: r.errors?.error ?? [],
  }));
}

const requestedInvoiceSchema = z.object({
  uid: text.optional(), mark: text.optional(), qrCodeUrl: text.optional(), authenticationCode: text.optional(),
  invoiceSummary: z.object({ totalGrossValue: text.optional() }).loose().optional(),
}).loose();
const requestedDocSchema = z.object({
  RequestedDoc: z.union([
    z.object({ invoicesDoc: z.union([z.object({ invoice: z.array(requestedInvoiceSchema).optional() }).loose(), z.literal('')]).optional() }).loose(),
    z.literal(''),
  ]),
});

export interface RegisteredInvoice { uid: string; mark: string; qrUrl: string | null; authenticationCode: string | null; totalCents: number | null }

/** "12.30" → 1230 (exact: decimal text, no float arithmetic); null when absent or not a decimal. */
function centsOf(v: string | undefined): number | null {
  const m = v === undefined ? null : /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(v.trim());
  if (!m) return null;
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -value : value;
}

export function parseRequestedDoc(xml: string): RegisteredInvoice[] {
  let raw: unknown;
  try {
    raw = parser.parse(xml);
  } catch (e) {
    throw new AadeAnswerError(`myDATA answered with text that is not XML: ${(e as Error).message}`);
  }
  const parsed = requestedDocSchema.safeParse(raw);
  if (!parsed.success) throw new AadeAnswerError('myDATA answered without a RequestedDoc');
  const doc = parsed.data.RequestedDoc;
  const invoices = doc === '' || doc.invoicesDoc === undefined || doc.invoicesDoc === '' ? [] : (doc.invoicesDoc.invoice ?? []);
  return invoices
    .filter((i): i is typeof i & { uid: string; mark: string } => i.uid !== undefined && i.mark !== undefined)
    .map((i) => ({ uid: i.uid, mark: i.mark, qrUrl: i.qrCodeUrl ?? null, authenticationCode: i.authenticationCode ?? null, totalCents: centsOf(i.invoiceSummary?.totalGrossValue) }));
}
