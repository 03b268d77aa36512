/**
 * The invoice uid AADE computes for every document: SHA-1 (upper-case hex) of the issuer's
 * VAT number, issue date, branch, invoice type, series and number joined by "-", the text in
 * ISO-8859-7 (Greek letters in a series hash as AADE hashes them). Stored with the document,
 * so a lost answer can be matched to what AADE registered.
 */
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';

interface UidParts { afm: string; issueDate: string; branch: number; docType: string; series: string; number: number }

export function invoiceUid(p: UidParts): string {
  const text = [p.afm, p.issueDate, String(p.branch), p.docType, p.series, String(p.number)].join('-');
  return createHash('sha1').update(iconv.encode(text, 'ISO-8859-7')).digest('hex').toUpperCase();
}
