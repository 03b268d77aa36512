/**
 * Prepared-statement cache per connection: compiling SQL costs more than running these small
 * queries, and the till runs the same few statements all day.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './connection';

const caches = new WeakMap<Db, Map<string, BetterSqlite3.Statement>>();

export function sql(db: Db, text: string): BetterSqlite3.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let stmt = cache.get(text);
  if (!stmt) {
    stmt = db.prepare(text);
    cache.set(text, stmt);
  }
  return stmt;
}
