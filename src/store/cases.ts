// Cases, their append-only history, registration-number counters and calendar edits.
import { type Compilable, CompiledQuery, type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { CLOSED_STATES, DECIDED_STATES } from '../domain/procedure.js';
import { nameWords, prefixEnd } from '../domain/search.js';
import { GENESIS, eventHash } from '../domain/chain.js';
import type { Db } from './db.js';
import { engineOf } from './engine.js';
import { STEP_COLUMNS, eventAppender, stepTimesOf } from './history.js';
import { type Prepared, prepare, rowBatches } from './raw.js';
import type { DB } from './schema.js';
import type { CaseTable, CalendarDayTable, STEP3_COLUMNS } from './schema.js';

export type CaseRow = Omit<CaseTable, 'id'> & { id: number };
export type NewCase = Omit<CaseTable, 'id' | (typeof STEP3_COLUMNS)[number]> & Partial<Pick<CaseTable, (typeof STEP3_COLUMNS)[number]>>;
export type CasePatch = Partial<Omit<CaseTable, 'id' | 'regno' | 'office' | 'year' | 'seq'>>;

export interface EventRow {
  id: number;
  case_id: number | null;
  office: number;
  step: string;
  actor: string;
  at: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** The next number in an office's sequence for a year; call inside a write transaction. */
export async function takeNextSeq(tx: Db, office: number, year: number): Promise<number> {
  const row = await tx
    .selectFrom('regno_counters')
    .select('last')
    .where('office', '=', office)
    .where('year', '=', year)
    .executeTakeFirst();
  const next = (row?.last ?? 0) + 1;
  if (row) {
    await tx.updateTable('regno_counters').set({ last: next }).where('office', '=', office).where('year', '=', year).execute();
  } else {
    await tx.insertInto('regno_counters').values({ office, year, last: next }).execute();
  }
  return next;
}

export async function insertCase(tx: Db, row: NewCase): Promise<number> {
  const r = await tx.insertInto('cases').values(row).returning('id').executeTakeFirstOrThrow();
  await indexName(tx, r.id, row.name, row);
  return r.id;
}

/** The search words of a case's name, each with the case's registration time, office and akimat
 * (read from the case by a trigger when not given); kept beside the case in the same transaction. */
async function indexName(tx: Db, caseId: number, name: string, of?: Pick<NewCase, 'registered_at' | 'office' | 'akimat'>): Promise<void> {
  const words = nameWords(name);
  if (!words.length) return;
  const scope = of ? { registered_at: of.registered_at, office: of.office, akimat: of.akimat } : {};
  await tx
    .insertInto('case_words')
    .values(words.map((word) => ({ word, case_id: caseId, ...scope })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function updateCase(tx: Db, id: number, patch: CasePatch): Promise<void> {
  await tx.updateTable('cases').set(patch).where('id', '=', id).execute();
  if (patch.name !== undefined) {
    await tx.deleteFrom('case_words').where('case_id', '=', id).execute();
    await indexName(tx, id, patch.name);
  }
}

export { appendEvent } from './history.js';

const caseByRegno = (db: Db, regno: string) => db.selectFrom('cases').selectAll().where('regno', '=', regno);
const eventsQuery = (db: Db, caseId: number) => db.selectFrom('events').selectAll().where('case_id', '=', caseId).orderBy('id');

export async function getCaseByRegno(db: Db, regno: string): Promise<CaseRow | undefined> {
  return caseByRegno(db, regno).executeTakeFirst();
}

export async function eventsOf(db: Db, caseId: number): Promise<EventRow[]> {
  return eventsQuery(db, caseId).execute();
}

/** What a user may see: one office, one akimat, or (an admin) everything. */
export interface CaseScope {
  office?: number;
  akimat?: string;
}

/** A search that matches any of its parts (gasp find): a registration number, an ИИН or its
 * prefix, a phone, the words of a name. */
export interface AnyOf {
  regno?: string;
  iinPrefix?: string;
  phone?: string;
  words?: string[];
}

export interface CaseFilter {
  scope?: CaseScope;
  state?: string;
  office?: number;
  executor?: string;
  overdueAt?: string; // ISO UTC: only cases whose current deadline is before this
  registeredFrom?: string; // ISO UTC, inclusive
  registeredTo?: string; // ISO UTC, exclusive
  iin?: string; // 12 digits: exact
  iinPrefix?: string; // 6–11 digits
  phone?: string; // a prefix of the phone key (a tail of the number)
  words?: string[]; // folded query words: each is a prefix of a word of the name
  any?: AnyOf;
  order?: 'newest' | 'deadline' | 'registered';
  limit?: number;
  offset?: number;
}

type CasesQb = SelectQueryBuilder<DB, 'cases', object>;
type CaseColumn = keyof CaseTable & string;

function wordMatch(db: Db, word: string) {
  return db.selectFrom('case_words').select('case_id').where('word', '>=', word).where('word', '<', prefixEnd(word));
}

/** Values of a column that start with a prefix: a range, so that the column's index serves. */
function startsWith(eb: ExpressionBuilder<DB, 'cases'>, column: 'iin' | 'phone_key', prefix: string) {
  return eb.and([eb(column, '>=', prefix), eb(column, '<', prefixEnd(prefix))]);
}

/** The index that drives a listing, chosen here rather than left to the planner's guesses (which
 * change with ANALYZE's statistics): a search's own index (the name words, the ИИН, the phone);
 * the partial index of the cases in work for overdue ones; the executor's; the state's within
 * the scope; else the scope's list in registration order. Every other condition is checked on
 * the rows that index yields (migration 008_scale lists the indexes). */
type Driver = 'search' | 'overdue' | 'executor' | 'state' | 'scope';

const isSearch = (f: CaseFilter) => Boolean(f.iin || f.iinPrefix || f.phone || f.words?.length || f.any);

function driverOf(f: CaseFilter): Driver {
  if (isSearch(f)) return 'search';
  if (f.overdueAt) return 'overdue';
  if (f.executor) return 'executor';
  if (f.state) return 'state';
  return 'scope';
}

/** A column as a condition names it: plainly where its index may drive the query, else behind
 * SQLite's unary + so that the planner cannot pick that column's index instead. */
function column(name: CaseColumn, indexed: boolean) {
  return indexed ? sql.ref(name) : sql<string | number>`+${sql.ref(name)}`;
}

/** The cases a filter keeps, on the cases table: its conditions through the driver's index, the
 * others checked row by row; a name search (words, or `find`'s any) as the ids searchIds gives. */
function filtered(db: Db, f: CaseFilter, driver: Driver = driverOf(f)): CasesQb {
  let q: CasesQb = db.selectFrom('cases');
  // The scope (an office, an akimat) and --office lead the overdue, state and scope indexes; the
  // executor's index holds them after its own columns.
  const scoped = driver === 'overdue' || driver === 'state' || driver === 'scope';
  if (f.scope?.akimat !== undefined) q = q.where(column('akimat', scoped), '=', f.scope.akimat);
  else if (f.scope?.office !== undefined) q = q.where(column('office', scoped), '=', f.scope.office);
  if (f.office !== undefined) q = q.where(column('office', scoped && f.scope?.akimat === undefined), '=', f.office);
  if (f.state) q = q.where(column('state', driver === 'state'), '=', f.state);
  if (f.executor) q = q.where(column('executor', driver === 'executor'), '=', f.executor);
  if (f.overdueAt) {
    const on = driver === 'overdue';
    q = q.where(column('deadline_at', on), 'is not', null).where(column('deadline_at', on), '<', f.overdueAt);
  }
  const byDate = driver === 'scope' || driver === 'state' || driver === 'executor';
  if (f.registeredFrom) q = q.where(column('registered_at', byDate), '>=', f.registeredFrom);
  if (f.registeredTo) q = q.where(column('registered_at', byDate), '<', f.registeredTo);
  if (f.words?.length || f.any) return q.where('id', 'in', db.selectFrom(searchIds(db, f).as('m')).select('m.id'));
  if (f.iin) q = q.where('iin', '=', f.iin);
  const { iinPrefix, phone } = f;
  if (iinPrefix) q = q.where((eb) => startsWith(eb, 'iin', iinPrefix));
  if (phone) q = q.where((eb) => startsWith(eb, 'phone_key', phone));
  return q;
}

/** Ids of cases with their registration times, as a search gives them. */
type SearchIds = SelectQueryBuilder<DB, 'cases' | 'case_words', { id: number; registered_at: string | null }>;

/** The cases whose name has words starting with each of these, with their registration time,
 * read from the name words alone: each word's entry holds its case's office, akimat and
 * registration time (migration 008_scale), so that the scope, --office and --date are checked
 * and the page is ordered without reading the cases; the rest of the filter (a state, an
 * executor, overdue, an ИИН or a phone) is checked on each case the words give. */
function wordsPart(db: Db, words: string[], f: CaseFilter): SearchIds {
  let q = db
    .selectFrom('case_words')
    .select(['case_words.case_id as id', 'case_words.registered_at'])
    .where('word', '>=', words[0]!)
    .where('word', '<', prefixEnd(words[0]!));
  // The first word's entries drive; the other words' lists only answer whether a case is in them.
  for (const w of words.slice(1)) q = q.where(sql<number>`+${sql.ref('case_words.case_id')}`, 'in', wordMatch(db, w));
  if (f.scope?.akimat !== undefined) q = q.where('case_words.akimat', '=', f.scope.akimat);
  else if (f.scope?.office !== undefined) q = q.where('case_words.office', '=', f.scope.office);
  if (f.office !== undefined) q = q.where('case_words.office', '=', f.office);
  if (f.registeredFrom) q = q.where('case_words.registered_at', '>=', f.registeredFrom);
  if (f.registeredTo) q = q.where('case_words.registered_at', '<', f.registeredTo);
  const rest: CaseFilter = { state: f.state, executor: f.executor, overdueAt: f.overdueAt, iin: f.iin, iinPrefix: f.iinPrefix, phone: f.phone };
  if (Object.values(rest).some((v) => v !== undefined)) {
    const row = filtered(db, rest, 'search')
      .select(sql.lit(1).as('one'))
      .where(sql.ref('cases.id'), '=', sql.ref('case_words.case_id'));
    q = q.where((eb) => eb.exists(row));
  }
  return q as unknown as SearchIds;
}

/** The ids of the cases a search finds, each with its registration time (a case may come more
 * than once), from the search's own indexes: the name words (see wordsPart), or the ИИН, phone
 * and registration number on the cases; `find`'s any is the union of its parts. */
function searchIds(db: Db, f: CaseFilter): SearchIds {
  if (f.any && (f.words?.length || f.iin || f.iinPrefix || f.phone)) throw new Error('a search has either its own terms or find\'s');
  const base: CaseFilter = { ...f, words: undefined, any: undefined, limit: undefined, offset: undefined };
  if (f.words?.length) return wordsPart(db, f.words, base);
  const any = f.any ?? {};
  const parts: SearchIds[] = [];
  if (any.words?.length) parts.push(wordsPart(db, any.words, base));
  if (any.regno || any.iinPrefix || any.phone) {
    parts.push(
      filtered(db, base, 'search')
        .where((eb) => {
          const own = [];
          if (any.regno) own.push(eb('regno', '=', any.regno));
          if (any.iinPrefix) own.push(startsWith(eb, 'iin', any.iinPrefix));
          if (any.phone) own.push(startsWith(eb, 'phone_key', any.phone));
          return eb.or(own);
        })
        .select(['cases.id', sql<string | null>`cases.registered_at`.as('registered_at')]) as unknown as SearchIds,
    );
  }
  if (!parts.length) return filtered(db, base, 'search').where(sql.lit(0), '=', 1).select(['cases.id', sql<string | null>`cases.registered_at`.as('registered_at')]) as unknown as SearchIds;
  return parts.reduce((a, b) => a.unionAll(b));
}

/** A name search's page, newest first: its ids and times from searchIds, each case once. */
function searchPage(db: Db, f: CaseFilter) {
  let q = db
    .selectFrom(searchIds(db, f).as('m'))
    .select('m.id as id')
    .groupBy('m.id')
    .orderBy(sql`max(m.registered_at)`, 'desc')
    .orderBy('m.id', 'desc');
  if (f.limit !== undefined) q = q.limit(f.limit).offset(f.offset ?? 0);
  return q;
}

const isNameSearch = (f: CaseFilter) => Boolean(f.words?.length || f.any);

function casesQuery(db: Db, f: CaseFilter) {
  const q = filtered(db, f);
  let ordered =
    f.order === 'deadline'
      ? q.orderBy('deadline_at').orderBy('id')
      : f.order === 'registered'
        ? q.orderBy('registered_at').orderBy('id')
        : q.orderBy('registered_at', 'desc').orderBy('id', 'desc');
  if (f.limit !== undefined) ordered = ordered.limit(f.limit).offset(f.offset ?? 0);
  return ordered;
}

/** The page a filter asks for (limit, offset): the ids first, from the driving index alone where
 * it holds the columns the filter and the order need, then only the page's rows. */
function pageIdsQuery(db: Db, f: CaseFilter) {
  if (isNameSearch(f) && (f.order ?? 'newest') === 'newest') return searchPage(db, f);
  return casesQuery(db, f).select('id');
}

/** The cases of a listing with only the columns asked for, in the listing's order: a page (the
 * filter's limit and offset) or, without a limit, every case. */
export async function listCases<K extends CaseColumn>(db: Db, f: CaseFilter, columns: readonly K[]): Promise<Pick<CaseRow, K>[]> {
  if (f.limit === undefined) return (await casesQuery(db, f).select(columns as readonly K[] as never).execute()) as unknown as Pick<CaseRow, K>[];
  const ids = (await pageIdsQuery(db, f).execute()).map((r) => r.id);
  if (!ids.length) return [];
  const rows = (await db
    .selectFrom('cases')
    .select([...columns, 'id'] as never)
    .where('id', 'in', ids)
    .execute()) as unknown as (Pick<CaseRow, K> & { id: number })[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id)!;
    if (!(columns as readonly string[]).includes('id')) delete (row as Partial<CaseRow>).id;
    return row;
  });
}

/** Every case of a listing, a batch of rows at a time as the engine reads them (flat memory,
 * however many there are), with the columns asked for. Nothing else may use the database until
 * it is done. */
export async function* iterateCases<K extends CaseColumn>(db: Db, f: CaseFilter, columns: readonly K[]): AsyncGenerator<Pick<CaseRow, K>[]> {
  const query = casesQuery(db, { ...f, limit: undefined, offset: undefined }).select(columns as readonly K[] as never).compile();
  for await (const batch of rowBatches(db, query)) {
    yield batch.map((values) => {
      const row = {} as Record<string, unknown>;
      for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
      return row as Pick<CaseRow, K>;
    });
  }
}

/** A filter that only names the scope, an office and a state: its count is kept in case_counts. */
function countedByState(f: CaseFilter): boolean {
  return !isSearch(f) && !f.executor && !f.overdueAt && !f.registeredFrom && !f.registeredTo;
}

function countQuery(db: Db, f: CaseFilter) {
  if (countedByState(f)) {
    let q = db.selectFrom('case_counts').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('n'), eb.val(0)).as('n'));
    if (f.scope?.akimat !== undefined) q = q.where('akimat', '=', f.scope.akimat);
    else if (f.scope?.office !== undefined) q = q.where('office', '=', f.scope.office);
    if (f.office !== undefined) q = q.where('office', '=', f.office);
    if (f.state) q = q.where('state', '=', f.state);
    return q;
  }
  if (isNameSearch(f)) return db.selectFrom(searchIds(db, f).as('m')).select((eb) => eb.fn.count<number>('m.id').distinct().as('n'));
  return filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n'));
}

/** How many cases the filter matches, in one query (paging says "N in all"): the kept counts by
 * office, akimat and state when the filter names no more, else a count on the driving index. */
export async function countCases(db: Db, f: CaseFilter): Promise<number> {
  const r = await countQuery(db, f).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The first open case (neither issued nor withdrawn) of each of these ИИН, anywhere in the
 * database, leaving one case out (a correction's own); a bulk import asks for a batch at a time.
 * Through the index on (iin, state). On PostgreSQL a member's row-level security hides other
 * offices' cases, so the oblast-wide look goes through gasp_open_cases (migration 010), which
 * sees every office but tells only the number, the office and the state: nothing personal. */
export async function openCasesOfIins(
  db: Db,
  iins: string[],
  exceptId?: number,
): Promise<Map<string, { regno: string; office: number; state: string }>> {
  const found = new Map<string, { regno: string; office: number; state: string }>();
  const unique = [...new Set(iins)];
  const postgres = engineOf(db) === 'postgres';
  for (let i = 0; i < unique.length; i += 500) {
    const batch = unique.slice(i, i + 500);
    let rows: { iin: string; regno: string; office: number; state: string }[];
    if (postgres) {
      rows = (await sql<{ iin: string; regno: string; office: number; state: string }>`
        select iin, regno, office, state from gasp_open_cases(${batch}::text[], ${[...CLOSED_STATES]}::text[], ${exceptId ?? null}::integer)`.execute(db)).rows;
    } else {
      let q = db.selectFrom('cases').select(['iin', 'regno', 'office', 'state']).where('iin', 'in', batch).where('state', 'not in', CLOSED_STATES);
      if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
      rows = await q.orderBy('registered_at').execute();
    }
    for (const r of rows) if (!found.has(r.iin)) found.set(r.iin, { regno: r.regno, office: r.office, state: r.state });
  }
  return found;
}

/** Cases of an ИИН granted (signed with a grant) within [from, to), but one, in every office
 * (on PostgreSQL through gasp_grants_of_iin: the number, office, state and signing time only). */
export async function grantsOfIin(db: Db, iin: string, from: string, to: string, exceptId?: number): Promise<{ regno: string; office: number; state: string; signed_at: string | null }[]> {
  if (engineOf(db) === 'postgres') {
    return (await sql<{ regno: string; office: number; state: string; signed_at: string | null }>`
      select regno, office, state, signed_at from gasp_grants_of_iin(${iin}, ${[...DECIDED_STATES]}::text[], ${from}, ${to}, ${exceptId ?? null}::integer)`.execute(db)).rows;
  }
  let q = db
    .selectFrom('cases')
    .select(['regno', 'office', 'state', 'signed_at'])
    .where('iin', '=', iin)
    .where('decision', '=', 'grant')
    .where('state', 'in', DECIDED_STATES)
    .where('signed_at', '>=', from)
    .where('signed_at', '<', to);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return q.orderBy('signed_at').execute();
}

/** The cases an executor still has to finish: assigned to them and neither issued nor withdrawn. */
export async function openCasesOfExecutor(db: Db, login: string): Promise<CaseRow[]> {
  return db
    .selectFrom('cases')
    .selectAll()
    .where('executor', '=', login)
    .where('state', 'not in', CLOSED_STATES)
    .orderBy('id')
    .execute();
}

/** Full names of staff members by login (logins that are not staff are left out). */
export async function staffNames(db: Db, logins: string[]): Promise<Record<string, string>> {
  const unique = [...new Set(logins.filter(Boolean))];
  if (!unique.length) return {};
  const rows = await db.selectFrom('staff').select(['login', 'name']).where('login', 'in', unique).execute();
  return Object.fromEntries(rows.map((r) => [r.login, r.name]));
}

/** Every staff member's full name by login: read once before a listing streams its cases (staff
 * are a few hundred, however many cases there are). */
export async function allStaffNames(db: Db): Promise<Record<string, string>> {
  const rows = await db.selectFrom('staff').select(['login', 'name']).execute();
  return Object.fromEntries(rows.map((r) => [r.login, r.name]));
}

/** The query plan of a listing's page (the query that walks the cases), for the tests that keep
 * listings on their indexes. */
export async function explainCases(db: Db, f: CaseFilter): Promise<string[]> {
  return explainQuery(db, pageIdsQuery(db, f));
}

/** The query plan of a listing's count. */
export async function explainCount(db: Db, f: CaseFilter): Promise<string[]> {
  return explainQuery(db, countQuery(db, f));
}

/** The query plans of `gasp case REGNO`: the case by its number, then its history. */
export async function explainCase(db: Db, regno: string): Promise<string[][]> {
  return [await explainQuery(db, caseByRegno(db, regno)), await explainQuery(db, eventsQuery(db, 0))];
}

async function explainQuery(db: Db, query: Compilable): Promise<string[]> {
  const compiled = query.compile();
  const r = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
  return r.rows.map((row) => row.detail);
}

/** The values of these columns of a case, in their order. */
export type CaseValues<C extends readonly (keyof CaseRow)[]> = { -readonly [I in keyof C]: C[I] extends keyof CaseRow ? CaseRow[C[I]] : never };

/** The rows of a listing as arrays of the columns asked for, in their order, a batch at a time
 * (exports of a year: flat memory, no object per row). */
export function caseRows<const C extends readonly (keyof CaseRow & string)[]>(db: Db, f: CaseFilter, columns: C): AsyncIterable<CaseValues<C>[]> {
  return rowBatches(db, casesQuery(db, f).select(columns as never).compile()) as AsyncIterable<CaseValues<C>[]>;
}

export async function counters(db: Db): Promise<{ office: number; year: number; last: number }[]> {
  return db.selectFrom('regno_counters').selectAll().execute();
}

export async function setCounter(tx: Db, office: number, year: number, last: number): Promise<void> {
  await tx
    .insertInto('regno_counters')
    .values({ office, year, last })
    .onConflict((oc) => oc.columns(['office', 'year']).doUpdateSet({ last }))
    .execute();
}

export async function existingImportKeys(db: Db, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.selectFrom('cases').select('import_key').where('import_key', 'in', keys.slice(i, i + 500)).execute();
    for (const r of rows) if (r.import_key) found.add(r.import_key);
  }
  return found;
}

/** The columns of a new case in the order the import's statement binds them (every column of
 * NewCase: the check below fails to compile when one is added and not listed). */
const CASE_COLUMNS = [
  'regno', 'office', 'year', 'seq', 'akimat', 'intake', 'received_at', 'registered_at', 'forwarded_at', 'clerk',
  'iin', 'name', 'name_key', 'birth_date', 'sex', 'address', 'phone', 'docs', 'missing_docs', 'state',
  'resolution', 'executor', 'decision', 'reason', 'reason_text', 'signed_by', 'signed_at', 'issue_channel', 'issued_at', 'deadline_at',
  'deadlines', 'updated_at', 'import_key', 'paper_no', 'doc_lang', 'phone_key',
] as const satisfies readonly (keyof NewCase)[];
type Unlisted = Exclude<keyof NewCase, (typeof CASE_COLUMNS)[number] | (typeof STEP3_COLUMNS)[number]>;
/** The step times, computed from the history the case comes with (case_steps). */
const STEP_MS = Object.values(STEP_COLUMNS);
const allListed: [Unlisted] extends [never] ? true : Unlisted = true;
void allListed;

export interface ImportedCase {
  row: NewCase;
  /** Its history, oldest first. */
  events: { step: string; actor: string; at: string; details: Record<string, unknown> }[];
}

/** Writes cases brought from paper registers, each with its history (hashed onto its office's
 * chain) and its search words, through statements prepared once; call in a write transaction.
 * The engine's own bulk path goes here (PostgreSQL: COPY). */
export async function insertImported(tx: Db, items: Iterable<ImportedCase>): Promise<void> {
  if (engineOf(tx) === 'postgres') return insertImportedInBatches(tx, items);
  const insertCase = prepare(tx, `insert into cases (${CASE_COLUMNS.join(', ')}) values (${CASE_COLUMNS.map(() => '?').join(', ')})`);
  const insertSteps = prepare(tx, `insert into case_steps (office, registered_at, case_id, ${STEP_MS.join(', ')}) values (?, ?, ?, ${STEP_MS.map(() => '?').join(', ')})`);
  // The words carry their case's scope and time (008_scale): given here, not left to the trigger.
  const insertWord = prepare(tx, 'insert into case_words (word, case_id, registered_at, office, akimat) values (?, ?, ?, ?, ?) on conflict do nothing');
  const insertRepeat = prepare(tx, 'insert into step_repeats (office, step, registered_at, event_id, ms) values (?, ?, ?, ?, ?)');
  const events = eventAppender(tx);
  const params: unknown[] = new Array(CASE_COLUMNS.length);
  for (const { row, events: history } of items) {
    for (let i = 0; i < CASE_COLUMNS.length; i++) params[i] = row[CASE_COLUMNS[i]!];
    const id = await insertCase.insert(params);
    const times = stepTimesOf(row, history);
    if (history.length) await insertSteps.run([row.office, row.registered_at, id, ...STEP_MS.map((c) => times.columns[c] ?? null)]);
    const ids: number[] = [];
    for (const e of history) ids.push(await events.append({ case_id: id, office: row.office, step: e.step, actor: e.actor, at: e.at, details: e.details }));
    for (const r of times.repeats) await insertRepeat.run([row.office, r.step, row.registered_at, ids[r.index], r.ms]);
    for (const word of nameWords(row.name)) await insertWord.run([word, id, row.registered_at, row.office, row.akimat]);
  }
  await events.finish();
}

/** Cases a statement on PostgreSQL, where every statement is a round trip to the server. */
const PG_BATCH = 1000;

/** insertImported on PostgreSQL: the same rows, a batch of cases at a time, one statement per
 * table (the rows as one JSON parameter, json_populate_recordset) with ids taken beforehand from
 * the tables' sequences, in order, so that the history's ids follow each office's chain. */
async function insertImportedInBatches(tx: Db, items: Iterable<ImportedCase>): Promise<void> {
  const ids = (table: string) => prepare(tx, `select nextval(pg_get_serial_sequence('${table}', 'id')) from generate_series(1, ?::int)`);
  const caseIds = ids('cases');
  const eventIds = ids('events');
  const insert = (table: string, columns: readonly string[], tail = '') =>
    prepare(tx, `insert into ${table} (${columns.join(', ')}) select ${columns.join(', ')} from json_populate_recordset(null::${table}, ?::json)${tail}`);
  const insertCases = insert('cases', ['id', ...CASE_COLUMNS]);
  const insertSteps = insert('case_steps', ['office', 'registered_at', 'case_id', ...STEP_MS]);
  const EVENT_COLUMNS = ['id', 'case_id', 'office', 'step', 'actor', 'at', 'details', 'prev_hash', 'hash'];
  const insertEvents = insert('events', EVENT_COLUMNS);
  const insertRepeats = insert('step_repeats', ['office', 'step', 'registered_at', 'event_id', 'ms']);
  const insertWords = insert('case_words', ['word', 'case_id', 'registered_at', 'office', 'akimat'], ' on conflict do nothing');
  const readHead = prepare(tx, 'select event_id, hash from chain_heads where office = ?');
  const heads = new Map<number, { id: number; hash: string }>();
  const taken = async (p: Prepared, n: number) => (n ? (await p.all<[number]>([n])).map((r) => Number(r[0])).sort((a, b) => a - b) : []);
  let batch: ImportedCase[] = [];
  const flush = async () => {
    const cids = await taken(caseIds, batch.length);
    const eids = await taken(eventIds, batch.reduce((n, c) => n + c.events.length, 0));
    const cases: Record<string, unknown>[] = [];
    const steps: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    const repeats: Record<string, unknown>[] = [];
    const words: Record<string, unknown>[] = [];
    let k = 0;
    for (const [i, { row, events: history }] of batch.entries()) {
      const id = cids[i]!;
      const c: Record<string, unknown> = { id };
      for (const col of CASE_COLUMNS) c[col] = row[col];
      cases.push(c);
      const times = stepTimesOf(row, history);
      if (history.length) {
        const s: Record<string, unknown> = { office: row.office, registered_at: row.registered_at, case_id: id };
        for (const col of STEP_MS) s[col] = times.columns[col] ?? null;
        steps.push(s);
      }
      const hist: number[] = [];
      for (const e of history) {
        let head = heads.get(row.office);
        if (!head) {
          const r = await readHead.first<[number, string]>([row.office]);
          head = { id: r ? Number(r[0]) : 0, hash: r?.[1] ?? GENESIS };
          heads.set(row.office, head);
        }
        const ev = { id: eids[k++]!, case_id: id, office: row.office, step: e.step, actor: e.actor, at: e.at, details: JSON.stringify(e.details) };
        const hash = eventHash(head.hash, ev);
        events.push({ ...ev, prev_hash: head.hash, hash });
        head.id = ev.id;
        head.hash = hash;
        hist.push(ev.id);
      }
      for (const r of times.repeats) repeats.push({ office: row.office, step: r.step, registered_at: row.registered_at, event_id: hist[r.index], ms: r.ms });
      for (const word of nameWords(row.name)) words.push({ word, case_id: id, registered_at: row.registered_at, office: row.office, akimat: row.akimat });
    }
    // Cases first: the other tables refer to them.
    for (const [p, rows] of [[insertCases, cases], [insertSteps, steps], [insertEvents, events], [insertRepeats, repeats], [insertWords, words]] as const) {
      if (rows.length) await p.run([JSON.stringify(rows)]);
    }
    batch = [];
  };
  for (const item of items) {
    batch.push(item);
    if (batch.length >= PG_BATCH) await flush();
  }
  if (batch.length) await flush();
  const move = prepare(tx, 'insert into chain_heads (office, event_id, hash) values (?, ?, ?) on conflict (office) do update set event_id = excluded.event_id, hash = excluded.hash');
  for (const [office, h] of heads) if (h.id) await move.run([office, h.id, h.hash]);
}

export async function listCalendarDays(db: Db): Promise<CalendarDayTable[]> {
  return db.selectFrom('calendar_days').selectAll().orderBy('date').execute();
}

export async function upsertCalendarDay(tx: Db, row: CalendarDayTable): Promise<void> {
  await tx
    .insertInto('calendar_days')
    .values(row)
    .onConflict((oc) => oc.column('date').doUpdateSet({ kind: row.kind, note: row.note, set_by: row.set_by, set_at: row.set_at }))
    .execute();
}

