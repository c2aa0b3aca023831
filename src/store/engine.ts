// The few statements that differ between the engines, for the migrations (one list for both):
// how an id counts itself, a table clustered on its key, the history's append-only guard, the
// triggers that keep the listings' words and counts, time arithmetic, and the engine's own checks.
// One module per engine: engine-sqlite.ts (what the migrations always ran) and engine-postgres.ts
// (the same in PostgreSQL's words). Nothing above src/store knows which engine it runs on.
import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, PostgresAdapter } from 'kysely';
import { postgresDdl } from './engine-postgres.js';
import { sqliteDdl } from './engine-sqlite.js';

export type Engine = 'sqlite' | 'postgres';

/** The engine under any database handle (a transaction's too), told by Kysely's adapter. */
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export interface EngineDdl {
  /** An id that counts itself (an integer column's definition). */
  id(c: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** A table stored in the order of its primary key (SQLite: WITHOUT ROWID). */
  clustered<T extends string, C extends string>(b: CreateTableBuilder<T, C>): CreateTableBuilder<T, C>;
  clusteredSql: string;
  /** The database itself refuses to change or remove a row of this table. */
  appendOnly(db: Kysely<unknown>, table: string, update: string, del: string): Promise<void>;
  /** The triggers of 008: a search word gets its case's time, office and akimat; a case's change
   * of them is carried to its words; case_counts follows every insert, move and delete. */
  keptBesideCases(db: Kysely<unknown>): Promise<void>;
  /** Milliseconds from one stored time (ISO text) to another, rounded, as SQL. */
  millisBetween(from: string, to: string): string;
  /** The greater of a value and zero, as SQL. */
  atLeastZero(x: string): string;
  /** A table of the current session only, as named in a statement. */
  temp(name: string): string;
  /** Read a table in its stored order, not through an index (SQLite's NOT INDEXED). */
  notIndexed: string;
  /** Migration 010: the database itself keeps each member to their office (PostgreSQL's roles
   * and row-level security, src/store/security.ts); nothing on SQLite, a file with no roles. */
  rowSecurity(db: Kysely<unknown>): Promise<void>;
  /** The append-only guards on the history that `appendOnly` makes (what `gasp check` looks for). */
  historyGuards: readonly string[];
  /** Makes the report's index (cases_report) carry the case's id, so that the refusals by
   * reason read the index alone: on PostgreSQL `include (id)`; on SQLite nothing, as the id is
   * the rowid, in every index already. */
  reportIndexWithId(db: Kysely<unknown>): Promise<void>;
  /** Makes the report's index again on these columns (on PostgreSQL with `include (id)`). */
  reportIndex(db: Kysely<unknown>, columns: readonly string[]): Promise<void>;
  /** Migration 013: the family, income and poverty-line tables granted to the members, a case's
   * rows seen and written only by those who see the case (PostgreSQL; nothing on SQLite). */
  determinationSecurity(db: Kysely<unknown>): Promise<void>;
  /** Members' login roles made and changed through the owner's functions (PostgreSQL; nothing on
   * SQLite, which has no roles). */
  memberRoleFunctions(db: Kysely<unknown>): Promise<void>;
  /** The type of a span of milliseconds (30 days pass 2^31: PostgreSQL's integer is 32 bits). */
  millis: 'integer' | 'bigint';
  /** The values of an expression joined into one text by `sep` (in `order`, when given). */
  list(expr: string, sep?: string, order?: string): string;
  /** A condition as the integer 1 or 0. */
  asInt(condition: string): string;
  /** An integer as text of at least `width` digits, zeros in front (printf's %0Nd). */
  padded(x: string, width: number): string;
  /** A condition that a column holds a whole number (SQLite's columns take any value). */
  wholeNumber(column: string): string;
  /** An integer at a path of a JSON text column (null when absent), as SQL. */
  jsonInteger(column: string, path: readonly string[]): string;
  /** Two values that differ, nulls compared as values (SQL's IS DISTINCT FROM). */
  differ(a: string, b: string): string;
  /** Text compared by its code points, as JavaScript compares it. */
  byCodePoint(expr: string): string;
  /** The engine's own check of the database (SQLite's quick or full integrity check), row by row;
   * nothing on PostgreSQL, where the engine's integrity is the server's business. */
  integrity(db: Kysely<any>, full: boolean): Promise<string[]>;
  /** Rows of a table whose parent is missing, when the engine lets such rows be (SQLite keeps
   * references unenforced until asked); the server enforces them on PostgreSQL. */
  missingParents(db: Kysely<any>, table: string): Promise<{ table: string; rowid: number | null; parent: string }[]>;
  /** The tables of the database. */
  tables(db: Kysely<any>): Promise<string[]>;
  /** A table's references: the parent table and the column, in the order they are checked. */
  referencesOf(db: Kysely<any>, table: string): Promise<{ from: string; parent: string }[]>;
  /** The names of a table's triggers that refuse a change (the append-only guards). */
  refusingTriggers(db: Kysely<any>, table: string): Promise<string[]>;
}

export function ddlOf(db: Kysely<any>): EngineDdl {
  return engineOf(db) === 'postgres' ? postgresDdl : sqliteDdl;
}
