// gasp check: the database's integrity and the product's own invariants. Empty when all is well.
// Everything is read in one snapshot, so a check run while clerks register sees one moment. What
// a query can decide is decided by the database (numbers, references); the history is read once,
// in the order it was written, and every event's hash is computed again.
import { GENESIS, chainedHash } from '../domain/chain.js';
import { CORRECT, MOVES, REASSIGN, REGISTER_ROLES, type Role, STEPS, STEP3_EVENTS, UNTIMED_STEPS, registrationMillis } from '../domain/procedure.js';
import { formatLocalPlain } from '../domain/time.js';
import { formatRegno } from './cases.js';
import type { Db } from '../store/db.js';
import {
  type ReferenceProblem,
  caseIdsByState,
  casesInRegistrationOrder,
  chainHeads,
  engineProblems,
  historyPages,
  lastEventId,
  missingHistoryGuards,
  numberGroups,
  numbersOf,
  orphanReferences,
  referenceOrder,
  referenceProblems,
  regnoCandidates,
  regnoCounters,
  regnosOf,
  staffRoles,
  keptCountProblems,
  keptOfCases,
  keptRepeats,
  strayStepRows,
  wordScopeProblems,
  grantAmountProblems,
} from '../store/check.js';
import { nameWords, phoneKey } from '../domain/search.js';
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
  if (STEP3_EVENTS.includes(step)) return ['executor'];
  if (step === 'rates') return ['admin'];
  if (step === 'staff' || step === 'auth' || step === 'migrate') return ['admin'];
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

/** Writes nothing; reads the whole database once, in one snapshot. `full` runs SQLite's full
 * integrity check (indexes against their tables) instead of its quick one. */
export async function checkDatabase(db: Db, actor: Actor, opts: { full?: boolean } = {}): Promise<Problem[]> {
  requireRole(actor, ['admin'], 'check');
  return readTransaction(db, async (tx) => {
    // A damaged file: what SQLite finds is the answer; nothing else read from it can be trusted.
    const damage = await engineProblems(tx, Boolean(opts.full));
    return damage.length ? damage.map(integrityProblem) : invariantProblems(tx);
  });
}

const integrityProblem = (detail: string): Problem => ({ kind: 'check.integrity', params: { detail } });

/** The product's own invariants, in the order they are told. */
async function invariantProblems(tx: Db): Promise<Problem[]> {
  const problems: Problem[] = [];
  const cases = new CaseIndex(await caseIdsByState(tx));
  const history = await readHistory(tx, cases);
  for (const f of await referenceProblems(tx, history.references)) problems.push({ kind: 'check.fk', params: { table: f.table, rowid: f.rowid as number, parent: f.parent } });
  for (const o of await orphanReferences(tx)) {
    if (!o.office_ok) problems.push({ kind: 'check.office', params: { regno: o.regno, office: o.office } });
    if (!o.akimat_ok) problems.push({ kind: 'check.akimat', params: { regno: o.regno, akimat: o.akimat ?? '' } });
  }
  for (const guard of await missingHistoryGuards(tx)) problems.push({ kind: 'check.guard', params: { guard } });
  problems.push(...(await checkNumbers(tx)));
  problems.push(...(await chainProblems(tx, history.chain)));
  problems.push(...(await historyProblems(tx, cases, history)));
  problems.push(...(await keptProblems(tx, history)));
  for (const regno of await grantAmountProblems(tx)) problems.push({ kind: 'check.grantAmount', params: { regno } });
  return problems;
}

/** Registration numbers: each office's sequence for a year is 1..N with no gap, the number
 * matches its parts, and the counter stands at N. A sequence whose count, least and greatest
 * number show it whole is not read. */
