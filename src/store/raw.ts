// The store's fast path for commands that read or write many rows (listings streamed as JSON,
// reports, check, import, export): rows as arrays straight from the engine, a few hundred at a
// time, and statements prepared once and run many times. Kysely builds most of the SQL; this runs
// it without turning every row into an object. Each engine brings its own connection behind the
// same functions: SQLite's better-sqlite3 (src/store/db.ts), PostgreSQL's pg client with a
// cursor (src/store/postgres.ts). Parameters are written `?` in statements of the store's own
// text; the engine puts its own placeholders in.
import { GaspError } from '../errors.js';
import type { Db } from './db.js';

export type Row = unknown[];

/** A statement prepared once per connection and run many times, in the caller's transaction. */
export interface Prepared {
  /** Runs the statement with these parameters. */
  run(params: readonly unknown[]): Promise<void>;
  /** Runs an insert into a table with an id that counts itself: the new row's id. */
  insert(params: readonly unknown[]): Promise<number>;
  /** The first row of a query as an array of column values, or undefined. */
  first<T extends Row = Row>(params: readonly unknown[]): Promise<T | undefined>;
  /** Every row of a query for these parameters, as arrays. */
  all<T extends Row = Row>(params: readonly unknown[]): Promise<T[]>;
}

/** What an engine's connection gives the fast path. */
export interface Native {
  /** The rows of a query, a batch at a time (flat memory however many there are). */
  batches(sql: string, parameters: readonly unknown[]): AsyncIterable<Row[]>;
  all(sql: string, parameters: readonly unknown[]): Promise<Row[]>;
  prepare(sql: string): Prepared;
  /** A long run of short write transactions (an import): the engine's settings for it. */
  bulk<T>(fn: (between: () => void) => Promise<T>): Promise<T>;
  /** The same connection for a handle that holds it (a transaction's), where the engine needs
   * to know: PostgreSQL's pool must not be asked for it again meanwhile. */
  held?(): Native;
}

const natives = new WeakMap<Db, Native>();

/** Called by openStore and by the transactions: a Kysely handle and the connection under it. */
export function bindNative(db: Db, native: Native): void {
  natives.set(db, native);
}

/** The same connection for a handle derived from another (a transaction's). */
export function inheritNative(from: Db, to: Db): void {
  const native = natives.get(from);
  if (native) natives.set(to, native.held?.() ?? native);
}

function nativeOf(db: Db): Native {
  const native = natives.get(db);
  if (!native) throw new GaspError('db.open', { path: '?', reason: 'no connection behind this database handle' });
  return native;
}

type Query = { sql: string; parameters: readonly unknown[] };

/** The rows of a query as arrays of column values, a batch at a time. */
export function rowBatches<T extends Row = Row>(db: Db, query: Query): AsyncIterable<T[]> {
  return nativeOf(db).batches(query.sql, query.parameters) as AsyncIterable<T[]>;
}

/** All rows of a query as arrays (for small results: a report's groups). */
export function allRows<T extends Row = Row>(db: Db, query: Query): Promise<T[]> {
  return nativeOf(db).all(query.sql, query.parameters) as Promise<T[]>;
}

/** A statement prepared once per connection (later calls with the same text get it back). */
export function prepare(db: Db, statement: string): Prepared {
  return nativeOf(db).prepare(statement);
}

/** A long run of short write transactions (an import), with the engine's settings for it;
 * `between` is called between two transactions (SQLite copies its log back then). */
export function bulkWrites<T>(db: Db, fn: (between: () => void) => Promise<T>): Promise<T> {
  return nativeOf(db).bulk(fn);
}

/** Each integer of a list as the engine's list aggregate writes it ("3,-1,20"), without a string
 * per value (a million ids or step times). */
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
