// What gasp check reads, computed in the database where a query can (numbers, references, the
// guards), and the history read once, in order, as arrays (its hashes are verified above). The
// engine's own checks (SQLite's pragmas; nothing on PostgreSQL) are in engine.ts.
import { sql } from 'kysely';
import type { Db } from './db.js';
import { ddlOf } from './engine.js';
import { allRows, eachInteger, prepare, rowBatches } from './raw.js';

const q = (text: string, parameters: readonly unknown[] = []) => ({ sql: text, parameters });

/** The engine's own check of the database: quick (the pages and records) or full (indexes
 * against their tables and uniqueness too). What is found before damage stops it is kept. */
export function engineProblems(db: Db, full: boolean): Promise<string[]> {
  return ddlOf(db).integrity(db, full);
}

export interface ReferenceProblem {
  table: string;
  rowid: number | null;
  parent: string;
}

/** Rows whose parent is missing, table by table in the order SQLite's own check takes them. The
 * history's are found by whoever reads it (row by row here they would cost a lookup each), the
 * words' from their distinct cases; the other tables are small or few. */
export async function referenceProblems(db: Db, history: ReferenceProblem[]): Promise<ReferenceProblem[]> {
  const found: ReferenceProblem[] = [];
  const d = ddlOf(db);
  for (const table of await d.tables(db)) {
    if (table === 'events') found.push(...history);
    else if (table === 'case_words') found.push(...(await orphanWords(db)));
    else found.push(...(await d.missingParents(db, table)));
  }
  return found;
}

/** The parents of a table's references, in the order SQLite's check reports them for each row. */
export function referenceOrder(db: Db, table: string): Promise<{ from: string; parent: string }[]> {
  return ddlOf(db).referencesOf(db, table);
}

/** Rows of case_words whose case is missing (each distinct case looked up once). */
async function orphanWords(db: Db): Promise<ReferenceProblem[]> {
  return (await allRows<[number]>(
    db,
    q(`select w.case_id from case_words w where w.case_id in (
         select d.case_id from (select distinct case_id from case_words) d where not exists (select 1 from cases c where c.id = d.case_id))
       order by ${ddlOf(db).byCodePoint('w.word')}, w.case_id`),
  )).map(() => ({ table: 'case_words', rowid: null, parent: 'cases' }));
}

/** The distinct values of a column of cases that its directory table lacks: the values are walked
 * on the column's index (a seek each), not read from every case. */
async function missingValues<T extends number | string>(db: Db, column: 'office' | 'akimat', parent: 'offices' | 'akimats', key: 'no' | 'code'): Promise<T[]> {
  return (await allRows<[T]>(
    db,
    q(`with recursive v(x) as (
         select min(${column}) from cases
         union all
         select (select min(${column}) from cases where ${column} > v.x) from v where v.x is not null
       ) select x from v where x is not null and not exists (select 1 from ${parent} p where p.${key} = v.x)`),
  )).map((r) => r[0]);
}

/** Cases whose office or akimat is not in the directory: the distinct values are walked on their
 * indexes (a seek each), and only the cases of a missing one are read. */
export async function orphanReferences(db: Db): Promise<{ regno: string; office: number; akimat: string | null; office_ok: number; akimat_ok: number }[]> {
  const offices = await missingValues<number>(db, 'office', 'offices', 'no');
  const akimats = await missingValues<string>(db, 'akimat', 'akimats', 'code');
  if (!offices.length && !akimats.length) return [];
  const rows = sql<{ regno: string; office: number; akimat: string | null; office_ok: number; akimat_ok: number }>`
    select c.regno, c.office, c.akimat,
      case when o.no is null then 0 else 1 end as office_ok,
      case when c.akimat is null or a.code is not null then 1 else 0 end as akimat_ok
    from cases c left join offices o on o.no = c.office left join akimats a on a.code = c.akimat
    where c.office in (${sql.join(offices.length ? offices : [null])}) or c.akimat in (${sql.join(akimats.length ? akimats : [null])})
    order by c.id`.compile(db);
  return (await allRows<[string, number, string | null, number, number]>(db, rows)).map(([regno, office, akimat, office_ok, akimat_ok]) => ({ regno, office, akimat, office_ok, akimat_ok }));
}