async function checkNumbers(db: Db): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const c of await regnoCandidates(db)) {
    if (c.regno !== formatRegno(c.office, c.year, c.seq)) {
      problems.push({ kind: 'check.regno', params: { regno: c.regno, office: c.office, year: c.year, seq: c.seq } });
    }
  }
  const counterOf = new Map((await regnoCounters(db)).map((c) => [`${c.office}|${c.year}`, c.last]));
  for (const g of await numberGroups(db)) {
    const { office, year } = g;
    let max = g.max;
    if (g.odd || g.min !== 1 || g.max !== g.count) {
      const seqs = await numbersOf(db, office, year);
      const missing: number[] = [];
      const seen = new Set<number>();
      for (const s of seqs) {
        if (seen.has(s)) problems.push({ kind: 'check.duplicate', params: { regno: formatRegno(office, year, s) } });
        seen.add(s);
      }
      max = seqs.reduce((m, s) => Math.max(m, s), -Infinity);
      for (let i = 1; i <= max && missing.length < 20; i++) if (!seen.has(i)) missing.push(i);
      if (missing.length) problems.push({ kind: 'check.gap', params: { office: office2(office), year, missing: missing.join(', ') } });
    }
    const last = counterOf.get(`${office}|${year}`);
    if (last !== max) problems.push({ kind: 'check.counter', params: { office: office2(office), year, last: last ?? 0, max } });
  }
  return problems;
}

/** Every case by id: whether it exists and its state (as a code of the values below). */
class CaseIndex {
  readonly values: unknown[] = [undefined];
  private readonly codes = new Map<unknown, number>();
  /** The state's code by case id (0: no such case); ids far beyond the number of cases (a row
   * made by hand) are in `far`. */
  readonly stateOf: Int32Array;
  readonly far = new Map<number, number>();

  constructor(byState: Awaited<ReturnType<typeof caseIdsByState>>) {
    let count = 0;
    let max = 0;
    for (const { eachId } of byState) eachId((id) => ((count += 1), (max = Math.max(max, id))));
    this.stateOf = new Int32Array(Math.min(max, count * 4 + 1_000_000) + 1);
    for (const { state, eachId } of byState) {
      const code = this.code(state);
      eachId((id) => (id < this.stateOf.length ? (this.stateOf[id] = code) : this.far.set(id, code)));
    }
  }

  /** The state's code (0: no such case). */
  state(id: unknown): number {
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0 && id < this.stateOf.length) return this.stateOf[id]!;
    return (typeof id === 'number' && this.far.get(id)) || 0;
  }

  /** Every case's id, in no particular order. */
  *ids(): Generator<number> {
    for (let id = 0; id < this.stateOf.length; id++) if (this.stateOf[id]) yield id;
    yield* this.far.keys();
  }

  /** A code for a value: equal codes for strictly equal values, a new one for each object. */
  code(value: unknown): number {
    if (value !== null && typeof value === 'object') return this.values.push(value) - 1;
    let c = this.codes.get(value);
    if (c === undefined) this.codes.set(value, (c = this.values.push(value) - 1));
    return c;
  }
}

interface Broken {
  id: number;
  case_id: number | null;
  step: string;
  at: string;
  why: 'link' | 'hash';
}

interface ChainState {
  last: Map<number, { id: number; hash: string }>;
  broken: Map<number, Broken>;
}

interface CaseProblem {
  case_id: number;
  id: number;
  kind: string;
  params: Record<string, string | number>;
}

interface HistoryReading {
  chain: ChainState;
  references: ReferenceProblem[];
  caseProblems: CaseProblem[];
  staffProblems: Problem[];
  /** Per case (by id, or in `far` for ids outside the arrays): 0 no event, 1 first was the
   * registration, 2 first was another step; and the state the history leads to (a code). */
  first: Uint8Array;
  leadsTo: Int32Array;
  far: Map<unknown, FarCase>;
  /** The step times the history gives each case, to set beside what the store keeps for the
   * report (case_steps, step_repeats): see StepTimes. */
  steps: StepTimes;
}

