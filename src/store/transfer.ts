// What `gasp migrate` reads from an office's database and writes into the oblast's: the small
// tables and the cases read whole, the history and what hangs on it a page at a time, rows
// written many to a statement (never a round trip per row), and the few engine-specific steps of
// writing rows with ids of their own (the lock that keeps other writers' new cases out, the
// history's ids from its sequence, the cases' id counter moved past them). The rule — what is
// copied, what conflicts, how the history is chained again — is src/services/migrate.ts's.
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from './db.js';
import { engineOf } from './engine.js';
import type { AkimatTable, CalendarDayTable, CaseStepsTable, CaseTable, CaseWordTable, DB, EventTable, OfficeTable, RegnoCounterTable, StaffTable, StepRepeatTable, FamilyMemberTable, IncomeLineTable, PovertyLineTable } from './schema.js';

export type CaseRecord = Selectable<CaseTable>;
export type EventRecord = Selectable<EventTable>;
export type StaffRecord = Selectable<StaffTable>;

/** What of a database `migrate` holds in memory while it copies, each table in its key's order;
 * the bulk of it — the history, the search words, the repeated steps' times — is read a page at
 * a time (historyPages, wordsOf, repeatsOf). The settings (the authentication mode) stay the
 * target's own; case_counts are kept by the target's triggers; chain_heads follow the events. */
export interface DatabaseContent {
  offices: OfficeTable[];
  akimats: AkimatTable[];
  staff: StaffRecord[];
  calendar: CalendarDayTable[];
  counters: RegnoCounterTable[];
  cases: CaseRecord[];
  steps: CaseStepsTable[];
  /** Step 3: the cases' families and incomes, and the poverty lines set. */
  family: FamilyMemberTable[];
  incomes: IncomeLineTable[];
  rates: PovertyLineTable[];
  /** Each chain of the history: its office, number of events, first and last hash. */
  chains: { office: number; events: number; first: string; head: string }[];
}

/** Reads what `migrate` holds in memory (call in a read transaction: one snapshot). */
export async function readContent(db: Db): Promise<DatabaseContent> {
  const chains = await db
    .selectFrom('events')
    .select(['office', (eb) => eb.fn.countAll<number>().as('events'), (eb) => eb.fn.min<number>('id').as('first'), (eb) => eb.fn.max<number>('id').as('last')])
    .groupBy('office')
    .orderBy('office')
    .execute();
  const hashOf = async (id: number) => (await db.selectFrom('events').select('hash').where('id', '=', id).executeTakeFirstOrThrow()).hash;
  return {
    offices: await db.selectFrom('offices').selectAll().orderBy('no').execute(),
    akimats: await db.selectFrom('akimats').selectAll().orderBy('code').execute(),
    staff: await db.selectFrom('staff').selectAll().orderBy('login').execute(),
    calendar: await db.selectFrom('calendar_days').selectAll().orderBy('date').execute(),
    counters: await db.selectFrom('regno_counters').selectAll().orderBy('office').orderBy('year').execute(),
    cases: await db.selectFrom('cases').selectAll().orderBy('id').execute(),
    steps: await db.selectFrom('case_steps').selectAll().orderBy('case_id').execute(),
    family: await db.selectFrom('family_members').selectAll().orderBy('case_id').orderBy('iin').execute(),
    incomes: await db.selectFrom('income_lines').selectAll().orderBy('case_id').orderBy('no').execute(),
    rates: await db.selectFrom('poverty_lines').selectAll().orderBy('region').orderBy('year').orderBy('quarter').execute(),
    chains: await Promise.all(chains.map(async (c) => ({ office: c.office, events: Number(c.events), first: await hashOf(c.first), head: await hashOf(c.last) }))),
  };
}

/** The history in the order it was written, a page at a time. */
export async function* historyPages(db: Db, size = 5000): AsyncGenerator<EventRecord[]> {
  for (let after = 0; ; ) {
    const page = await db.selectFrom('events').selectAll().where('id', '>', after).orderBy('id').limit(size).execute();
    if (!page.length) return;
    yield page;
    after = page[page.length - 1]!.id;
  }
}

/** The search words of the cases with ids from `from` to `to`. */
export async function wordsOf(db: Db, from: number, to: number): Promise<CaseWordTable[]> {
  return db.selectFrom('case_words').selectAll().where('case_id', '>=', from).where('case_id', '<=', to).execute();
}

/** The repeated steps' times of the events with ids from `from` to `to`. */
export async function repeatsOf(db: Db, from: number, to: number): Promise<StepRepeatTable[]> {
  return db.selectFrom('step_repeats').selectAll().where('event_id', '>=', from).where('event_id', '<=', to).execute();
}

/** The hash of a chain's n-th event (from 1), if it has that many. */
export async function chainHashAt(db: Db, office: number, n: number): Promise<string | undefined> {
  const r = await db.selectFrom('events').select('hash').where('office', '=', office).orderBy('id').limit(1).offset(n - 1).executeTakeFirst();
  return r?.hash;
}

/** The small tables of the target, whole: directory, staff, calendar, counters, chain heads. */
export async function readTargetDirectory(tx: Db) {
  return {
    offices: await tx.selectFrom('offices').selectAll().execute(),
    akimats: await tx.selectFrom('akimats').selectAll().execute(),
    staff: await tx.selectFrom('staff').selectAll().execute(),
    calendar: await tx.selectFrom('calendar_days').selectAll().execute(),
    counters: await tx.selectFrom('regno_counters').selectAll().execute(),
    heads: await tx.selectFrom('chain_heads').selectAll().execute(),
    rates: await tx.selectFrom('poverty_lines').selectAll().execute(),
  };
}

