// The report to the oblast: per office and in total, what came in, what is in work, what was
// granted or refused (by reason), withdrawn, overdue now, and the median time of each step.
import { GaspError } from '../errors.js';
import { STEPS } from '../domain/procedure.js';
import { addDays, atLocal, requireDate } from '../domain/time.js';
import type { Db } from '../store/db.js';
import { type CaseFilter, streamCases, streamEvents } from '../store/cases.js';
import { type Actor, requireRole } from './staff.js';
import { caseFilter } from './cases.js';

export interface ReportLine {
  office: number | 'total';
  received: number;
  in_work: number;
  granted: number;
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

const FINAL = new Set(['issued', 'withdrawn']);

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return Math.round(s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2);
}

function emptyLine(office: number | 'total'): ReportLine & { durations: Record<string, number[]> } {
  return {
    office,
    received: 0,
    in_work: 0,
    granted: 0,
    refused: 0,
    refused_by_reason: {},
    withdrawn: 0,
    overdue: 0,
    median_minutes: {},
    durations: Object.fromEntries(STEPS.map((s) => [s, [] as number[]])),
  };
}

export async function buildReport(db: Db, actor: Actor, q: { from?: string; to?: string; office?: string }, now: Date): Promise<Report> {
  requireRole(actor, ['admin', 'head'], 'report');
  for (const d of [q.from, q.to]) if (d !== undefined) requireDate(d);
  if (q.from !== undefined && q.to !== undefined && q.from > q.to) throw new GaspError('report.range', { from: q.from, to: q.to });
  const filter: CaseFilter = { ...(await caseFilter(db, actor, { office: q.office }, now)), order: 'registered' };
  if (q.from) filter.registeredFrom = atLocal(q.from, 0).toISOString();
  if (q.to) filter.registeredTo = atLocal(addDays(q.to, 1), 0).toISOString();

  const lines = new Map<number, ReturnType<typeof emptyLine>>();
  const total = emptyLine('total');
  const officeOf = new Map<number, number>();
  const nowIso = now.toISOString();
  for await (const c of streamCases(db, filter, ['id', 'office', 'state', 'decision', 'reason', 'deadline_at', 'registered_at', 'received_at'] as const)) {
    let line = lines.get(c.office);
    if (!line) lines.set(c.office, (line = emptyLine(c.office)));
    officeOf.set(c.id, c.office);
    for (const l of [line, total]) {
      l.received++;
      if (!FINAL.has(c.state)) l.in_work++;
      if (c.state === 'withdrawn') l.withdrawn++;
      if ((c.state === 'signed' || c.state === 'issued') && c.decision === 'grant') l.granted++;
      if ((c.state === 'signed' || c.state === 'issued') && c.decision === 'refuse') {
        l.refused++;
        l.refused_by_reason[c.reason ?? 'other'] = (l.refused_by_reason[c.reason ?? 'other'] ?? 0) + 1;
      }
      if (c.deadline_at !== null && c.deadline_at < nowIso) l.overdue++;
      l.durations.register!.push(Math.max(0, (Date.parse(c.registered_at) - Date.parse(c.received_at)) / 60000));
    }
  }
  // Step times: from the completion of the previous step to this one, from the history.
  let caseId = -1;
  let previous = 0;
  for await (const e of streamEvents(db)) {
    const office = officeOf.get(e.case_id);
    if (office === undefined || e.step === 'print' || e.step === 'edit') continue;
    const at = Date.parse(e.at);
    if (e.case_id !== caseId) {
      caseId = e.case_id;
      previous = at;
      continue;
    }
    if (e.step in total.durations) {
      const minutes = (at - previous) / 60000;
      lines.get(office)!.durations[e.step]!.push(minutes);
      total.durations[e.step]!.push(minutes);
    }
    previous = at;
  }
  const finish = (l: ReturnType<typeof emptyLine>): ReportLine => {
    const { durations, ...rest } = l;
    return { ...rest, median_minutes: Object.fromEntries(STEPS.map((s) => [s, median(durations[s]!)])) };
  };
  return {
    from: q.from ?? null,
    to: q.to ?? null,
    offices: [...lines.values()].sort((a, b) => (a.office as number) - (b.office as number)).map(finish),
    total: finish(total),
  };
}
