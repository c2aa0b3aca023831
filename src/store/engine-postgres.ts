// PostgreSQL's own words for what the migrations and the check say differently on each engine.
import { sql } from 'kysely';
import type { EngineDdl } from './engine.js';
import { allRows } from './raw.js';
import { determinationSecurity, memberRoleFunctions, rowSecurity } from './security.js';

export const postgresDdl: EngineDdl = {
  id: (c) => c.primaryKey().generatedByDefaultAsIdentity(),
  clustered: (b) => b,
  clusteredSql: '',
  async appendOnly(db, table, update, del) {
    await sql.raw(`create or replace function gasp_append_only() returns trigger language plpgsql as $$
      begin raise exception '% are append-only', tg_table_name; end $$`).execute(db);
    await sql.raw(`create trigger ${update} before update on ${table} for each row execute function gasp_append_only()`).execute(db);
    await sql.raw(`create trigger ${del} before delete on ${table} for each row execute function gasp_append_only()`).execute(db);
    // TRUNCATE removes every row without a row's trigger: refused by a statement's, the owner too.
    await sql.raw(`create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function gasp_append_only()`).execute(db);
  },
  historyGuards: ['events_no_update', 'events_no_delete', 'events_no_truncate'],
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
  memberRoleFunctions,
  async reportIndexWithId(db) {
    await postgresDdl.reportIndex(db, ['office', 'registered_at', 'state', 'decision', 'reason', 'deadline_at']);
  },
  async reportIndex(db, columns) {
    await sql`drop index cases_report`.execute(db);
    await sql.raw(`create index cases_report on cases (${columns.join(', ')}) include (id)`).execute(db);
  },
  determinationSecurity,
  list: (expr, sep, order) => `string_agg((${expr})::text, '${sep ?? ','}'${order ? ` order by ${order}` : ''})`,
  asInt: (condition) => `(${condition})::int`,
  padded: (x, width) => `(case when length((${x})::text) >= ${width} then (${x})::text else lpad((${x})::text, ${width}, '0') end)`,
  wholeNumber: () => 'true',
  byCodePoint: (expr) => `${expr} collate "C"`,
  jsonInteger: (column, path) => `((${column})::jsonb #>> '{${path.join(',')}}')::bigint`,
  differ: (a, b) => `(${a}) is distinct from (${b})`,
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