/** How many values one statement binds at most: under SQLite's limit (32,766) and PostgreSQL's
 * (65,535), and a few hundred rows at a time. */
const MAX_PARAMS = 30_000;
const MAX_ROWS = 500;
/** Rows sent to PostgreSQL in one JSON parameter (a few megabytes at most). */
const PG_JSON_ROWS = 5000;

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** The target's cases with these numbers, by number. */
export async function casesByRegno(tx: Db, regnos: readonly string[]): Promise<Map<string, CaseRecord>> {
  const found = new Map<string, CaseRecord>();
  for (const part of chunks(regnos, MAX_ROWS)) {
    for (const row of await tx.selectFrom('cases').selectAll().where('regno', 'in', part).execute()) found.set(row.regno, row);
  }
  return found;
}

/** How many events the target holds for each of these cases. */
export async function eventCounts(tx: Db, caseIds: readonly number[]): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  for (const part of chunks(caseIds, MAX_ROWS)) {
    const rows = await tx
      .selectFrom('events')
      .select(['case_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('case_id', 'in', part)
      .groupBy('case_id')
      .execute();
    for (const r of rows) found.set(r.case_id!, Number(r.n));
  }
  return found;
}

/** The details of the target's records of earlier migrations into these chains. */
export async function migrationRecords(tx: Db, offices: readonly number[]): Promise<{ office: number; details: string }[]> {
  if (!offices.length) return [];
  return tx.selectFrom('events').select(['office', 'details']).where('step', '=', 'migrate').where('case_id', 'is', null).where('office', 'in', offices).execute();
}

/** The hashes of the first events of a chain, at most n. */
export async function chainStart(tx: Db, office: number, n: number): Promise<string[]> {
  const rows = await tx.selectFrom('events').select('hash').where('office', '=', office).orderBy('id').limit(n).execute();
  return rows.map((r) => r.hash);
}

/** Writes rows many to a statement: on PostgreSQL thousands at a time as one JSON parameter that
 * the server unpacks (json_populate_recordset: one value to bind and send, not one per column
 * and row), on SQLite a few hundred rows of values. */
export async function insertRows<T extends keyof DB & string>(tx: Db, table: T, rows: readonly Insertable<DB[T]>[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!);
  if (engineOf(tx) === 'postgres') {
    const list = sql.join(columns.map((c) => sql.id(c)));
    for (const part of chunks(rows, PG_JSON_ROWS)) {
      await sql`insert into ${sql.table(table)} (${list}) select ${list} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(part)}::json)`.execute(tx);
    }
    return;
  }
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / Math.max(1, columns.length))));
  // (Kysely's insert takes a table name and its rows; the generic table defeats its inference.)
  for (const part of chunks(rows, size)) await tx.insertInto(table).values(part as never).execute();
}

/** Sets the counters of numbers to these values (insert or update). */
export async function setCounters(tx: Db, rows: readonly RegnoCounterTable[]): Promise<void> {
  for (const r of rows) {
    await tx
      .insertInto('regno_counters')
      .values(r)
      .onConflict((oc) => oc.columns(['office', 'year']).doUpdateSet({ last: r.last }))
      .execute();
  }
}

/** Moves the chains' heads to these events. */
export async function setChainHeads(tx: Db, heads: readonly { office: number; event_id: number; hash: string }[]): Promise<void> {
  for (const h of heads) {
    await tx
      .insertInto('chain_heads')
      .values(h)
      .onConflict((oc) => oc.column('office').doUpdateSet({ event_id: h.event_id, hash: h.hash }))
      .execute();
  }
}

/** Keeps other writers' new cases out until the transaction ends, so that no case id is given
 * out meanwhile under the ones written here (readers go on; on SQLite the write transaction
 * already holds the whole database). The history is not locked: its ids come from eventIds. */
export async function lockForTransfer(tx: Db): Promise<void> {
  if (engineOf(tx) === 'postgres') await sql`lock table cases in exclusive mode`.execute(tx);
}

/** Ids for new events, ascending, that no other writer is given: on PostgreSQL the history's own
 * sequence hands them out (others may write events meanwhile: gasp roles may not lock the
 * history, only add to it); on SQLite they follow the greatest, the database being held. */
export function eventIds(tx: Db): (n: number) => Promise<number[]> {
  if (engineOf(tx) === 'postgres') {
    return async (n) => {
      if (!n) return [];
      const r = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('events', 'id')) as id from generate_series(1, ${n})`.execute(tx);
      return r.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
    };
  }
  let last: number | undefined;
  return async (n) => {
    let next = (last ??= await lastId(tx, 'events'));
    last += n;
    return Array.from({ length: n }, () => ++next);
  };
}

/** The greatest id the table holds (0: none). */
export async function lastId(tx: Db, table: 'cases' | 'events'): Promise<number> {
  const r = await tx
    .selectFrom(table)
    .select((eb) => eb.fn.max<number | null>('id').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** After rows were written with their own ids: the table's id counter is moved past them, so that
 * the next row it numbers does not collide (PostgreSQL's identity sequence; SQLite's
 * AUTOINCREMENT has followed on its own). */
export async function advanceIds(tx: Db, table: 'cases'): Promise<void> {
  if (engineOf(tx) !== 'postgres') return;
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), m) from (select max(id) as m from ${sql.table(table)}) t where m is not null`.execute(tx);
}
