// gasp check: the database's integrity and the product's own invariants. Empty when all is well.
// Everything is read in one snapshot, so a check run while clerks register sees one moment.
import { GENESIS, eventHash } from '../domain/chain.js';
import { CORRECT, MOVES, REASSIGN, REGISTER_ROLES, type Role } from '../domain/procedure.js';
import { formatLocalPlain } from '../domain/time.js';
import { formatRegno } from './cases.js';
import type { Db } from '../store/db.js';
import {
  caseNumbers,
  chainHeads,
  foreignKeyProblems,
  integrityProblems,
  missingHistoryGuards,
  orphanReferences,
  regnosOf,
  staffEvents,
  streamChain,
} from '../store/check.js';
import { counters, streamCases, streamEvents } from '../store/cases.js';
import { listStaff } from '../store/staff.js';
import { readTransaction } from '../store/tx.js';
import { type Actor, requireRole } from './staff.js';

export interface Problem {
  kind: string;
  params: Record<string, string | number>;
}

const office2 = (n: number) => String(n).padStart(2, '0');

/** Who may have written an event of this step (details tell imports and handovers apart). */
function allowedRoles(step: string, details: Record<string, unknown>, actor: string): readonly Role[] | 'self' | 'any' | null {
  if (step === 'register') return details.imported ? ['admin'] : REGISTER_ROLES;
  if (step === 'import') return ['admin'];
  if (step === 'reassign') return details.handover ? ['admin'] : REASSIGN.roles;
  if (step === 'correct') return CORRECT.roles;
  if (step === 'print') return 'any';
  if (step === 'staff' || step === 'auth') return ['admin'];
  if (step === 'lock') return 'self';
  if (step === 'passwd') return details.login === actor ? 'any' : ['admin'];
  if (step in MOVES) return MOVES[step as keyof typeof MOVES].roles;
  return null;
}

/** Whether a member of this role may have written the event. */
function mayWrite(step: string, details: Record<string, unknown>, actor: string, role: Role | undefined): boolean {
  const allowed = allowedRoles(step, details, actor);
  if (allowed === 'any') return true;
  if (allowed === 'self') return details.login === actor;
  return allowed !== null && role !== undefined && allowed.includes(role);
}

/** Writes nothing; reads the whole database once, in one snapshot. */
export async function checkDatabase(db: Db, actor: Actor): Promise<Problem[]> {
  requireRole(actor, ['admin'], 'check');
  return readTransaction(db, async (tx) => {
    const problems: Problem[] = [];
    // A damaged file: what SQLite finds is the answer; nothing else read from it can be trusted.
    for (const detail of await integrityProblems(tx)) problems.push({ kind: 'check.integrity', params: { detail } });
    if (problems.length) return problems;
    for (const f of await foreignKeyProblems(tx)) problems.push({ kind: 'check.fk', params: { table: f.table, rowid: f.rowid, parent: f.parent } });
    for (const o of await orphanReferences(tx)) {
      if (!o.office_ok) problems.push({ kind: 'check.office', params: { regno: o.regno, office: o.office } });
      if (!o.akimat_ok) problems.push({ kind: 'check.akimat', params: { regno: o.regno, akimat: o.akimat ?? '' } });
    }
    for (const guard of await missingHistoryGuards(tx)) problems.push({ kind: 'check.guard', params: { guard } });
    problems.push(...(await checkNumbers(tx)));
    problems.push(...(await checkChain(tx)));
    problems.push(...(await checkCaseHistories(tx)));
    return problems;
  });
}

/** Registration numbers: each office's sequence for a year is 1..N with no gap, the number
 * matches its parts, and the counter stands at N. */
async function checkNumbers(db: Db): Promise<Problem[]> {
  const problems: Problem[] = [];
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
    if (missing.length) problems.push({ kind: 'check.gap', params: { office: office2(office), year, missing: missing.join(', ') } });
    const last = counterOf.get(k);
    if (last !== max) problems.push({ kind: 'check.counter', params: { office: office2(office), year, last: last ?? 0, max } });
  }
  return problems;
}

/** Each office's chain: every event names its predecessor's hash and carries its own; the head
 * stands at the last one. The first break of each chain is named. */