/** What the history says of a case whose id lies outside the arrays (a row made by hand). */
interface FarCase {
  at: number;
  first: number;
  leadsTo: number;
  timedAt: number;
  stepBits: number;
  stepSum: number;
}

/** The step times of every case as the history gives them, by the store's own rule (a step's
 * time runs from the case's previous event that is not a print or an edit; the first such event
 * is the registration; a step's first time is kept on the case, a repeat apart), held in little
 * memory: per case which steps have a first time (bit k for STEPS[k], bit 7: an event that
 * counts has been seen) and a 32-bit sum of their mixed times, and the repeats in event order.
 * The registration's own time comes from the case's receipt, read with the kept row. */
interface StepTimes {
  timedAt: Float64Array;
  bits: Uint8Array;
  sum: Uint32Array;
  repeats: { event: number[]; caseId: number[]; step: number[]; ms: number[] };
}

const TIMED = 128;
const STEP_INDEX = new Map<string, number>(STEPS.map((s, k) => [s, k]));

/** A step's time mixed into 32 bits (a sum of these is what a case's kept times are compared
 * by): which step, and its milliseconds (null for a registration that cannot be told). */
function stepMix(k: number, ms: number | null): number {
  let h = Math.imul(k + 1, 0x9e3779b1) ^ (ms === null ? 0x5bd1e995 : ms | 0) ^ Math.imul((ms === null ? 0 : Math.floor(ms / 4294967296)) + 7, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const NO_DETAILS: Record<string, unknown> = Object.freeze({});
const MUST_PARSE = Symbol('parse');

/** What the check needs of an event's details without parsing them, when that can be said
 * exactly: its state (undefined: none) as gasp writes it, first and once, without escapes; and
 * no field that the rule for the step's author reads (imported, handover, login). Otherwise the
 * details must be parsed. */
function plainDetails(step: string, details: string): string | undefined | typeof MUST_PARSE {
  if (details.indexOf('\\') >= 0) return MUST_PARSE;
  if (step === 'lock' || step === 'passwd') return MUST_PARSE;
  if (step === 'register' && details.indexOf('"imported"') >= 0) return MUST_PARSE;
  if (step === 'reassign' && details.indexOf('"handover"') >= 0) return MUST_PARSE;
  const at = details.indexOf('"state"');
  if (at < 0) return undefined;
  if (at !== 1 || details.charCodeAt(0) !== 123 || details.charCodeAt(8) !== 58 || details.charCodeAt(9) !== 34 || details.indexOf('"state"', 8) >= 0) return MUST_PARSE;
  const end = details.indexOf('"', 10);
  return end < 0 ? MUST_PARSE : details.slice(10, end);
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

/** The instant of an ISO time, as Date.parse gives it: gasp's own form (2013-01-21T04:00:00.000Z,
 * days up to the 28th) is read here, anything else by Date.parse. */
function isoMillis(s: string): number {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 || s.charCodeAt(10) !== 84 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return Date.parse(s);
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46) return Date.parse(s);
  for (const i of ISO_DIGITS) if (digit(s, i) < 0 || digit(s, i) > 9) return Date.parse(s);
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const mo = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  const h = digit(s, 11) * 10 + digit(s, 12);
  const mi = digit(s, 14) * 10 + digit(s, 15);
  const se = digit(s, 17) * 10 + digit(s, 18);
  const ms = digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22);
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 28 || h > 23 || mi > 59 || se > 59) return Date.parse(s);
  // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  return ((days * 24 + h) * 60 + mi) * 60000 + se * 1000 + ms;
}

/** The one reading of the history, in id order: each office's chain (every hash computed
 * again), each case's events (time order, who wrote them, where they lead), the staff events,
 * and the history's own references. */
