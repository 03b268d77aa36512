// Operators and their roles, kept in D1. The first owner comes from OPERATOR_OWNER_EMAIL.
import { z } from 'zod';
import type { Database } from '../db/database';
import { AdminError } from './errors';

export const ROLES = ['viewer', 'support', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** An operator's address as Cloudflare Access reports it (lenient on TLDs: internal domains are fine). */
export const operatorEmailSchema = z.string().trim().toLowerCase().max(254).regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an email address');

/** owner > admin > support > viewer */
export const roleRank = (role: Role): number => ROLES.indexOf(role);
export const hasRole = (role: Role, min: Role): boolean => roleRank(role) >= roleRank(min);

export interface Operator {
  email: string;
  role: Role;
}

export interface OperatorRow {
  email: string;
  role: Role;
  created_at: number;
  created_by: string | null;
  disabled_at: number | null;
}

/** The operator for a verified email, or NOT_AN_OPERATOR. Seeds the configured owner once. */
export async function resolveOperator(db: Database, email: string, ownerEmail: string | undefined, now: number): Promise<Operator> {
  const address = email.toLowerCase();
  if (ownerEmail && address === ownerEmail) {
    await db.run(`INSERT INTO operators (email, role, created_at, created_by) VALUES (?, 'owner', ?, 'config') ON CONFLICT(email) DO NOTHING`, address, now);
  }
  const row = await db.first<OperatorRow>('SELECT * FROM operators WHERE email = ?', address);
  if (!row || row.disabled_at !== null) {
    throw new AdminError('NOT_AN_OPERATOR', `${address} is signed in but is not an operator of this console. Ask an owner to add you.`);
  }
  return { email: row.email, role: roleSchema.parse(row.role) };
}

export function listOperators(db: Database): Promise<OperatorRow[]> {
  return db.all<OperatorRow>('SELECT * FROM operators ORDER BY disabled_at IS NOT NULL, email');
}
