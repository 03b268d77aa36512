/**
 * A local HTTP server shaped like AADE's myDATA REST API (test environment), for tests: it
 * listens on 127.0.0.1 (a free port), checks the two headers, parses the InvoicesDoc XML and
 * answers ResponseDoc bodies as the documentation describes: Success with invoiceUid,
 * invoiceMark and qrUrl; ValidationError with AADE's business error codes (201 wrong issuer,
 * 203/207/209 sums, 204 a mandatory field, 228 a duplicate uid); TechnicalError when told.
 * It keeps what it registered (CancelInvoice and RequestTransmittedDocs read it), and can be
 * told to go offline, to drop answers after registering (the lost-answer case), to delay them,
 * or to fail the next calls. The uid is computed here independently of the app's code.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';

export interface FakeAadeOptions { userId: string; subscriptionKey: string; afm: string }

export interface RegisteredDoc {
  uid: string; mark: string; invoiceType: string; series: string; aa: string; issueDate: string;
  cancelled: boolean; cancellationMark: string | null; xml: string; connected: string[]; totalGrossValue: string;
}

export interface FakeAadeCall { method: string; path: string; authorized: boolean; body: string }

export interface FakeAade {
  baseUrl: string;
  calls: FakeAadeCall[];
  registered: RegisteredDoc[];
  /** Every InvoicesDoc body received (for schema checks). */
  received: string[];
  /** Closes every connection at once (offline) until set back to false. */
  offline: boolean;
  /** The next n SendInvoices are processed (registered!) but the connection is cut before the answer. */
  dropAnswers(n: number): void;
  /** The next n calls answer TechnicalError (or HTTP 500 / 503). */
  failNext(n: number, how?: 'technical' | 'http500' | 'http503'): void;
  /** The next n invoices are refused with this ValidationError. */
  rejectNext(n: number, code: string, message: string): void;
  delayMs: number;
  close(): Promise<void>;
}

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, isArray: (n) => ['invoice', 'invoiceDetails', 'correlatedInvoices', 'multipleConnectedMarks', 'paymentMethodDetails'].includes(n) });

const cents = (v: unknown): number => Math.round(Number(v) * 100);
const xmlEsc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function uidOf(afm: string, issueDate: string, branch: string, type: string, series: string, aa: string): string {
  return createHash('sha1').update(iconv.encode([afm, issueDate, branch, type, series, aa].join('-'), 'ISO-8859-7')).digest('hex').toUpperCase();
}

type Verdict = { ok: true; uid: string; mark: string; qrUrl: string | null } | { ok: false; status: string; errors: { code: string; message: string }[] };

function responseDoc(verdicts: Verdict[]): string {
  const body = verdicts.map((v, i) => v.ok
    ? `<response><index>${i + 1}</index><invoiceUid>${v.uid}</invoiceUid><invoiceMark>${v.mark}</invoiceMark>${v.qrUrl ? `<qrUrl>${xmlEsc(v.qrUrl)}</qrUrl>` : ''}<statusCode>Success</statusCode></response>`
    : `<response><index>${i + 1}</index><errors>${v.errors.map((e) => `<error><message>${xmlEsc(e.message)}</message><code>${e.code}</code></error>`).join('')}</errors><statusCode>${v.status}</statusCode></response>`);
  return `<?xml version="1.0" encoding="utf-8"?><ResponseDoc xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${body.join('')}</ResponseDoc>`;
}

