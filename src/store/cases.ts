// Cases, their append-only history, registration-number counters and calendar edits.
import type { Db } from './db.js';
import type { CaseTable, CalendarDayTable } from './schema.js';

export type CaseRow = Omit<CaseTable, 'id'> & { id: number };
export type NewCase = Omit<CaseTable, 'id'>;
export type CasePatch = Partial<Omit<CaseTable, 'id' | 'regno' | 'office' | 'year' | 'seq'>>;

export interface EventRow {
  id: number;
  case_id: number;
  step: string;
  actor: string;
  at: string;
  details: string;
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
  return r.id;
}

export async function updateCase(tx: Db, id: number, patch: CasePatch): Promise<void> {
  await tx.updateTable('cases').set(patch).where('id', '=', id).execute();
}

export async function appendEvent(
  tx: Db,
  e: { case_id: number; step: string; actor: string; at: string; details: Record<string, unknown> },
): Promise<void> {
  await tx.insertInto('events').values({ ...e, details: JSON.stringify(e.details) }).execute();
}

export async function getCaseByRegno(db: Db, regno: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('regno', '=', regno).executeTakeFirst();
}

export async function eventsOf(db: Db, caseId: number): Promise<EventRow[]> {
  return db.selectFrom('events').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

export interface CaseFilter {
  state?: string;
  office?: number;
  executor?: string;
  overdueAt?: string; // ISO UTC: only cases whose current deadline is before this
  registeredFrom?: string; // ISO UTC, inclusive
  registeredTo?: string; // ISO UTC, exclusive
  order?: 'newest' | 'deadline' | 'registered';
}

function casesQuery(db: Db, f: CaseFilter) {
  let q = db.selectFrom('cases');
  if (f.state) q = q.where('state', '=', f.state);
  if (f.office !== undefined) q = q.where('office', '=', f.office);
  if (f.executor) q = q.where('executor', '=', f.executor);
  if (f.overdueAt) q = q.where('deadline_at', 'is not', null).where('deadline_at', '<', f.overdueAt);
  if (f.registeredFrom) q = q.where('registered_at', '>=', f.registeredFrom);
  if (f.registeredTo) q = q.where('registered_at', '<', f.registeredTo);
  if (f.order === 'deadline') return q.orderBy('deadline_at').orderBy('id');
  if (f.order === 'registered') return q.orderBy('registered_at').orderBy('id');
  return q.orderBy('registered_at', 'desc').orderBy('id', 'desc');
}

export async function listCases(db: Db, f: CaseFilter): Promise<CaseRow[]> {
  return casesQuery(db, f).selectAll().execute();
}

/** Cases one at a time from the database, for exports that must not hold a year in memory;
 * only the columns asked for are read. */
export function streamCases<K extends keyof CaseRow & string>(db: Db, f: CaseFilter, columns: readonly K[]): AsyncIterableIterator<Pick<CaseRow, K>> {
  return casesQuery(db, f).select(columns as readonly K[] as never).stream(500) as AsyncIterableIterator<Pick<CaseRow, K>>;
}

export function streamEvents(db: Db): AsyncIterableIterator<EventRow> {
  return db.selectFrom('events').selectAll().orderBy('case_id').orderBy('id').stream(1000);
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

/** Inserts cases brought from paper registers, each with its history (oldest event first), in
 * batches; call in a transaction. */
export async function insertCasesWithHistory(
  tx: Db,
  items: { row: NewCase; events: { step: string; actor: string; at: string; details: Record<string, unknown> }[] }[],
): Promise<void> {
  const BATCH = 200;
  for (let i = 0; i < items.length; i += BATCH) {
    const chunk = items.slice(i, i + BATCH);
    const ids = await tx.insertInto('cases').values(chunk.map((c) => c.row)).returning(['id', 'regno']).execute();
    const idOf = new Map(ids.map((r) => [r.regno, r.id]));
    const events = chunk.flatMap((c) => c.events.map((e) => ({ ...e, case_id: idOf.get(c.row.regno)!, details: JSON.stringify(e.details) })));
    for (let j = 0; j < events.length; j += BATCH) await tx.insertInto('events').values(events.slice(j, j + BATCH)).execute();
  }
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