async function readHistory(db: Db, cases: CaseIndex): Promise<HistoryReading> {
  const roles = await staffRoles(db);
  const size = cases.stateOf.length;
  const lastAt = new Float64Array(size).fill(NaN);
  const first = new Uint8Array(size);
  const leadsTo = new Int32Array(size);
  const far = new Map<unknown, FarCase>();
  const steps: StepTimes = { timedAt: new Float64Array(size), bits: new Uint8Array(size), sum: new Uint32Array(size), repeats: { event: [], caseId: [], step: [], ms: [] } };
  const chain: ChainState = { last: new Map(), broken: new Map() };
  const lastHash = new Map<number, string>();
  const references: ReferenceProblem[] = [];
  const caseProblems: CaseProblem[] = [];
  const staffProblems: Problem[] = [];
  const order = await referenceOrder(db, 'events');

  const brokenOffices = new Set<number>();
  // Whether a role may have written a step whose details say nothing of its author (lock and
  // passwd are always parsed): the same answer for every such event, so asked once.
  const known = new Map<string, Map<Role | undefined, boolean>>();
  const plainMay = (step: string, actor: string, role: Role | undefined) => {
    let byRole = known.get(step);
    if (!byRole) known.set(step, (byRole = new Map()));
    let may = byRole.get(role);
    if (may === undefined) byRole.set(role, (may = mayWrite(step, NO_DETAILS, actor, role)));
    return may;
  };
  const lastId = new Map<number, number>();

  for await (const page of historyPages(db, await lastEventId(db))) {
    for (const [id, caseId, office, step, actor, at, detailsText, prevHash, hash] of page) {
      // The chain: each event names its office's previous hash and carries the hash of its content.
      if (!brokenOffices.has(office)) {
        const prev = lastHash.get(office) ?? GENESIS;
        const why = prevHash !== prev ? 'link' : chainedHash(prevHash, office, caseId, step, actor, at, detailsText) !== hash ? 'hash' : null;
        if (why) {
          brokenOffices.add(office);
          chain.broken.set(office, { id, case_id: caseId, step, at, why });
        } else {
          if (!lastHash.has(office)) chain.last.set(office, { id, hash });
          lastHash.set(office, hash);
          lastId.set(office, id);
        }
      }
      for (const ref of order) {
        if (ref.from === 'actor' ? !roles.has(actor) : ref.from === 'case_id' && caseId !== null && !cases.state(caseId)) references.push({ table: 'events', rowid: id, parent: ref.parent });
      }
      const plain = plainDetails(step, detailsText);
      const details = plain === MUST_PARSE ? (JSON.parse(detailsText) as Record<string, unknown> | null) : null;
      const role = roles.get(actor) as Role | undefined;
      if (caseId === null) {
        // Staff and settings events: written by an admin (or, for a lock or one's own password,
        // the member themself).
        if (!(details ? mayWrite(step, details, actor, role) : plainMay(step, actor, role))) staffProblems.push({ kind: 'check.actorRoleStaff', params: { id, move: step, login: actor, role: role ?? '—' } });
        continue;
      }
      const time = isoMillis(at);
      const inArrays = Number.isInteger(caseId) && caseId >= 0 && caseId < size;
      let slot = inArrays ? undefined : far.get(caseId);
      if (!inArrays && !slot) far.set(caseId, (slot = { at: NaN, first: 0, leadsTo: 0, timedAt: 0, stepBits: 0, stepSum: 0 }));
      const before = slot ? slot.at : lastAt[caseId]!;
      if (time < before) caseProblems.push({ case_id: caseId, id, kind: 'check.timeOrder', params: { id, move: step, at: formatLocalPlain(new Date(time)) } });
      if (slot) slot.at = time;
      else lastAt[caseId] = time;
      if (!UNTIMED_STEPS.includes(step)) noteStepTime(steps, slot, caseId, id, step, time);
      if (!(details ? mayWrite(step, details, actor, role) : plainMay(step, actor, role))) caseProblems.push({ case_id: caseId, id, kind: 'check.actorRole', params: { id, move: step, login: actor, role: role ?? '—' } });
      const state = plain === MUST_PARSE ? details?.state : plain;
      const seen = slot ? slot.first : first[caseId]!;
      if (!seen) {
        const code = cases.code(state ?? null);
        const kind = step === 'register' ? 1 : 2;
        if (slot) Object.assign(slot, { first: kind, leadsTo: code });
        else {
          first[caseId] = kind;
          leadsTo[caseId] = code;
        }
      } else if (state) {
        if (slot) slot.leadsTo = cases.code(state);
        else leadsTo[caseId] = cases.code(state);
      }
    }
  }
  // Where each chain that holds ends.
  for (const [office, end] of chain.last) chain.last.set(office, { id: lastId.get(office) ?? end.id, hash: lastHash.get(office) ?? end.hash });
  return { chain, references, caseProblems, staffProblems, first, leadsTo, far, steps };
}

