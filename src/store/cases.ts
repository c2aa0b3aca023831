// Cases, their append-only history, registration-number counters and calendar edits.
import { CompiledQuery, type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { CLOSED_STATES } from '../domain/procedure.js';
import { nameWords, prefixEnd } from '../domain/search.js';
import type { Db } from './db.js';
import { eventAppender } from './history.js';
import { iterateRows, prepare } from './raw.js';
import type { DB } from './schema.js';
import type { CaseTable, CalendarDayTable } from './schema.js';

export type CaseRow = Omit<CaseTable, 'id'> & { id: number };
export type NewCase = Omit<CaseTable, 'id'>;
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
  await indexName(tx, r.id, row.name);
  return r.id;
}

/** The search words of a case's name; kept beside the case in the same transaction. */
async function indexName(tx: Db, caseId: number, name: string): Promise<void> {
  const words = nameWords(name);
  if (!words.length) return;
  await tx
    .insertInto('case_words')
    .values(words.map((word) => ({ word, case_id: caseId })))
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

export async function getCaseByRegno(db: Db, regno: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('regno', '=', regno).executeTakeFirst();
}

export async function eventsOf(db: Db, caseId: number): Promise<EventRow[]> {
  return db.selectFrom('events').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
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

function wordMatch(db: Db, word: string) {
  return db.selectFrom('case_words').select('case_id').where('word', '>=', word).where('word', '<', prefixEnd(word));
}

/** Values of a column that start with a prefix: a range, so that the column's index serves. */
function startsWith(eb: ExpressionBuilder<DB, 'cases'>, column: 'iin' | 'phone_key', prefix: string) {
  return eb.and([eb(column, '>=', prefix), eb(column, '<', prefixEnd(prefix))]);
}

/** A column compared without its index (SQLite's unary +): when a search names a person, the
 * search's own index must drive the query, not the office's list of every case it holds. */
const unindexed = (column: 'office' | 'akimat' | 'state') => sql<string | number>`+${sql.ref(column)}`;

function filtered(db: Db, f: CaseFilter): CasesQb {
  let q: CasesQb = db.selectFrom('cases');
  const search = Boolean(f.iin || f.iinPrefix || f.phone || f.words?.length || f.any);
  if (f.scope?.akimat !== undefined) q = q.where(search ? unindexed('akimat') : sql.ref('akimat'), '=', f.scope.akimat);
  else if (f.scope?.office !== undefined) q = q.where(search ? unindexed('office') : sql.ref('office'), '=', f.scope.office);
  if (f.state) q = q.where(search ? unindexed('state') : sql.ref('state'), '=', f.state);
  if (f.office !== undefined) q = q.where(search ? unindexed('office') : sql.ref('office'), '=', f.office);
  if (f.executor) q = q.where('executor', '=', f.executor);
  if (f.overdueAt) q = q.where('deadline_at', 'is not', null).where('deadline_at', '<', f.overdueAt);
  if (f.registeredFrom) q = q.where('registered_at', '>=', f.registeredFrom);
  if (f.registeredTo) q = q.where('registered_at', '<', f.registeredTo);
  if (f.iin) q = q.where('iin', '=', f.iin);
  const { iinPrefix, phone } = f;
  if (iinPrefix) q = q.where((eb) => startsWith(eb, 'iin', iinPrefix));
  if (phone) q = q.where((eb) => startsWith(eb, 'phone_key', phone));
  for (const w of f.words ?? []) q = q.where('id', 'in', wordMatch(db, w));
  const any = f.any;
  if (any) {
    q = q.where((eb) => {
      const parts = [];
      if (any.regno) parts.push(eb('regno', '=', any.regno));
      if (any.iinPrefix) parts.push(startsWith(eb, 'iin', any.iinPrefix));
      if (any.phone) parts.push(startsWith(eb, 'phone_key', any.phone));
      if (any.words?.length) parts.push(eb.and(any.words.map((w) => eb('id', 'in', wordMatch(db, w)))));
      return parts.length ? eb.or(parts) : eb.val(0).$castTo<boolean>();
    });
  }
  return q;
}

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

export async function listCases(db: Db, f: CaseFilter): Promise<CaseRow[]> {
  return casesQuery(db, f).selectAll().execute();
}

/** How many cases the filter matches, in one query (paging says "N in all"). */
export async function countCases(db: Db, f: CaseFilter): Promise<number> {
  const r = await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The first open case (neither issued nor withdrawn) of each of these ИИН, anywhere in the
 * database, leaving one case out (a correction's own); a bulk import asks for a batch at a time. */
export async function openCasesOfIins(
  db: Db,
  iins: string[],
  exceptId?: number,
): Promise<Map<string, { regno: string; office: number; state: string }>> {
  const found = new Map<string, { regno: string; office: number; state: string }>();
  const unique = [...new Set(iins)];
  for (let i = 0; i < unique.length; i += 500) {
    let q = db
      .selectFrom('cases')
      .select(['iin', 'regno', 'office', 'state'])
      .where('iin', 'in', unique.slice(i, i + 500))
      .where('state', 'not in', CLOSED_STATES);
    if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
    for (const r of await q.orderBy('registered_at').execute()) if (!found.has(r.iin)) found.set(r.iin, { regno: r.regno, office: r.office, state: r.state });
  }
  return found;
}

/** Cases of an ИИН granted (signed with a grant) within [from, to), but one. */
export async function grantsOfIin(db: Db, iin: string, from: string, to: string, exceptId?: number) {
  let q = db
    .selectFrom('cases')
    .select(['regno', 'office', 'state', 'signed_at'])
    .where('iin', '=', iin)
    .where('decision', '=', 'grant')
    .where('state', 'in', ['signed', 'issued'])
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

/** The query plan of a listing, for the tests that keep listings on their indexes. */
export async function explainCases(db: Db, f: CaseFilter): Promise<string[]> {
  const compiled = casesQuery(db, f).selectAll().compile();
  const r = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
  return r.rows.map((row) => row.detail);
}

/** Cases one at a time from the database, for exports that must not hold a year in memory;
 * only the columns asked for are read. */
export function streamCases<K extends keyof CaseRow & string>(db: Db, f: CaseFilter, columns: readonly K[]): AsyncIterableIterator<Pick<CaseRow, K>> {
  return casesQuery(db, f).select(columns as readonly K[] as never).stream(500) as AsyncIterableIterator<Pick<CaseRow, K>>;
}

/** The values of these columns of a case, in their order. */
export type CaseValues<C extends readonly (keyof CaseRow)[]> = { -readonly [I in keyof C]: C[I] extends keyof CaseRow ? CaseRow[C[I]] : never };

/** The rows of a listing as arrays of the columns asked for, in their order, one at a time
 * (exports of a year: flat memory, no object per row). */
export function caseRows<const C extends readonly (keyof CaseRow & string)[]>(db: Db, f: CaseFilter, columns: C): IterableIterator<CaseValues<C>> {
  return iterateRows(db, casesQuery(db, f).select(columns as never).compile());
}

/** The history of every case, case by case (staff and settings events are not a case's). */
export function streamEvents(db: Db): AsyncIterableIterator<EventRow & { case_id: number }> {
  return db.selectFrom('events').selectAll().where('case_id', 'is not', null).orderBy('case_id').orderBy('id').stream(1000) as AsyncIterableIterator<EventRow & { case_id: number }>;
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
type Unlisted = Exclude<keyof NewCase, (typeof CASE_COLUMNS)[number]>;
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
  const insertCase = prepare(tx, `insert into cases (${CASE_COLUMNS.join(', ')}) values (${CASE_COLUMNS.map(() => '?').join(', ')})`);
  const insertWord = prepare(tx, 'insert into case_words (word, case_id) values (?, ?) on conflict do nothing');
  const events = eventAppender(tx);
  const params: unknown[] = new Array(CASE_COLUMNS.length);
  for (const { row, events: history } of items) {
    for (let i = 0; i < CASE_COLUMNS.length; i++) params[i] = row[CASE_COLUMNS[i]!];
    const id = insertCase.run(params);
    for (const e of history) events.append({ case_id: id, office: row.office, step: e.step, actor: e.actor, at: e.at, details: e.details });
    for (const word of nameWords(row.name)) insertWord.run([word, id]);
  }
  events.finish();
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