export async function startFakeAade(options: FakeAadeOptions): Promise<FakeAade> {
  const sockets = new Set<Socket>();
  let nextMark = 400_001_000_000_001;
  let nextCancel = 400_009_000_000_001;
  let drop = 0;
  let fail = 0;
  let failHow: 'technical' | 'http500' | 'http503' = 'technical';
  const rejects: { code: string; message: string }[] = [];

  const fake: FakeAade = {
    baseUrl: '', calls: [], registered: [], received: [], offline: false, delayMs: 0,
    dropAnswers: (n) => { drop += n; },
    failNext: (n, how = 'technical') => { fail += n; failHow = how; },
    rejectNext: (n, code, message) => { for (let i = 0; i < n; i++) rejects.push({ code, message }); },
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };

  function judge(inv: Record<string, unknown>, xml: string): Verdict {
    const issuer = inv.issuer as Record<string, unknown> | undefined;
    const header = inv.invoiceHeader as Record<string, unknown> | undefined;
    const summary = inv.invoiceSummary as Record<string, unknown> | undefined;
    const rows = (inv.invoiceDetails as Record<string, unknown>[] | undefined) ?? [];
    if (!issuer || !header || !summary) return { ok: false, status: 'XMLSyntaxError', errors: [{ code: '101', message: 'XML Syntax Validation Error' }] };
    const reject = rejects.shift();
    if (reject) return { ok: false, status: 'ValidationError', errors: [reject] };
    const afm = String(issuer.vatNumber);
    if (afm !== options.afm) return { ok: false, status: 'ValidationError', errors: [{ code: '201', message: 'Invoice Author VAT number is not the same with User VAT number' }] };
    const type = String(header.invoiceType);
    const net = rows.reduce((a, r) => a + cents(r.netValue), 0);
    const vat = rows.reduce((a, r) => a + cents(r.vatAmount), 0);
    if (net !== cents(summary.totalNetValue)) return { ok: false, status: 'ValidationError', errors: [{ code: '207', message: "The sum of net values of the invoice lines doesn't match with total net value of the invoice" }] };
    if (vat !== cents(summary.totalVatAmount)) return { ok: false, status: 'ValidationError', errors: [{ code: '209', message: "The sum of vat amount of the invoice lines doesn't match with total vat amount of the invoice" }] };
    if (net + vat !== cents(summary.totalGrossValue)) return { ok: false, status: 'ValidationError', errors: [{ code: '203', message: "Gross Value doesn't match with sum of net value plus taxes" }] };
    const correlated = ((header.correlatedInvoices as unknown[] | undefined) ?? []).map(String);
    const connected = ((header.multipleConnectedMarks as unknown[] | undefined) ?? []).map(String);
    if (type === '11.4' && correlated.length === 0) return { ok: false, status: 'ValidationError', errors: [{ code: '204', message: 'CorrelatedInvoices is mandatory for this invoice type' }] };
    if (type === '8.6' && header.tableAA === undefined) return { ok: false, status: 'ValidationError', errors: [{ code: '204', message: 'tableAA is mandatory for this invoice type' }] };
    for (const m of [...correlated, ...connected]) {
      if (!fake.registered.some((d) => d.mark === m && !d.cancelled)) return { ok: false, status: 'ValidationError', errors: [{ code: '229', message: `Correlated mark ${m} was not found` }] };
    }
    const uid = uidOf(afm, String(header.issueDate), String(issuer.branch), type, String(header.series), String(header.aa));
    if (fake.registered.some((d) => d.uid === uid)) return { ok: false, status: 'ValidationError', errors: [{ code: '228', message: `Duplicate invoice: an invoice with uid ${uid} has already been transmitted` }] };
    const mark = String(nextMark++);
    fake.registered.push({ uid, mark, invoiceType: type, series: String(header.series), aa: String(header.aa), issueDate: String(header.issueDate), cancelled: false, cancellationMark: null, xml, connected: [...correlated, ...connected], totalGrossValue: String(summary.totalGrossValue) });
    const qrUrl = type.startsWith('11.') ? `${fake.baseUrl}/TimologioQR/QRInfo?q=${uid}` : null;
    return { ok: true, uid, mark, qrUrl };
  }

  function requested(url: URL): string {
    const toIso = (d: string | null) => (d ? d.split('/').reverse().join('-') : null);
    const from = toIso(url.searchParams.get('dateFrom'));
    const to = toIso(url.searchParams.get('dateTo'));
    const docs = fake.registered.filter((d) => (!from || d.issueDate >= from) && (!to || d.issueDate <= to));
    const invoices = docs.map((d) => `<invoice><uid>${d.uid}</uid><mark>${d.mark}</mark><invoiceSummary><totalGrossValue>${d.totalGrossValue}</totalGrossValue></invoiceSummary>${d.invoiceType.startsWith('11.') ? `<qrCodeUrl>${xmlEsc(`${fake.baseUrl}/TimologioQR/QRInfo?q=${d.uid}`)}</qrCodeUrl>` : ''}</invoice>`).join('');
    return `<?xml version="1.0" encoding="utf-8"?><RequestedDoc><invoicesDoc>${invoices}</invoicesDoc></RequestedDoc>`;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorized = req.headers['aade-user-id'] === options.userId && req.headers['ocp-apim-subscription-key'] === options.subscriptionKey;
    fake.calls.push({ method: req.method ?? '', path: url.pathname, authorized, body });
    if (fake.offline) { req.socket.destroy(); return; }
    if (fake.delayMs > 0) await new Promise((r) => setTimeout(r, fake.delayMs));
    if (!authorized) { res.writeHead(401, { 'content-type': 'application/json' }).end('{"statusCode":401,"message":"Access denied due to invalid subscription key."}'); return; }
    if (fail > 0) {
      fail--;
      if (failHow !== 'technical') { res.writeHead(failHow === 'http500' ? 500 : 503).end(); return; }
      res.writeHead(200, { 'content-type': 'application/xml' }).end(responseDoc([{ ok: false, status: 'TechnicalError', errors: [{ code: '-1', message: 'Technical error, try again later' }] }]));
      return;
    }
    let answer: string;
    if (req.method === 'POST' && url.pathname === '/SendInvoices') {
      fake.received.push(body);
      let parsed: { InvoicesDoc?: { invoice?: Record<string, unknown>[] } };
      try { parsed = parser.parse(body) as typeof parsed; } catch { parsed = {}; }
      const invoices = parsed.InvoicesDoc?.invoice;
      answer = invoices && invoices.length > 0
        ? responseDoc(invoices.map((inv) => judge(inv, body)))
        : responseDoc([{ ok: false, status: 'XMLSyntaxError', errors: [{ code: '101', message: 'XML Syntax Validation Error' }] }]);
      if (drop > 0) { drop--; req.socket.destroy(); return; }
    } else if (req.method === 'POST' && url.pathname === '/CancelInvoice') {
      const doc = fake.registered.find((d) => d.mark === url.searchParams.get('mark'));
      if (!doc) answer = responseDoc([{ ok: false, status: 'ValidationError', errors: [{ code: '104', message: 'Requested Invoice was not found' }] }]);
      else if (doc.cancelled) answer = responseDoc([{ ok: false, status: 'ValidationError', errors: [{ code: '225', message: 'Invoice is already cancelled' }] }]);
      else {
        doc.cancelled = true;
        doc.cancellationMark = String(nextCancel++);
        answer = `<?xml version="1.0" encoding="utf-8"?><ResponseDoc><response><cancellationMark>${doc.cancellationMark}</cancellationMark><statusCode>Success</statusCode></response></ResponseDoc>`;
      }
    } else if (req.method === 'GET' && url.pathname === '/RequestTransmittedDocs') {
      answer = requested(url);
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/xml' }).end(answer);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => res.destroy()); });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