/** The step time an event that counts gives its case (the store's nextStepTime, on numbers). */
function noteStepTime(t: StepTimes, slot: FarCase | undefined, caseId: number, eventId: number, step: string, time: number): void {
  const bits = slot ? slot.stepBits : t.bits[caseId]!;
  const previous = slot ? slot.timedAt : t.timedAt[caseId]!;
  if (slot) slot.timedAt = time;
  else t.timedAt[caseId] = time;
  if (!(bits & TIMED)) {
    // The registration: its time comes from the case's receipt.
    if (slot) slot.stepBits = TIMED | 1;
    else t.bits[caseId] = TIMED | 1;
    return;
  }
  const k = STEP_INDEX.get(step);
  const ms = time - previous;
  // (A registration after the first event would replace the registration's time: gasp writes none.)
  if (k === undefined || k === 0 || !Number.isFinite(ms)) return;
  if (!(bits & (1 << k))) {
    if (slot) {
      slot.stepBits |= 1 << k;
      slot.stepSum = (slot.stepSum + stepMix(k, ms)) >>> 0;
    } else {
      t.bits[caseId] = bits | (1 << k);
      t.sum[caseId] = (t.sum[caseId]! + stepMix(k, ms)) >>> 0;
    }
    return;
  }
  t.repeats.event.push(eventId);
  t.repeats.caseId.push(caseId);
  t.repeats.step.push(k);
  t.repeats.ms.push(ms);
}

/** Each office's chain: every event names its predecessor's hash and carries its own; the head
 * stands at the last one. The first break of each chain is named. */
