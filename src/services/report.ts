// The report to the oblast: per office and in total, what came in, what is in work, what was
// granted or refused (by reason), withdrawn, overdue now, and the median time of each step.
// Every figure is aggregated by the store; only the medians are picked here, from the step times
// of one office and step at a time.
import { GaspError } from '../errors.js';
import { STEPS } from '../domain/procedure.js';
import { addDays, atLocal, requireDate } from '../domain/time.js';
import type { Db } from '../store/db.js';
import { type OfficeFigures, type ReportPeriod, officeFigures, officesWithCases, refusalsByReason, stepTimesBetween } from '../store/report.js';
import { type Actor, requireRole } from './staff.js';
import { caseFilter } from './cases.js';
import { readTransaction } from '../store/tx.js';
import { BUCKETS, bucketOf, medianMinutes, middleOf } from '../domain/median.js';

export interface ReportLine {
  office: number | 'total';
  received: number;
  in_work: number;
  granted: number;
  /** The members of the families granted, and the amount assigned for their periods (tiyn). */
  granted_members: number;
  granted_tiyn: number;
  refused: number;
  refused_by_reason: Record<string, number>;
  withdrawn: number;
  overdue: number;
  median_minutes: Record<string, number | null>;
}

export interface Report {
  from: string | null;
  to: string | null;
  offices: ReportLine[];
  total: ReportLine;
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

type Counts = Omit<OfficeFigures, 'stepTimes'> & { refused_by_reason: Record<string, number> };

function line(office: number | 'total', c: Counts, medians: Record<string, number | null>): ReportLine {
  return {
    office,
    received: c.received,
    in_work: c.in_work,
    granted: c.granted,
    granted_members: c.granted_members,
    granted_tiyn: c.granted_tiyn,
    refused: c.refused,
    refused_by_reason: c.refused_by_reason,
    withdrawn: c.withdrawn,
    overdue: c.overdue,
    median_minutes: medians,
  };
}

/** Reasons in the order they first occurred among the cases (by registration). */
function byFirstOccurrence(rows: { reason: string; count: number; first: string }[]): Record<string, number> {
  const first = new Map<string, string>();
  const count = new Map<string, number>();
  for (const r of rows) {
    if (!first.has(r.reason) || r.first < first.get(r.reason)!) first.set(r.reason, r.first);
    count.set(r.reason, (count.get(r.reason) ?? 0) + r.count);
  }
  const reasons = [...first.keys()].sort((a, b) => (first.get(a)! < first.get(b)! ? -1 : first.get(a)! > first.get(b)! ? 1 : 0));
  return Object.fromEntries(reasons.map((r) => [r, count.get(r)!]));
}

export async function buildReport(db: Db, actor: Actor, q: { from?: string; to?: string; office?: string }, now: Date): Promise<Report> {
  requireRole(actor, ['admin', 'head'], 'report');
  for (const d of [q.from, q.to]) if (d !== undefined) requireDate(d);
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw new GaspError('report.range', { from: q.from, to: q.to });
  const filter = await caseFilter(db, actor, { office: q.office }, now);
  const period: ReportPeriod = { office: filter.office ?? filter.scope?.office };
  if (q.from) period.registeredFrom = atLocal(q.from, 0).toISOString();
  if (q.to) period.registeredTo = atLocal(addDays(q.to, 1), 0).toISOString();
  const nowIso = now.toISOString();
  // One snapshot: the counts, the step times and the second look at the middle agree.
  return readTransaction(db, (tx) => reportOf(tx, period, nowIso, q));
}

async function reportOf(db: Db, period: ReportPeriod, nowIso: string, q: { from?: string; to?: string }): Promise<Report> {
  const counted: { office: number; counts: Counts; reasons: { reason: string; count: number; first: string }[]; medians: Record<string, number | null> }[] = [];
  const histograms = new Map(STEPS.map((step) => [step, new Uint32Array(BUCKETS)]));
  const counts = new Map<string, number>(STEPS.map((step) => [step, 0]));
  for (const office of await officesWithCases(db, period.office)) {
    const figures = await officeFigures(db, office, STEPS, period, nowIso);
    if (!figures) continue;
    const { stepTimes, ...rest } = figures;
    const reasons = rest.refused ? await refusalsByReason(db, office, period) : [];
    const medians: Record<string, number | null> = {};
    for (const step of STEPS) {
      const times = stepTimes[step]!;
      const histogram = histograms.get(step)!;
      for (let i = 0; i < times.length; i++) histogram[bucketOf(times[i]!)]!++;
      counts.set(step, counts.get(step)! + times.length);
      medians[step] = medianMinutes(times);
    }
    counted.push({ office, counts: { ...rest, refused_by_reason: byFirstOccurrence(reasons) }, reasons, medians });
  }
  let totalMedians: Record<string, number | null>;
  if (counted.length === 1) totalMedians = counted[0]!.medians;
  else {
    const middles = new Map(STEPS.filter((step) => counts.get(step)).map((step) => [step, middleOf(histograms.get(step)!, counts.get(step)!)]));
    const ranges = Object.fromEntries([...middles].map(([step, m]) => [step, m.range]));
    const near = new Map<string, Float64Array[]>([...middles.keys()].map((step) => [step, []]));
    if (middles.size) {
      for (const c of counted) {
        for (const [step, times] of Object.entries(await stepTimesBetween(db, c.office, ranges, period))) near.get(step)!.push(times);
      }
    }
    totalMedians = Object.fromEntries(
      STEPS.map((step) => {
        const m = middles.get(step);
        return [step, m ? medianMinutes(concat(near.get(step)!), counts.get(step)!, m.below) : null];
      }),
    );
  }
  const sum = (k: keyof Omit<OfficeFigures, 'stepTimes'>) => counted.reduce((n, c) => n + c.counts[k], 0);
  const total: Counts = {
    received: sum('received'),
    in_work: sum('in_work'),
    granted: sum('granted'),
    granted_members: sum('granted_members'),
    granted_tiyn: sum('granted_tiyn'),
    refused: sum('refused'),
    withdrawn: sum('withdrawn'),
    overdue: sum('overdue'),
    refused_by_reason: byFirstOccurrence(counted.flatMap((c) => c.reasons)),
  };
  return {
    from: q.from ?? null,
    to: q.to ?? null,
    offices: counted.map((c) => line(c.office, c.counts, c.medians)),
    total: line('total', total, totalMedians),
  };
}
