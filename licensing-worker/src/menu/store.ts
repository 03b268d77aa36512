// Published menus in D1: one per customer, under a slug that stays the shop's (also while its
// subscription lapses and after unpublishing). Someone else's slug is never overwritten.
import { auditStatement } from '../audit';
import type { Database } from '../db/database';
import { ApiError } from '../http/errors';
import type { PublishedMenu } from '../protocol/menu';

/** A subscription that may publish and whose page is shown (a trial counts once trials exist). */
const LIVE_STATUSES: ReadonlySet<string> = new Set(['active', 'trial']);

/** Live now: active, or a trial before its end (current_period_end); an ended trial is expired. */
export function menuStatusAt(customer: { subscription_status: string; current_period_end: number | null }, now: number): { live: boolean; status: string } {
  const ended = customer.subscription_status === 'trial' && (customer.current_period_end === null || now >= customer.current_period_end);
  if (ended) return { live: false, status: 'expired' };
  return { live: LIVE_STATUSES.has(customer.subscription_status), status: customer.subscription_status };
}

export interface MenuScope {
  db: Database;
  now: number;
  requestId: string;
}

const slugTaken = () => new ApiError('SLUG_TAKEN', 'This menu address is already used by another shop. Choose another one.');

/** Publishes (or replaces) the customer's menu under `slug`; a new slug frees their old one. */
export async function publishMenu(scope: MenuScope, customerId: string, slug: string, menu: PublishedMenu): Promise<void> {
  const { db, now, requestId } = scope;
  const owner = await db.first<{ customer_id: string }>('SELECT customer_id FROM published_menus WHERE slug = ?', slug);
  if (owner && owner.customer_id !== customerId) throw slugTaken();
  const itemCount = menu.categories.reduce((n, c) => n + c.items.length, 0);
  try {
    await db.batch([
      // A different slug than before: the customer's old row goes (one menu per customer).
      // (Not when another shop holds the new slug: a lost race must not cost the shop its old one.)
      db
        .prepare('DELETE FROM published_menus WHERE customer_id = ?1 AND slug <> ?2 AND NOT EXISTS (SELECT 1 FROM published_menus WHERE slug = ?2 AND customer_id <> ?1)')
        .bind(customerId, slug),
      db
        .prepare(
          `INSERT INTO published_menus (slug, customer_id, menu_json, published_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
           ON CONFLICT(slug) DO UPDATE SET menu_json = excluded.menu_json, published_at = excluded.published_at, updated_at = excluded.updated_at
           WHERE published_menus.customer_id = excluded.customer_id`,
        )
        .bind(slug, customerId, JSON.stringify(menu), now),
      auditStatement(db, { at: now, requestId, customerId, action: 'menu_published', details: { slug, itemCount } }),
    ]);
  } catch (e) {
    // Two shops racing for one free slug: the UNIQUE/PRIMARY KEY decides.
    if (e instanceof Error && /UNIQUE|constraint/i.test(e.message)) throw slugTaken();
    throw e;
  }
  const after = await db.first<{ customer_id: string }>('SELECT customer_id FROM published_menus WHERE slug = ?', slug);
  if (after?.customer_id !== customerId) throw slugTaken();
}

/** Removes the menu from the page; the slug stays reserved for the shop. Returns the slug, if any. */
export async function unpublishMenu(scope: MenuScope, customerId: string): Promise<string | null> {
  const { db, now, requestId } = scope;
  const row = await db.first<{ slug: string }>('SELECT slug FROM published_menus WHERE customer_id = ?', customerId);
  if (!row) return null;
  await db.batch([
    db.prepare('UPDATE published_menus SET menu_json = NULL, published_at = NULL, updated_at = ? WHERE customer_id = ?').bind(now, customerId),
    auditStatement(db, { at: now, requestId, customerId, action: 'menu_unpublished', details: { slug: row.slug } }),
  ]);
  return row.slug;
}

export type MenuLookup =
  | { kind: 'missing' }
  | { kind: 'unpublished' }
  | { kind: 'lapsed' }
  | { kind: 'live'; menu: PublishedMenu; updatedAt: number };

/** What /m/<slug> shows: one D1 read (the menu joined with its customer's status). */
export async function lookupMenu(db: Database, slug: string, now: number): Promise<MenuLookup> {
  const row = await db.first<{ menu_json: string | null; updated_at: number; subscription_status: string; current_period_end: number | null }>(
    `SELECT p.menu_json, p.updated_at, c.subscription_status, c.current_period_end FROM published_menus p JOIN customers c ON c.id = p.customer_id WHERE p.slug = ?`,
    slug,
  );
  if (!row) return { kind: 'missing' };
  if (!menuStatusAt(row, now).live) return { kind: 'lapsed' };
  if (row.menu_json === null) return { kind: 'unpublished' };
  return { kind: 'live', menu: JSON.parse(row.menu_json) as PublishedMenu, updatedAt: row.updated_at };
}
