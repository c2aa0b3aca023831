// gasp check: the database's integrity and the product's own invariants. Empty when all is well.
import { formatRegno } from './cases.js';
import type { Db } from '../store/db.js';
import { caseNumbers, foreignKeyProblems, integrityProblems, orphanReferences } from '../store/check.js';
import { counters, streamCases, streamEvents } from '../store/cases.js';
import { type Actor, requireRole } from './staff.js';

export interface Problem {
  kind: string;
  params: Record<string, string | number>;
}

/** Writes nothing; reads the whole database once. */
export async function checkDatabase(db: Db, actor: Actor): Promise<Problem[]> {
  requireRole(actor, ['admin'], 'check');
  const problems: Problem[] = [];
  for (const detail of await integrityProblems(db)) problems.push({ kind: 'check.integrity', params: { detail } });
  for (const f of await foreignKeyProblems(db)) problems.push({ kind: 'check.fk', params: { table: f.table, rowid: f.rowid, parent: f.parent } });
  for (const o of await orphanReferences(db)) {
    if (!o.office_ok) problems.push({ kind: 'check.office', params: { regno: o.regno, office: o.office } });
    if (!o.akimat_ok) problems.push({ kind: 'check.akimat', params: { regno: o.regno, akimat: o.akimat ?? '' } });
  }

  // Registration numbers: each office's sequence for a year is 1..N with no gap, the number
  // matches its parts, and the counter stands at N.
  const byYear = new Map<string, number[]>();
  for (const c of await caseNumbers(db)) {
    if (c.regno !== formatRegno(c.office, c.year, c.seq)) {
      problems.push({ kind: 'check.regno', params: { regno: c.regno, office: c.office, year: c.year, seq: c.seq } });
    }
    const k = `${c.office}|${c.year}`;
    (byYear.get(k) ?? byYear.set(k, []).get(k)!).push(c.seq);
  }
  const counterOf = new Map((await counters(db)).map((c) => [`${c.office}|${c.year}`, c.last]));
  for (const [k, seqs] of byYear) {
    const [office, year] = k.split('|').map(Number) as [number, number];
    const missing: number[] = [];
    const seen = new Set<number>();
    for (const s of seqs) {
      if (seen.has(s)) problems.push({ kind: 'check.duplicate', params: { regno: formatRegno(office, year, s) } });
      seen.add(s);
    }
    const max = Math.max(...seqs);
    for (let i = 1; i <= max && missing.length < 20; i++) if (!seen.has(i)) missing.push(i);
    if (missing.length) problems.push({ kind: 'check.gap', params: { office: String(office).padStart(2, '0'), year, missing: missing.join(', ') } });
    const last = counterOf.get(k);
    if (last !== max) problems.push({ kind: 'check.counter', params: { office: String(office).padStart(2, '0'), year, last: last ?? 0, max } });
  }

  // Each case's state is where its history leads.
  const historyState = new Map<number, { first: string; state: string | null }>();
  for await (const e of streamEvents(db)) {
    const details = JSON.parse(e.details) as { state?: string };
    const h = historyState.get(e.case_id);
    if (!h) historyState.set(e.case_id, { first: e.step, state: details.state ?? null });
    else if (details.state) h.state = details.state;
  }
  for await (const c of streamCases(db, { order: 'registered' }, ['id', 'regno', 'state'] as const)) {
    const h = historyState.get(c.id);
    if (!h || h.first !== 'register') {
      problems.push({ kind: 'check.noRegister', params: { regno: c.regno } });
      continue;
    }
    if (h.state !== c.state) problems.push({ kind: 'check.state', params: { regno: c.regno, state: c.state, history: h.state ?? '—' } });
  }
  return problems;
}