async function checkChain(db: Db): Promise<Problem[]> {
  const last = new Map<number, { id: number; hash: string }>();
  const broken = new Map<number, { id: number; case_id: number | null; step: string; at: string; why: 'link' | 'hash' }>();
  for await (const e of streamChain(db)) {
    if (broken.has(e.office)) continue;
    const prev = last.get(e.office)?.hash ?? GENESIS;
    if (e.prev_hash !== prev) broken.set(e.office, { ...e, why: 'link' });
    else if (eventHash(e.prev_hash, e) !== e.hash) broken.set(e.office, { ...e, why: 'hash' });
    else last.set(e.office, { id: e.id, hash: e.hash });
  }
  const regnos = await regnosOf(db, [...broken.values()].flatMap((b) => (b.case_id === null ? [] : [b.case_id])));
  const problems: Problem[] = [];
  for (const [office, b] of [...broken].sort((a, b) => a[0] - b[0])) {
    problems.push({
      kind: b.why === 'link' ? 'check.chainLink' : 'check.chainHash',
      params: { office: office2(office), id: b.id, move: b.step, at: formatLocalPlain(new Date(b.at)), regno: b.case_id === null ? '—' : (regnos.get(b.case_id) ?? String(b.case_id)) },
    });
  }
  const heads = new Map((await chainHeads(db)).map((h) => [h.office, h]));
  for (const office of new Set([...heads.keys(), ...last.keys()])) {
    if (broken.has(office)) continue;
    const head = heads.get(office);
    const end = last.get(office);
    if (!head || !end || head.event_id !== end.id || head.hash !== end.hash) {
      problems.push({ kind: 'check.chainHead', params: { office: office2(office), id: end?.id ?? 0, head: head?.event_id ?? 0 } });
    }
  }
  return problems;
}

/** Each case's history starts with its registration, runs in time order, was written only by
 * members whose role allowed each step, and leads to the case's state. */
async function checkCaseHistories(db: Db): Promise<Problem[]> {
  const problems: Problem[] = [];
  const roleOf = new Map((await listStaff(db)).map((s) => [s.login, s.role as Role]));
  const history = new Map<number, { first: string; state: string | null }>();
  let prev: { case_id: number; at: number } | undefined;
  const caseProblems: { case_id: number; kind: string; params: Record<string, string | number> }[] = [];
  for await (const e of streamEvents(db)) {
    const details = JSON.parse(e.details) as Record<string, unknown>;
    const at = Date.parse(e.at);
    if (prev?.case_id === e.case_id && at < prev.at) {
      caseProblems.push({ case_id: e.case_id, kind: 'check.timeOrder', params: { id: e.id, move: e.step, at: formatLocalPlain(new Date(at)) } });
    }
    prev = { case_id: e.case_id, at };
    const role = roleOf.get(e.actor);
    const ok = mayWrite(e.step, details, e.actor, role);
    if (!ok) caseProblems.push({ case_id: e.case_id, kind: 'check.actorRole', params: { id: e.id, move: e.step, login: e.actor, role: role ?? '—' } });
    const h = history.get(e.case_id);
    if (!h) history.set(e.case_id, { first: e.step, state: (details.state as string | undefined) ?? null });
    else if (details.state) h.state = details.state as string;
  }
  const regnos = await regnosOf(db, [...new Set(caseProblems.map((p) => p.case_id))]);
  for (const p of caseProblems) problems.push({ kind: p.kind, params: { regno: regnos.get(p.case_id) ?? String(p.case_id), ...p.params } });
  // Staff and settings events: written by an admin (or, for a lock or one's own password, the
  // member themself).
  for (const e of await staffEvents(db)) {
    const details = JSON.parse(e.details) as Record<string, unknown>;
    const role = roleOf.get(e.actor);
    const ok = mayWrite(e.step, details, e.actor, role);
    if (!ok) problems.push({ kind: 'check.actorRoleStaff', params: { id: e.id, move: e.step, login: e.actor, role: role ?? '—' } });
  }
  for await (const c of streamCases(db, { order: 'registered' }, ['id', 'regno', 'state'] as const)) {
    const h = history.get(c.id);
    if (!h || h.first !== 'register') {
      problems.push({ kind: 'check.noRegister', params: { regno: c.regno } });
      continue;
    }
    if (h.state !== c.state) problems.push({ kind: 'check.state', params: { regno: c.regno, state: c.state, history: h.state ?? '—' } });
  }
  return problems;
}
