// The report's figures, aggregated in the database: per office, the counts of the cases registered
// in a period (from the index cases_report alone) and the times their steps took (case_steps,
// and step_repeats for steps done again, kept by every append); the events are never read.
import { sql } from 'kysely';
import { CLOSED_STATES, DECIDED_STATES } from '../domain/procedure.js';
import type { Db } from './db.js';
import { ddlOf } from './engine.js';
import { allRows, eachInteger, prepare } from './raw.js';

export interface ReportPeriod {
  /** One office (a head's, or --office); every office that has cases when absent. */
  office?: number;
  registeredFrom?: string; // ISO UTC, inclusive
  registeredTo?: string; // ISO UTC, exclusive
}

export interface OfficeFigures {
  received: number;
  in_work: number;
  granted: number;
  refused: number;
  withdrawn: number;
  overdue: number;
  /** Of the granted: the families' members, and the amount assigned (tiyn), where a grant was
   * drafted from a determination (a paper grant adds to neither). */
  granted_members: number;
  granted_tiyn: number;
  /** How long each step took in each case (ms, repeats included), in no particular order. */
  stepTimes: Record<string, Float64Array>;
}

const FIRST = '';
const LAST = '\uffff';

/** The offices that have cases, in order: one index seek per office, however many cases each has. */
export async function officesWithCases(db: Db, only?: number): Promise<number[]> {
  if (only !== undefined) return [only];
  const rows = await allRows<[number]>(
    db,
    sql`with recursive o(no) as (
          select min(office) from cases
          union all
          select (select min(office) from cases where office > o.no) from o where o.no is not null
        ) select no from o where no is not null`.compile(db),
  );
  return rows.map((r) => r[0]);
}

/** The month starts strictly inside (lo, hi), as ISO UTC instants: the pieces an office's cases
 * are read in, so that no text the database hands over is large (large strings outlive the
 * young generation and the memory of a whole office's times would be held at once). */