/** The append-only guards on the history that are missing: the triggers that refuse UPDATE and
 * DELETE (and TRUNCATE, on PostgreSQL). */
export async function missingHistoryGuards(db: Db): Promise<string[]> {
  const present = new Set(await ddlOf(db).refusingTriggers(db, 'events'));
  return ddlOf(db).historyGuards.filter((g) => !present.has(g));
}

/** Cases whose number may not be made of its parts as gasp writes it (the caller decides): the
 * printf form differs, or a part is not a whole number ≥ 0. In office, year, number order. */
export async function regnoCandidates(db: Db): Promise<{ regno: string; office: number; year: number; seq: number }[]> {
  // One pass over the table (ordered by the numbers' index it would be a lookup per case); the
  // few found are put in order here.
  const d = ddlOf(db);
  return (
    await allRows<[string, number, number, number]>(
      db,
      q(`select regno, office, year, seq from cases
         where regno is distinct from (${d.padded('office', 2)} || '-' || year || '-' || ${d.padded('seq', 5)})
           or not (${d.wholeNumber('office')} and ${d.wholeNumber('year')} and ${d.wholeNumber('seq')}) or office < 0 or year < 0 or seq < 0`),
    )
  )
    .map(([regno, office, year, seq]) => ({ regno, office, year, seq }))
    .sort((a, b) => compareValues(a.office, b.office) || compareValues(a.year, b.year) || compareValues(a.seq, b.seq));
}

/** SQLite's order of values: numbers before text, text by its bytes. */
function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (v === null ? 0 : typeof v === 'number' || typeof v === 'bigint' ? 1 : typeof v === 'string' ? 2 : 3);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface NumberGroup {
  office: number;
  year: number;
  count: number;
  min: number;
  max: number;
  /** Numbers that are not whole numbers, and numbers used twice. */
  odd: number;
}

/** Each office's numbers for a year, summed up on the index of the numbers: a sequence 1..N
 * without gap or repeat has count = max = N and min = 1. */
export async function numberGroups(db: Db): Promise<NumberGroup[]> {
  const repeats = new Map<string, number>();
  for (const [office, year, n] of await allRows<[number, number, number]>(
    db,
    q(`select office, year, count(*) from (select office, year from cases group by office, year, seq having count(*) > 1) r group by office, year`),
  )) {
    repeats.set(`${office}|${year}`, n);
  }
  return (
    await allRows<[number, number, number, number, number, number]>(
      db,
      q(`select office, year, count(*), min(seq), max(seq), count(*) filter (where not ${ddlOf(db).wholeNumber('seq')}) from cases group by office, year order by office, year`),
    )
  ).map(([office, year, count, min, max, odd]) => ({ office, year, count, min, max, odd: odd + (repeats.get(`${office}|${year}`) ?? 0) }));
}

/** An office's numbers for a year, in order (for a sequence that has a gap or a repeat). */
export async function numbersOf(db: Db, office: number, year: number): Promise<number[]> {
  return (await allRows<[number]>(db, q(`select seq from cases where office = ? and year = ? order by seq`, [office, year]))).map((r) => r[0]);
}

/** Every case's id by its state: the ids come as one text per state (read from a covering index
 * that holds the state, grouped in a temporary tree). */
export async function caseIdsByState(db: Db): Promise<{ state: string; eachId(f: (id: number) => unknown): void }[]> {
  return (await allRows<[string, string]>(db, q(`select state, ${ddlOf(db).list('id')} from cases group by state`))).map(([state, ids]) => ({ state, eachId: (f) => eachInteger(ids, f) }));
}

