// SQLite's own words for what the migrations and the check say differently on each engine.
import { sql } from 'kysely';
import type { EngineDdl } from './engine.js';
import { allRows, rowBatches } from './raw.js';

export const sqliteDdl: EngineDdl = {
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
  // (SQLite has no TRUNCATE: a DELETE without WHERE meets the row trigger.)
  historyGuards: ['events_no_update', 'events_no_delete'],
  rowSecurity: async () => undefined,
  reportIndexWithId: async () => undefined,
  memberRoleFunctions: async () => undefined,
  async reportIndex(db, columns) {
    await sql`drop index cases_report`.execute(db);
    await sql.raw(`create index cases_report on cases (${columns.join(', ')})`).execute(db);
  },
  determinationSecurity: async () => undefined,
  // SQLite's list takes the order its rows come in (a sub-select's): `order` is PostgreSQL's.
  list: (expr, sep) => (sep ? `group_concat(${expr}, '${sep}')` : `group_concat(${expr})`),
  asInt: (condition) => `(${condition})`,
  padded: (x, width) => `printf('%0${width}d', ${x})`,
  wholeNumber: (column) => `typeof(${column}) = 'integer'`,
  byCodePoint: (expr) => expr,
  jsonInteger: (column, path) => `json_extract(${column}, '$.${path.join('.')}')`,
  differ: (a, b) => `(${a}) is not (${b})`,
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