function monthStarts(lo: string, hi: string): string[] {
  const starts: string[] = [];
  const first = /^(\d{4})-(\d{2})/.exec(lo);
  if (!first) return starts;
  let year = Number(first[1]);
  let month = Number(first[2]);
  for (;;) {
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
    const start = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01T00:00:00.000Z`;
    if (start >= hi || year > 9999) return starts;
    if (start > lo) starts.push(start);
  }
}

/** The figures of an office's cases registered in the period (null: none), a month at a time,
 * and the steps done again. `now` decides what is overdue. */
export async function officeFigures(db: Db, office: number, steps: readonly string[], p: ReportPeriod, nowIso: string): Promise<OfficeFigures | null> {
  const from = p.registeredFrom ?? FIRST;
  const to = p.registeredTo ?? LAST;
  const [[lo] = [null]] = await allRows<[string | null]>(db, sql`select min(registered_at) from cases where office = ${office} and registered_at >= ${from}`.compile(db));
  const [[hi] = [null]] = await allRows<[string | null]>(db, sql`select max(registered_at) from cases where office = ${office} and registered_at < ${to}`.compile(db));
  if (lo === null || hi === null) return null;
  const bounds = [from, ...monthStarts(lo, hi), to];
  // One statement a piece: its counts (the cases_report index) beside its step times
  // (case_steps), so that a piece costs one round trip to a server, not two. The pieces differ
  // only in their bounds, which are found among the parameters by two stand-ins.
  const [LO, HI] = ['\u0000lo', '\u0000hi'];
  const list = (column: string) => sql.raw(ddlOf(db).list(`"${column}"`));
  const piece = sql`select * from (select count(*),
        count(*) filter (where state not in (${sql.join(CLOSED_STATES)})),
        count(*) filter (where state in (${sql.join(DECIDED_STATES)}) and decision = 'grant'),
        count(*) filter (where state in (${sql.join(DECIDED_STATES)}) and decision = 'refuse'),
        count(*) filter (where state = 'withdrawn'),
        count(*) filter (where deadline_at < ${nowIso}),
        cast(coalesce(sum(grant_members) filter (where state in (${sql.join(DECIDED_STATES)}) and decision = 'grant'), 0) as bigint),
        cast(coalesce(sum(grant_total_tiyn) filter (where state in (${sql.join(DECIDED_STATES)}) and decision = 'grant'), 0) as bigint)
      from cases
      where office = ${office} and registered_at >= ${LO} and registered_at < ${HI}) c,
    (select ${sql.join(steps.map((step) => list(`${step}_ms`)))}
      from case_steps
      where office = ${office} and registered_at >= ${LO} and registered_at < ${HI}) t`.compile(db);
  const pieces = prepare(db, piece.sql);
  const bounded = (i: number) => piece.parameters.map((v) => (v === LO ? bounds[i] : v === HI ? bounds[i + 1] : v));
  const counts = [0, 0, 0, 0, 0, 0, 0, 0];
  const times = steps.map(() => new Times());
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [row] = await pieces.all<(number | string | null)[]>(bounded(i));
    if (!row?.[0]) continue;
    for (let k = 0; k < counts.length; k++) counts[k]! += Number(row[k]);
    steps.forEach((_, k) => times[k]!.parse((row[counts.length + k] as string | null) ?? null));
  }
  if (!counts[0]) return null;
  const repeats = await allRows<[string, string]>(
    db,
    sql`select step, ${list('ms')} from step_repeats
        where office = ${office} and registered_at >= ${from} and registered_at < ${to} group by step`.compile(db),
  );
  for (const [step, text] of repeats) times[steps.indexOf(step)]?.parse(text);
  const [received, in_work, granted, refused, withdrawn, overdue, granted_members, granted_tiyn] = counts as [number, number, number, number, number, number, number, number];
  return { received, in_work, granted, refused, withdrawn, overdue, granted_members, granted_tiyn, stepTimes: Object.fromEntries(steps.map((step, k) => [step, times[k]!.all()])) };
}

/** Refusals of an office's cases registered in the period by reason ('other' when none is given),
 * each with the key of its first case in registration order (registered_at, then id) so that the
 * report lists reasons in the order they first occurred. */
export async function refusalsByReason(db: Db, office: number, p: ReportPeriod): Promise<{ reason: string; count: number; first: string }[]> {
  return (await allRows<[string, number, string]>(
    db,
    sql`select coalesce(reason, 'other'), count(*), min(registered_at || ' ' || ${sql.raw(ddlOf(db).padded('id', 20))})
        from cases
        where office = ${office} and registered_at >= ${p.registeredFrom ?? FIRST} and registered_at < ${p.registeredTo ?? LAST}
          and state in (${sql.join(DECIDED_STATES)}) and decision = 'refuse'
        group by 1`.compile(db),
  )).map(([reason, count, first]) => ({ reason, count, first }));
}

/** The times of each step (ms) of an office's cases registered in the period that lie in
 * [lo, hi) for that step: the few around a median that a count could not tell apart. */
export async function stepTimesBetween(db: Db, office: number, ranges: Record<string, [number, number]>, p: ReportPeriod): Promise<Record<string, Float64Array>> {
  const from = p.registeredFrom ?? FIRST;
  const to = p.registeredTo ?? LAST;
  const steps = Object.keys(ranges);
  const inRange = (column: ReturnType<typeof sql.ref>, step: string) => sql`${column} >= ${ranges[step]![0]} and ${column} < ${ranges[step]![1]}`;
  const list = (column: string) => sql.raw(ddlOf(db).list(`"${column}"`));
  const [row = []] = await allRows<(string | null)[]>(
    db,
    sql`select ${sql.join(steps.map((step) => sql`${list(`${step}_ms`)} filter (where ${inRange(sql.ref(`${step}_ms`), step)})`))}
        from case_steps where office = ${office} and registered_at >= ${from} and registered_at < ${to}`.compile(db),
  );
  const repeats = new Map(
    await allRows<[string, string]>(
      db,
      sql`select step, ${list('ms')} from step_repeats
          where office = ${office} and registered_at >= ${from} and registered_at < ${to}
            and (${sql.join(steps.map((step) => sql`(step = ${step} and ${inRange(sql.ref('ms'), step)})`), sql` or `)})
          group by step`.compile(db),
    ),
  );
  return Object.fromEntries(
    steps.map((step, k) => {
      const t = new Times();
      t.parse(row[k] ?? null);
      t.parse(repeats.get(step) ?? null);
      return [step, t.all()];
    }),
  );
}

const BLOCK = 1 << 14;

/** Step times as they are read: "12,-3,40" appended as numbers, in blocks that are never copied
 * as they grow. */
class Times {
  private readonly blocks: Float64Array[] = [];
  private length = 0;

  parse(text: string | null): void {
    if (text) eachInteger(text, this.push);
  }

  private readonly push = (v: number) => {
    const at = this.length++ & (BLOCK - 1);
    if (at === 0) this.blocks.push(new Float64Array(BLOCK));
    this.blocks[this.blocks.length - 1]![at] = v;
  };

  /** Every value, in an array of its own. */
  all(): Float64Array {
    const out = new Float64Array(this.length);
    this.blocks.forEach((block, i) => out.set(i === this.blocks.length - 1 ? block.subarray(0, this.length - i * BLOCK) : block, i * BLOCK));
    return out;
  }
}
