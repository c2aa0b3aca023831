// The store's fast path for commands that read or write many rows (listings streamed as JSON,
// reports, check, import, export): rows as arrays straight from the engine, and statements
// prepared once and run many times. Kysely builds the SQL; this runs it without turning every
// row into an object. Only src/store knows the engine: PostgreSQL will bring its own (a cursor,
// COPY) behind the same functions.
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import { GaspError } from '../errors.js';
import type { Db } from './db.js';
import { engineOf } from './engine.js';

const natives = new WeakMap<Db, Database.Database>();

/** Called by openStore and by the transactions: a Kysely handle and the connection under it. */
export function bindNative(db: Db, native: Database.Database): void {
  natives.set(db, native);
}

/** The same connection for a handle derived from another (a transaction's). */
export function inheritNative(from: Db, to: Db): void {
  const native = natives.get(from);
  if (native) natives.set(to, native);
}

function nativeOf(db: Db): Database.Database {
  const native = natives.get(db);
  // PostgreSQL has no such connection: the commands that read or write in bulk through this path
  // (check, report, export, import, a whole listing as JSON) do not run there yet.
  if (!native && engineOf(db) === 'postgres') throw new GaspError('db.pgNotYet', {});
  if (!native) throw new Error('no native connection behind this database handle');
  return native;
}

type Query = CompiledQuery | { sql: string; parameters: readonly unknown[] };

/** The rows of a query as arrays of column values, one at a time (flat memory). */
export function iterateRows<T extends unknown[] = unknown[]>(db: Db, query: Query): IterableIterator<T> {
  return nativeOf(db)
    .prepare(query.sql)
    .raw(true)
    .iterate(...(query.parameters as unknown[])) as IterableIterator<T>;
}

/** All rows of a query as arrays (for small results: a report's groups). */
export function allRows<T extends unknown[] = unknown[]>(db: Db, query: Query): T[] {
  return nativeOf(db)
    .prepare(query.sql)
    .raw(true)
    .all(...(query.parameters as unknown[])) as T[];
}

export interface Prepared {
  /** Runs the statement with these parameters; the new row's id for an insert. */
  run(params: readonly unknown[]): number;
  /** The first row of a query as an array of column values, or undefined. */
  first<T extends unknown[] = unknown[]>(params: readonly unknown[]): T | undefined;
  /** Every row of a query for these parameters, as arrays (a report's pieces, a page of history). */
  all<T extends unknown[] = unknown[]>(params: readonly unknown[]): T[];
}

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A statement prepared once per connection and run many times (an import's inserts, a report's
 * pieces), in the caller's transaction. Later calls with the same text get the same statement back. */
export function prepare(db: Db, statement: string): Prepared {
  const native = nativeOf(db);
  let cache = statements.get(native);
  if (!cache) statements.set(native, (cache = new Map()));
  let stmt = cache.get(statement);
  if (!stmt) cache.set(statement, (stmt = native.prepare(statement)));
  const s = stmt;
  const reader = s.reader ? s.raw(true) : undefined;
  return {
    run: (params) => Number(s.run(...(params as unknown[])).lastInsertRowid),
    first: <T extends unknown[]>(params: readonly unknown[]) => reader?.get(...(params as unknown[])) as T | undefined,
    all: <T extends unknown[]>(params: readonly unknown[]) => (reader?.all(...(params as unknown[])) ?? []) as T[],
  };
}

/** The page cache during a bulk run (negative: KiB): 16 MiB, against SQLite's 2 MiB. */
const BULK_CACHE_KIB = -16384;
/** How far the write-ahead log may grow during a bulk run before it is copied back. */
const BULK_WAL_BYTES = 32 << 20;

/** A long run of short write transactions (an import). Meanwhile the connection keeps more of
 * the database in memory, and SQLite's write-ahead log is copied back into the database file not
 * after every transaction that outgrows 4 MiB of log (each copy rewrites every index page the
 * transactions touched and syncs the disk) but between two transactions, when `between` is
 * called and the log has passed 32 MiB — a copy that does not hold the write lock, so that clerks
 * may write meanwhile, and is not counted in how long a transaction held it. The connection is
 * set back, and the log copied back, at the end. */
export async function bulkWrites<T>(db: Db, fn: (between: () => void) => Promise<T>): Promise<T> {
  const native = nativeOf(db);
  const before = {
    cache: native.pragma('cache_size', { simple: true }),
    checkpoint: native.pragma('wal_autocheckpoint', { simple: true }),
    temp: native.pragma('temp_store', { simple: true }),
  };
  const wal = `${native.name}-wal`;
  const between = () => {
    let size = 0;
    try {
      size = fs.statSync(wal).size;
    } catch {
      // no log: nothing to copy
    }
    if (size > BULK_WAL_BYTES) native.pragma('wal_checkpoint(PASSIVE)');
  };
  native.pragma(`cache_size = ${BULK_CACHE_KIB}`);
  native.pragma('wal_autocheckpoint = 0');
  // An insert into cases fires triggers, so SQLite keeps a statement journal of every page it
  // touches (to undo the statement alone); past 64 KiB — the cases' many indexes — that journal
  // goes to a temporary file, created and removed for every row. Kept in memory instead.
  native.pragma('temp_store = MEMORY');
  try {
    return await fn(between);
  } finally {
    try {
      native.pragma('wal_checkpoint(PASSIVE)');
      native.pragma(`cache_size = ${Number(before.cache)}`);
      native.pragma(`wal_autocheckpoint = ${Number(before.checkpoint)}`);
      native.pragma(`temp_store = ${Number(before.temp)}`);
    } catch {
      // A connection the failure that ends the run left unusable: that failure is what matters.
    }
  }
}

/** Each integer of a list as group_concat writes it ("3,-1,20"), without a string per value
 * (a million ids or step times). */
export function eachInteger(text: string, f: (n: number) => unknown): void {
  let v = 0;
  let neg = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 44;
    if (c === 44) {
      f(neg ? -v : v);
      v = 0;
      neg = false;
    } else if (c === 45) neg = true;
    else v = v * 10 + (c - 48);
  }
}
