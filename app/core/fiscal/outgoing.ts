/**
 * A stored document as it goes out: its body, identity and the marks of the documents it
 * refers to (known only once those are registered, which the outbox waits for).
 */
import type { Db } from '../db/connection';
import { sql } from '../db/statements';
import { PosError } from '../errors';
import { parseBody } from './body';
import type { FiscalDocType } from './settings';
import type { XmlDocument } from './xml';

interface Row { doc_type: FiscalDocType; afm: string; branch: number; series: string; number: number; issue_date: string; body: string; correlated_ids: string }

export function correlatedIdsOf(db: Db, id: string): string[] {
  const r = sql(db, 'SELECT correlated_ids FROM fiscal_documents WHERE id = ?').get(id) as { correlated_ids: string } | undefined;
  return r ? (JSON.parse(r.correlated_ids) as string[]) : [];
}

export function xmlDocumentOf(db: Db, id: string): XmlDocument {
  const r = sql(db, 'SELECT doc_type, afm, branch, series, number, issue_date, body, correlated_ids FROM fiscal_documents WHERE id = ?').get(id) as Row | undefined;
  if (!r) throw new PosError('FISCAL_DOCUMENT_NOT_FOUND', 'No such fiscal document', { id });
  const marks = (JSON.parse(r.correlated_ids) as string[])
    .map((cid) => (sql(db, "SELECT mark FROM fiscal_documents WHERE id = ? AND state = 'registered'").get(cid) as { mark: string | null } | undefined)?.mark ?? null)
    .filter((m): m is string => m !== null);
  return { docType: r.doc_type, afm: r.afm, branch: r.branch, series: r.series, number: r.number, issueDate: r.issue_date, body: parseBody(r.body), correlatedMarks: marks };
}