/** These cases' numbers and states, in registration order. */
export async function casesInRegistrationOrder(db: Db, ids: number[]): Promise<{ id: number; regno: string; state: string }[]> {
  const rows: { id: number; regno: string; state: string; registered_at: string }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    for (const [id, regno, state, registered_at] of await allRows<[number, string, string, string]>(
      db,
      q(`select id, regno, state, registered_at from cases where id in (${part.map(() => '?').join(',')})`, part),
    )) {
      rows.push({ id, regno, state, registered_at });
    }
  }
  return rows.sort((a, b) => (a.registered_at < b.registered_at ? -1 : a.registered_at > b.registered_at ? 1 : a.id - b.id));
}

export type StoredEvent = [id: number, case_id: number | null, office: number, step: string, actor: string, at: string, details: string, prev_hash: string, hash: string];

/** The history for the check, in the order it was written, 256 events at a time, each
 * as it is stored: [id, case_id, office, step, actor, at, details, prev_hash, hash]; only events
 * up to `lastId`. */
export async function* historyPages(db: Db, lastId: number): AsyncGenerator<StoredEvent[]> {
  const page = prepare(db, `select id, case_id, office, step, actor, at, details, prev_hash, hash from events where id > ? and id <= ? order by id limit 256`);
  for (let after = 0; ; ) {
    const rows = await page.all<StoredEvent>([after, lastId]);
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]![0];
  }
}

export async function lastEventId(db: Db): Promise<number> {
  return (await allRows<[number | null]>(db, q(`select max(id) from events`)))[0]?.[0] ?? 0;
}

export async function chainHeads(db: Db): Promise<{ office: number; event_id: number; hash: string }[]> {
  return (await allRows<[number, number, string]>(db, q(`select office, event_id, hash from chain_heads order by office`))).map(([office, event_id, hash]) => ({ office, event_id, hash }));
}

export async function regnosOf(db: Db, ids: number[]): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    for (const [id, regno] of await allRows<[number, string]>(db, q(`select id, regno from cases where id in (${part.map(() => '?').join(',')})`, part))) found.set(id, regno);
  }
  return found;
}

export async function staffRoles(db: Db): Promise<Map<string, string>> {
  return new Map(await allRows<[string, string]>(db, q(`select login, role from staff`)));
}

export async function regnoCounters(db: Db): Promise<{ office: number; year: number; last: number }[]> {
  return (await allRows<[number, number, number]>(db, q(`select office, year, last from regno_counters`))).map(([office, year, last]) => ({ office, year, last }));
}

/** The kept counts of cases by office, akimat and state (case_counts, which the listings' totals
 * read) that differ from the cases themselves. */
export async function keptCountProblems(db: Db): Promise<{ office: number; akimat: string; state: string; kept: number; actual: number }[]> {
  return (await allRows<[number, string, string, number, number]>(
    db,
    q(`select coalesce(k.office, c.office), coalesce(k.akimat, c.akimat), coalesce(k.state, c.state), coalesce(k.n, 0), coalesce(c.n, 0)
       from (select office, akimat, state, n from case_counts where n <> 0) k
       full outer join (select office, coalesce(akimat, '') as akimat, state, count(*) as n from cases group by 1, 2, 3) c
         on c.office = k.office and c.akimat = k.akimat and c.state = k.state
       where coalesce(k.n, 0) <> coalesce(c.n, 0)
       order by 1, 2, 3`),
  )).map(([office, akimat, state, kept, actual]) => ({ office, akimat, state, kept, actual }));
}

/** What is kept beside each case, in id order, one case at a time: its number, name and search
 * words (case_words, in order; a seek in the covering index of words by case), its phone and
 * phone key, its receipt and registration, and its row of step times (case_steps, found by the
 * case's own office and registration: a row moved elsewhere is missing here).
 * [id, regno, name, words, phone, phone_key, received_at, registered_at, has steps row,
 *  register_ms, forward_ms, assign_ms, review_ms, draft_ms, sign_ms, issue_ms] */
export type KeptOfCase = [number, string, string, string | null, string | null, string | null, string, string, number, ...(number | null)[]];

