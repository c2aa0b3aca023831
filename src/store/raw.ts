// The store's fast path for commands that read or write many rows (listings streamed as JSON,
// reports, check, import, export): rows as arrays straight from the engine, and statements
// prepared once and run many times. Kysely builds the SQL; this runs it without turning every
// row into an object. Only src/store knows the engine: PostgreSQL will bring its own (a cursor,
// COPY) behind the same functions.
import type Database from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import type { Db } from './db.js';

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
}

/** A statement prepared once and run many times (an import's inserts), in the caller's
 * transaction. */
export function prepare(db: Db, statement: string): Prepared {
  const stmt = nativeOf(db).prepare(statement);
  return { run: (params) => Number(stmt.run(...(params as unknown[])).lastInsertRowid) };
}

export interface PreparedQuery<T extends unknown[]> {
  /** The rows for these parameters, as arrays. */
  all(params: readonly unknown[]): T[];
}

/** A query prepared once and run many times with other parameters (a report's pieces). */
export function prepareQuery<T extends unknown[] = unknown[]>(db: Db, statement: string): PreparedQuery<T> {
  const stmt = nativeOf(db).prepare(statement).raw(true);
  return { all: (params) => stmt.all(...(params as unknown[])) as T[] };
}
