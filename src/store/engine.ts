// The few statements that differ between the engines, for the migrations (one list for both):
// how an id counts itself, a table clustered on its key, the history's append-only guard, the
// triggers that keep the listings' words and counts, and time arithmetic. SQLite's are what the
// migrations always ran; PostgreSQL's say the same in its own words. Nothing above src/store
// knows which engine it runs on.
import { type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';
import { rowSecurity } from './security.js';
import { allRows, rowBatches } from './raw.js';

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

const sqliteDdl: EngineDdl = {
  id: (c) => c.primaryKey().autoIncrement(),
  clustered: (b) => b.modifyEnd(sql`without rowid`),
  clusteredSql: 'without rowid',
  async appendOnly(db, table, update, del) {
    await sql.raw(`create trigger ${update} before update on ${table} begin select raise(abort, '${table} are append-only'); end`).execute(db);
    await sql.raw(`create trigger ${del} before delete on ${table} begin select raise(abort, '${table} are append-only'); end`).execute(db);
  },
  async keptBesideCases(db) {
    await sql`create trigger case_words_fill after insert on case_words when new.registered_at is null begin
        update case_words set (registered_at, office, akimat) = (select registered_at, office, akimat from cases where id = new.case_id)
          where word = new.word and case_id = new.case_id;
      end`.execute(db);
    await sql`create trigger case_words_follow after update of registered_at, office, akimat on cases
        when old.registered_at is not new.registered_at or old.office is not new.office or old.akimat is not new.akimat begin
        update case_words set registered_at = new.registered_at, office = new.office, akimat = new.akimat where case_id = new.id;
      end`.execute(db);
    await sql`create trigger case_counts_insert after insert on cases begin
        insert into case_counts (office, akimat, state, n) values (new.office, coalesce(new.akimat, ''), new.state, 1)
          on conflict (office, akimat, state) do update set n = n + 1;
      end`.execute(db);
    await sql`create trigger case_counts_update after update of office, akimat, state on cases
        when old.office is not new.office or old.akimat is not new.akimat or old.state is not new.state begin
        update case_counts set n = n - 1 where office = old.office and akimat = coalesce(old.akimat, '') and state = old.state;
        insert into case_counts (office, akimat, state, n) values (new.office, coalesce(new.akimat, ''), new.state, 1)
          on conflict (office, akimat, state) do update set n = n + 1;
      end`.execute(db);
    await sql`create trigger case_counts_delete after delete on cases begin
        update case_counts set n = n - 1 where office = old.office and akimat = coalesce(old.akimat, '') and state = old.state;
      end`.execute(db);
  },
  millisBetween: (from, to) => `cast(round((julianday(${to}) - julianday(${from})) * 86400000) as integer)`,
  atLeastZero: (x) => `max(0, ${x})`,
  temp: (name) => `temp.${name}`,
  notIndexed: 'not indexed',
  millis: 'integer',
  rowSecurity: async () => undefined,
  list: (expr, sep, order) => (order ? `group_concat(${expr}, '${sep ?? ','}')` : sep ? `group_concat(${expr}, '${sep}')` : `group_concat(${expr})`),
  asInt: (condition) => `(${condition})`,
  padded: (x, width) => `printf('%0${width}d', ${x})`,
  wholeNumber: (column) => `typeof(${column}) = 'integer'`,
  byCodePoint: (expr) => expr,
  async integrity(db, full) {
    // The check reads the whole file once, mostly in order: a small page cache (2 MiB, against
    // better-sqlite3's 16) serves it as well as a large one and keeps its memory low.
    await sql`pragma cache_size = -2048`.execute(db);
    const found: string[] = [];
    for await (const batch of rowBatches<[string]>(db, { sql: full ? 'pragma integrity_check' : 'pragma quick_check', parameters: [] })) {
      for (const [detail] of batch) if (detail !== 'ok') found.push(detail);
    }
    return found;
  },
  missingParents: async (db, table) =>
    (await allRows<[string, number | null, string]>(db, { sql: `select "table", rowid, parent from pragma_foreign_key_check(?)`, parameters: [table] })).map(([t, rowid, parent]) => ({ table: t, rowid, parent })),
  tables: async (db) => (await allRows<[string]>(db, { sql: `select name from pragma_table_list where schema = 'main' and type = 'table' and substr(name, 1, 7) <> 'sqlite_'`, parameters: [] })).map((r) => r[0]),
  referencesOf: async (db, table) =>
    (await allRows<[number, string, string]>(db, { sql: `select id, "table", "from" from pragma_foreign_key_list(?) order by id`, parameters: [table] })).map(([, parent, from]) => ({ from, parent })),
  async refusingTriggers(db, table) {
    const rows = await allRows<[string, string]>(db, { sql: `select name, sql from sqlite_master where type = 'trigger' and tbl_name = ?`, parameters: [table] });
    return rows.filter(([, text]) => /raise\s*\(\s*abort/i.test(text)).map(([name]) => name);
  },
};

const postgresDdl: EngineDdl = {
  id: (c) => c.primaryKey().generatedByDefaultAsIdentity(),
  clustered: (b) => b,
  clusteredSql: '',
  async appendOnly(db, table, update, del) {
    await sql.raw(`create or replace function gasp_append_only() returns trigger language plpgsql as $$
      begin raise exception '% are append-only', tg_table_name; end $$`).execute(db);
    await sql.raw(`create trigger ${update} before update on ${table} for each row execute function gasp_append_only()`).execute(db);
    await sql.raw(`create trigger ${del} before delete on ${table} for each row execute function gasp_append_only()`).execute(db);
  },
  async keptBesideCases(db) {
    await sql`create function gasp_case_words_fill() returns trigger language plpgsql as $$
      begin
        if new.registered_at is null then
          select registered_at, office, akimat into new.registered_at, new.office, new.akimat from cases where id = new.case_id;
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger case_words_fill before insert on case_words for each row execute function gasp_case_words_fill()`.execute(db);
    await sql`create function gasp_case_words_follow() returns trigger language plpgsql as $$
      begin
        update case_words set registered_at = new.registered_at, office = new.office, akimat = new.akimat where case_id = new.id;
        return null;
      end $$`.execute(db);
    await sql`create trigger case_words_follow after update of registered_at, office, akimat on cases for each row
      when (old.registered_at is distinct from new.registered_at or old.office is distinct from new.office or old.akimat is distinct from new.akimat)
      execute function gasp_case_words_follow()`.execute(db);
    await sql`create function gasp_case_counts() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          update case_counts set n = n - 1 where office = old.office and akimat = coalesce(old.akimat, '') and state = old.state;
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into case_counts (office, akimat, state, n) values (new.office, coalesce(new.akimat, ''), new.state, 1)
            on conflict (office, akimat, state) do update set n = case_counts.n + 1;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger case_counts_insert after insert on cases for each row execute function gasp_case_counts()`.execute(db);
    await sql`create trigger case_counts_update after update of office, akimat, state on cases for each row
      when (old.office is distinct from new.office or old.akimat is distinct from new.akimat or old.state is distinct from new.state)
      execute function gasp_case_counts()`.execute(db);
    await sql`create trigger case_counts_delete after delete on cases for each row execute function gasp_case_counts()`.execute(db);
  },
  millisBetween: (from, to) => `round(extract(epoch from (${to}::timestamptz - ${from}::timestamptz)) * 1000)::bigint`,
  atLeastZero: (x) => `greatest(0, ${x})`,
  temp: (name) => name,
  notIndexed: '',
  millis: 'bigint',
  rowSecurity,
  list: (expr, sep, order) => `string_agg((${expr})::text, '${sep ?? ','}'${order ? ` order by ${order}` : ''})`,
  asInt: (condition) => `(${condition})::int`,
  padded: (x, width) => `(case when length((${x})::text) >= ${width} then (${x})::text else lpad((${x})::text, ${width}, '0') end)`,
  wholeNumber: () => 'true',
  byCodePoint: (expr) => `${expr} collate "C"`,
  integrity: async () => [],
  missingParents: async () => [],
  tables: async (db) =>
    (await allRows<[string]>(db, { sql: `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`, parameters: [] })).map((r) => r[0]),
  referencesOf: async (db, table) =>
    (
      await allRows<[string, string]>(db, {
        sql: `select c.confrelid::regclass::text, a.attname from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
              where c.conrelid = to_regclass(?) and c.contype = 'f' order by c.conname`,
        parameters: [table],
      })
    ).map(([parent, from]) => ({ from, parent })),
  refusingTriggers: async (db, table) =>
    (
      await allRows<[string]>(db, {
        sql: `select t.tgname from pg_trigger t join pg_proc p on p.oid = t.tgfoid
              where t.tgrelid = to_regclass(?) and not t.tgisinternal and t.tgenabled <> 'D' and p.prosrc ~* 'raise\\s+exception'`,
        parameters: [table],
      })
    ).map((r) => r[0]),
};

export function ddlOf(db: Kysely<any>): EngineDdl {
  return engineOf(db) === 'postgres' ? postgresDdl : sqliteDdl;
}