export function keptOfCases(db: Db): AsyncIterable<KeptOfCase[]> {
  const d = ddlOf(db);
  return rowBatches(
    db,
    q(`select c.id, c.regno, c.name,
         (select ${d.list('w.word', ' ', d.byCodePoint('w.word'))} from (select word from case_words where case_id = c.id order by word) w),
         c.phone, c.phone_key, c.received_at, c.registered_at, ${d.asInt('s.case_id is not null')},
         s.register_ms, s.forward_ms, s.assign_ms, s.review_ms, s.draft_ms, s.sign_ms, s.issue_ms
       from cases c left join case_steps s on s.office = c.office and s.registered_at = c.registered_at and s.case_id = c.id
       order by c.id`),
  );
}

/** Rows of step times that belong to no case where they stand (another office or registration
 * than the case's, or no such case): counted, and named only when there are any. */
export async function strayStepRows(db: Db, matched: number): Promise<number[]> {
  const [[count] = [0]] = await allRows<[number]>(db, q('select count(*) from case_steps'));
  if (count === matched) return [];
  return (await allRows<[number]>(
    db,
    q(`select s.case_id from case_steps s
       where not exists (select 1 from cases c where c.id = s.case_id and c.office = s.office and c.registered_at = s.registered_at)
       order by s.case_id`),
  )).map((r) => r[0]);
}

/** The kept times of steps done again, in event order, with the case of their event and whether
 * they stand under that case's office and registration. [event_id, step, ms, case_id, in place] */
export function keptRepeats(db: Db): AsyncIterable<[number, string, number, number | null, number][]> {
  return rowBatches(
    db,
    q(`select r.event_id, r.step, r.ms, e.case_id, coalesce(${ddlOf(db).asInt('c.office = r.office and c.registered_at = r.registered_at')}, 0)
       from step_repeats r left join events e on e.id = r.event_id left join cases c on c.id = e.case_id
       order by r.event_id`),
  );
}

/** The cases that have a search word not carrying the case's registration time, office and
 * akimat: the words are read once in their table's order and grouped by case (a seek per word
 * into the cases would be twice as slow), then each case's group is set beside the case. */
export function wordScopeProblems(db: Db): Promise<[id: number, regno: string][]> {
  return allRows<[number, string]>(
    db,
    q(`select w.case_id, c.regno
       from (select case_id + 0 as case_id, count(*) as n,
               count(registered_at) as nr, min(registered_at) as rlo, max(registered_at) as rhi,
               count(office) as nof, min(office) as olo, max(office) as ohi,
               count(akimat) as na, min(akimat) as alo, max(akimat) as ahi
             from case_words group by 1) w
       join cases c on c.id = w.case_id
       where not (w.nr = w.n and w.rlo = c.registered_at and w.rhi = c.registered_at
         and w.nof = w.n and w.olo = c.office and w.ohi = c.office
         and (case when c.akimat is null then w.na = 0 else w.na = w.n and w.alo = c.akimat and w.ahi = c.akimat end))`),
  );
}

/** Cases whose granted amounts (what the notice and the report say) are not those of their last
 * draft in the history (a return clears them): the registration numbers, by the events' index. */
export async function grantAmountProblems(db: Db): Promise<string[]> {
  const d = ddlOf(db);
  const last = `(select e.details from events e where e.case_id = c.id and e.step in ('draft', 'return') order by e.id desc limit 1)`;
  const pairs = [
    ['grant_members', ['members']],
    ['grant_monthly_tiyn', ['amount', 'monthly_tiyn']],
    ['grant_months', ['amount', 'months']],
    ['grant_total_tiyn', ['amount', 'total_tiyn']],
  ] as const;
  const differs = pairs.map(([column, path]) => d.differ(`c.${column}`, d.jsonInteger(last, path))).join(' or ');
  return (await allRows<[string]>(db, q(`select c.regno from cases c where ${differs} order by c.id`))).map((r) => r[0]);
}