async function chainProblems(db: Db, { last, broken }: ChainState): Promise<Problem[]> {
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
async function historyProblems(db: Db, cases: CaseIndex, h: HistoryReading): Promise<Problem[]> {
  const problems: Problem[] = [];
  const byEvent = h.caseProblems.sort((a, b) => a.case_id - b.case_id || a.id - b.id || (a.kind === 'check.timeOrder' ? -1 : 1));
  const regnos = await regnosOf(db, [...new Set(byEvent.map((p) => p.case_id))]);
  for (const p of byEvent) problems.push({ kind: p.kind, params: { regno: regnos.get(p.case_id) ?? String(p.case_id), ...p.params } });
  problems.push(...h.staffProblems);
  const wrong: number[] = [];
  for (const id of cases.ids()) {
    const far = id < h.first.length ? undefined : h.far.get(id);
    const first = far ? far.first : (h.first[id] ?? 0);
    const leadsTo = far ? far.leadsTo : h.leadsTo[id]!;
    if (first !== 1 || cases.values[leadsTo] !== cases.values[cases.state(id)]) wrong.push(id);
  }
  for (const c of await casesInRegistrationOrder(db, wrong)) {
    const far = c.id < h.first.length ? undefined : h.far.get(c.id);
    const first = far ? far.first : (h.first[c.id] ?? 0);
    if (first !== 1) {
      problems.push({ kind: 'check.noRegister', params: { regno: c.regno } });
      continue;
    }
    const state = cases.values[far ? far.leadsTo : h.leadsTo[c.id]!];
    problems.push({ kind: 'check.state', params: { regno: c.regno, state: c.state, history: (state ?? '—') as string } });
  }
  return problems;
}

/** What the store keeps beside the cases for the listings (their totals, the name search) must
 * say what the cases say: a count or a search word changed by hand would show wrong totals or
 * hide a person from `find` without anything else noticing. */
async function keptProblems(db: Db, h: HistoryReading): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const k of await keptCountProblems(db)) {
    problems.push({ kind: 'check.keptCount', params: { office: office2(k.office), akimat: k.akimat || '—', state: k.state, kept: k.kept, actual: k.actual } });
  }
  const words = new Map<number, string>(await wordScopeProblems(db));
  const phones = new Map<number, string>();
  const times = new Map<number, string>();
  let matched = 0;
  for await (const batch of keptOfCases(db)) for (const [id, regno, name, kept, phone, key, receivedAt, registeredAt, hasRow, ...ms] of batch) {
    if ((kept ?? '') !== [...new Set(nameWords(name))].sort().join(' ')) words.set(id, regno);
    if ((key ?? null) !== phoneKey(phone)) phones.set(id, regno);
    const far = id < h.steps.bits.length ? undefined : h.far.get(id);
    const bits = far ? far.stepBits : h.steps.bits[id]!;
    if (hasRow) matched++;
    if (Boolean(hasRow) !== Boolean(bits & TIMED)) times.set(id, regno);
    else if (hasRow) {
      let kept = stepMix(0, ms[0] ?? null);
      for (let k = 1; k < ms.length; k++) if (ms[k] !== null && ms[k] !== undefined) kept = (kept + stepMix(k, ms[k]!)) >>> 0;
      const expected = ((far ? far.stepSum : h.steps.sum[id]!) + stepMix(0, registrationMillis(receivedAt, registeredAt))) >>> 0;
      if (kept !== expected) times.set(id, regno);
    }
  }
  let stray = (await strayStepRows(db, matched)).length;
  // The repeats, set beside the history's in event order.
  const r = h.steps.repeats;
  let i = 0;
  const wrongRepeat = (caseId: number | null) => {
    if (caseId === null) stray++;
    else if (!times.has(caseId)) times.set(caseId, '');
  };
  for await (const batch of keptRepeats(db)) for (const [event, step, msKept, caseId, inPlace] of batch) {
    while (i < r.event.length && r.event[i]! < event) wrongRepeat(r.caseId[i++]!);
    if (i < r.event.length && r.event[i] === event) {
      if (STEPS[r.step[i]!] !== step || r.ms[i] !== msKept || !inPlace) wrongRepeat(r.caseId[i]!);
      i++;
    } else wrongRepeat(caseId);
  }
  while (i < r.event.length) wrongRepeat(r.caseId[i++]!);
  const unnamed = [...times].filter(([, regno]) => regno === '').map(([id]) => id);
  for (const [id, regno] of await regnosOf(db, unnamed)) times.set(id, regno);
  told(problems, words, 'check.words', 'check.wordsMore');
  told(problems, phones, 'check.phoneKey', 'check.phoneKeyMore');
  told(problems, times, 'check.stepTimes', 'check.stepTimesMore');
  if (stray) problems.push({ kind: 'check.stepTimesStray', params: { count: stray } });
  return problems;
}

/** Cases found wrong in one way, in id order: the first twenty by number, then how many more. */
function told(problems: Problem[], wrong: Map<number, string>, one: string, more: string): void {
  const ids = [...wrong.keys()].sort((a, b) => a - b);
  for (const id of ids.slice(0, 20)) problems.push({ kind: one, params: { regno: wrong.get(id) || String(id) } });
  if (ids.length > 20) problems.push({ kind: more, params: { more: ids.length - 20 } });
}
