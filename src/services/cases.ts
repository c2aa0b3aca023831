// The use cases of the procedure: register, forward, assign, review, draft, sign, return,
// issue, withdraw; and reading cases with their deadlines and history.
import { GaspError } from '../errors.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { type Limits, deadlineFrom } from '../domain/deadlines.js';
import { parseIin } from '../domain/iin.js';
import {
  type CaseState,
  type Decision,
  type IssueChannel,
  type Move,
  type Step,
  MOVES,
  REGISTER_ROLES,
  WAITING,
  currentStep,
  isState,
} from '../domain/procedure.js';
import { foldText } from '../domain/search.js';
import { addDays, atLocal, formatLocalIso, isIsoDate, localDate } from '../domain/time.js';
import type { Db } from '../store/db.js';
import {
  type CaseFilter,
  type CaseRow,
  type EventRow,
  type NewCase,
  appendEvent,
  eventsOf,
  getCaseByRegno,
  insertCase,
  listCases,
  takeNextSeq,
  updateCase,
} from '../store/cases.js';
import { getStaff } from '../store/staff.js';
import { writeTransaction } from '../store/tx.js';
import { requireOffice } from './directory.js';
import { documentTypes, refusalReasons } from './reference.js';
import { type Actor, requireRole } from './staff.js';

/** What a service needs besides its input: the clock and the rules in force. */
export interface Env {
  now: Date;
  calendar: WorkingCalendar;
  limits: Limits;
}

export interface HistoryEntry {
  step: string;
  actor: string;
  at: string;
  [detail: string]: unknown;
}

/** A case as users and scripts see it (the JSON contract). */
export interface CaseView {
  regno: string;
  state: CaseState;
  step: Step | null;
  office: number;
  akimat: string | null;
  intake: 'office' | 'akimat';
  iin: string;
  name: string;
  birth_date: string;
  sex: string;
  address: string;
  phone: string | null;
  received_at: string;
  registered_at: string;
  forwarded_at: string | null;
  clerk: string;
  docs: string[];
  missing_docs: string[];
  resolution: string | null;
  executor: string | null;
  decision: Decision | null;
  reason: string | null;
  reason_text: string | null;
  signed_by: string | null;
  signed_at: string | null;
  issue_channel: IssueChannel | null;
  issued_at: string | null;
  deadline: string | null;
  overdue: boolean;
  deadlines: Record<string, string>;
  history?: HistoryEntry[];
  /** login → full name of every staff member named in the case and its history. */
  staff_names?: Record<string, string>;
}

const iso = (v: string | null) => (v ? formatLocalIso(new Date(v)) : null);

export function caseView(row: CaseRow, now: Date, events?: EventRow[]): CaseView {
  const state = row.state as CaseState;
  const deadlines = JSON.parse(row.deadlines) as Record<string, string>;
  const view: CaseView = {
    regno: row.regno,
    state,
    step: currentStep(state),
    office: row.office,
    akimat: row.akimat,
    intake: row.intake as 'office' | 'akimat',
    iin: row.iin,
    name: row.name,
    birth_date: row.birth_date,
    sex: row.sex,
    address: row.address,
    phone: row.phone,
    received_at: iso(row.received_at)!,
    registered_at: iso(row.registered_at)!,
    forwarded_at: iso(row.forwarded_at),
    clerk: row.clerk,
    docs: JSON.parse(row.docs) as string[],
    missing_docs: JSON.parse(row.missing_docs) as string[],
    resolution: row.resolution,
    executor: row.executor,
    decision: row.decision as Decision | null,
    reason: row.reason,
    reason_text: row.reason_text,
    signed_by: row.signed_by,
    signed_at: iso(row.signed_at),
    issue_channel: row.issue_channel as IssueChannel | null,
    issued_at: iso(row.issued_at),
    deadline: iso(row.deadline_at),
    overdue: row.deadline_at !== null && new Date(row.deadline_at) < now,
    deadlines: Object.fromEntries(Object.entries(deadlines).map(([k, v]) => [k, iso(v)!])),
  };
  if (events) {
    view.history = events.map((e) => {
      const details = JSON.parse(e.details) as Record<string, unknown>;
      return { step: e.step, actor: e.actor, at: iso(e.at)!, ...details };
    });
  }
  return view;
}

export function formatRegno(office: number, year: number, seq: number): string {
  return `${String(office).padStart(2, '0')}-${year}-${String(seq).padStart(5, '0')}`;
}

export function normaliseRegno(value: string): string {
  const m = /^\s*(\d{1,2})-(\d{4})-(\d{1,5})\s*$/.exec(value);
  if (!m) throw new GaspError('regno.invalid', { value });
  return formatRegno(Number(m[1]), Number(m[2]), Number(m[3]));
}

async function requireCase(db: Db, value: string): Promise<CaseRow> {
  const regno = normaliseRegno(value);
  const row = await getCaseByRegno(db, regno);
  if (!row) throw new GaspError('case.notFound', { regno });
  return row;
}

// ---------------------------------------------------------------------------------------------
// Step 1: registration

export interface RegisterInput {
  iin: string;
  name: string;
  address: string;
  phone?: string;
  docs: string[];
  receivedAt?: Date;
  office?: string;
}

export interface RegisterCheck {
  docs: string[];
  missing: string[];
}

/** Validates the document codes and says which required documents are missing. */
export function checkDocuments(codes: string[]): RegisterCheck {
  const types = documentTypes();
  const known = new Set(types.map((t) => t.code));
  const docs: string[] = [];
  for (const raw of codes) {
    const c = raw.trim();
    if (!c) continue;
    if (!known.has(c)) throw new GaspError('docs.unknown', { value: c, accepted: types.map((t) => t.code).join(', ') });
    if (!docs.includes(c)) docs.push(c);
  }
  const missing = types.filter((t) => t.required && !docs.includes(t.code)).map((t) => t.code);
  return { docs, missing };
}

/** Validates what a clerk typed, before anything is written or numbered. */
export function validateApplicant(input: { iin: string; name: string; address: string; phone?: string }) {
  const info = parseIin(input.iin);
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (name.length < 3 || !/\p{L}/u.test(name)) throw new GaspError('applicant.name', { value: input.name });
  const address = input.address.replace(/\s+/g, ' ').trim();
  if (address.length < 3) throw new GaspError('applicant.address', { value: input.address });
  const phone = input.phone?.trim() || null;
  if (phone && !/^[+\d][\d\s()-]{4,19}$/.test(phone)) throw new GaspError('applicant.phone', { value: phone });
  return { ...info, name, address, phone };
}

/** A case as registration writes it, at the office or from a paper register: every later
 * step's field still empty. */
export function newCaseRow(c: {
  regno: string;
  office: number;
  year: number;
  seq: number;
  akimat: string | null;
  receivedAt: Date;
  registeredAt: Date;
  clerk: string;
  applicant: ReturnType<typeof validateApplicant>;
  docs: string[];
  missing: string[];
  state: CaseState;
  deadlines: Record<string, Date>;
  current: Date;
  importKey: string | null;
}): NewCase {
  return {
    regno: c.regno,
    office: c.office,
    year: c.year,
    seq: c.seq,
    akimat: c.akimat,
    intake: c.akimat ? 'akimat' : 'office',
    received_at: c.receivedAt.toISOString(),
    registered_at: c.registeredAt.toISOString(),
    forwarded_at: null,
    clerk: c.clerk,
    iin: c.applicant.iin,
    name: c.applicant.name,
    name_key: foldText(c.applicant.name),
    birth_date: c.applicant.birthDate,
    sex: c.applicant.sex,
    address: c.applicant.address,
    phone: c.applicant.phone,
    docs: JSON.stringify(c.docs),
    missing_docs: JSON.stringify(c.missing),
    state: c.state,
    resolution: null,
    executor: null,
    decision: null,
    reason: null,
    reason_text: null,
    signed_by: null,
    signed_at: null,
    issue_channel: null,
    issued_at: null,
    deadline_at: c.current.toISOString(),
    deadlines: JSON.stringify(Object.fromEntries(Object.entries(c.deadlines).map(([k, v]) => [k, v.toISOString()]))),
    updated_at: c.registeredAt.toISOString(),
    import_key: c.importKey,
  };
}

export async function registerApplication(db: Db, actor: Actor, input: RegisterInput, env: Env): Promise<CaseView> {
  requireRole(actor, REGISTER_ROLES, 'register');
  const applicant = validateApplicant(input);
  const { docs, missing } = checkDocuments(input.docs);
  const receivedAt = input.receivedAt ?? env.now;
  if (receivedAt > env.now) {
    throw new GaspError('register.future', { value: formatLocalIso(receivedAt), now: formatLocalIso(env.now) });
  }
  let office: number;
  if (actor.role === 'akimat') {
    office = actor.office!;
    if (input.office && (await requireOffice(db, input.office)).no !== office) {
      throw new GaspError('register.otherOffice', { login: actor.login, office: input.office, own: office });
    }
  } else {
    office = input.office ? (await requireOffice(db, input.office)).no : actor.office!;
    if (actor.office !== office) throw new GaspError('register.otherOffice', { login: actor.login, office, own: actor.office });
  }
  const viaAkimat = actor.role === 'akimat';
  const state: CaseState = viaAkimat ? 'received_by_akimat' : 'registered';
  const registerDeadline = deadlineFrom(receivedAt, env.limits.register, env.calendar);
  const next = WAITING[state]!.step;
  const nextDeadline = deadlineFrom(env.now, env.limits[next], env.calendar);
  const year = Number(localDate(env.now).slice(0, 4));
  const nowIso = env.now.toISOString();

  return writeTransaction(db, async (tx) => {
    const seq = await takeNextSeq(tx, office, year);
    const regno = formatRegno(office, year, seq);
    const id = await insertCase(
      tx,
      newCaseRow({
        regno,
        office,
        year,
        seq,
        akimat: viaAkimat ? actor.akimat : null,
        receivedAt,
        registeredAt: env.now,
        clerk: actor.login,
        applicant,
        docs,
        missing,
        state,
        deadlines: { register: registerDeadline, [next]: nextDeadline },
        current: nextDeadline,
        importKey: null,
      }),
    );
    await appendEvent(tx, {
      case_id: id,
      step: 'register',
      actor: actor.login,
      at: nowIso,
      details: {
        state,
        received_at: formatLocalIso(receivedAt),
        docs,
        missing_docs: missing,
        deadline: formatLocalIso(registerDeadline),
        late: env.now > registerDeadline,
        next_deadline: formatLocalIso(nextDeadline),
        printed: 'talon',
      },
    });
    const row = (await getCaseByRegno(tx, regno))!;
    return caseView(row, env.now, await eventsOf(tx, id));
  });
}

// ---------------------------------------------------------------------------------------------
// Steps 2–6, the return and the withdrawal: one shape, different rules and fields.

interface MoveSpec {
  move: Exclude<Move, 'register'>;
  /** Extra checks and the fields the move sets; runs inside the transaction. */
  apply?: (tx: Db, row: CaseRow) => Promise<{ patch?: Partial<CaseRow>; details?: Record<string, unknown> }>;
}

function checkScope(actor: Actor, row: CaseRow): void {
  if (actor.role === 'akimat') {
    if (actor.akimat !== row.akimat) throw new GaspError('perm.akimat', { login: actor.login, regno: row.regno, akimat: actor.akimat });
    return;
  }
  if (actor.office !== row.office) {
    throw new GaspError('perm.office', { login: actor.login, regno: row.regno, office: String(row.office).padStart(2, '0') });
  }
}

function checkOwnCase(actor: Actor, row: CaseRow): void {
  if (actor.role === 'executor' && row.executor !== actor.login) {
    throw new GaspError('perm.executor', { login: actor.login, regno: row.regno, executor: row.executor ?? '—' });
  }
}

function checkState(row: CaseRow, move: Exclude<Move, 'register'>): void {
  const rule = MOVES[move];
  if ((rule.from as readonly string[]).includes(row.state)) return;
  const state = row.state as CaseState;
  const waiting = WAITING[state];
  if (!waiting) throw new GaspError('state.final', { regno: row.regno, state, move });
  throw new GaspError('state.wrong', { regno: row.regno, state, move, waiting: waiting.step, role: waiting.role });
}

async function moveCase(db: Db, actor: Actor, regnoValue: string, spec: MoveSpec, env: Env): Promise<CaseView> {
  const rule = MOVES[spec.move];
  requireRole(actor, rule.roles, spec.move);
  const regno = normaliseRegno(regnoValue);
  return writeTransaction(db, async (tx) => {
    const row = await requireCase(tx, regno);
    checkScope(actor, row);
    checkState(row, spec.move);
    checkOwnCase(actor, row);
    const { patch = {}, details = {} } = spec.apply ? await spec.apply(tx, row) : {};
    const nowIso = env.now.toISOString();
    const deadlines = JSON.parse(row.deadlines) as Record<string, string>;
    const completed = currentStep(row.state as CaseState);
    const late = row.deadline_at !== null && env.now > new Date(row.deadline_at);
    const next = currentStep(rule.to);
    let deadlineAt: string | null = null;
    if (next) {
      deadlineAt = deadlineFrom(env.now, env.limits[next], env.calendar).toISOString();
      deadlines[next] = deadlineAt;
    }
    await updateCase(tx, row.id, { ...patch, state: rule.to, deadline_at: deadlineAt, deadlines: JSON.stringify(deadlines), updated_at: nowIso });
    await appendEvent(tx, {
      case_id: row.id,
      step: spec.move,
      actor: actor.login,
      at: nowIso,
      details: {
        state: rule.to,
        ...details,
        ...(completed && spec.move !== 'withdraw' && spec.move !== 'return' ? { late } : {}),
        ...(deadlineAt ? { next_deadline: formatLocalIso(new Date(deadlineAt)) } : {}),
      },
    });
    const updated = (await getCaseByRegno(tx, regno))!;
    return caseView(updated, env.now, await eventsOf(tx, row.id));
  });
}

export function forwardCase(db: Db, actor: Actor, regno: string, env: Env): Promise<CaseView> {
  return moveCase(db, actor, regno, { move: 'forward', apply: async () => ({ patch: { forwarded_at: env.now.toISOString() } }) }, env);
}

export function assignExecutor(
  db: Db,
  actor: Actor,
  regno: string,
  input: { executor: string; resolution?: string },
  env: Env,
): Promise<CaseView> {
  return moveCase(
    db,
    actor,
    regno,
    {
      move: 'assign',
      apply: async (tx, row) => {
        const ex = await getStaff(tx, input.executor);
        if (!ex || ex.role !== 'executor' || ex.disabled || ex.office !== row.office) {
          throw new GaspError('assign.executor', { value: input.executor, office: String(row.office).padStart(2, '0') });
        }
        const resolution = input.resolution?.trim() || null;
        return { patch: { executor: ex.login, resolution }, details: { executor: ex.login, resolution } };
      },
    },
    env,
  );
}

export function reviewCase(db: Db, actor: Actor, regno: string, input: { note?: string }, env: Env): Promise<CaseView> {
  return moveCase(db, actor, regno, { move: 'review', apply: async () => ({ details: { note: input.note?.trim() || null } }) }, env);
}

export interface DraftInput {
  decision: Decision;
  reason?: string;
  reasonText?: string;
}

export function draftDecision(db: Db, actor: Actor, regno: string, input: DraftInput, env: Env): Promise<CaseView> {
  const reasonText = input.reasonText?.trim() || null;
  let reason: string | null = null;
  if (input.decision === 'refuse') {
    const reasons = refusalReasons();
    if (!input.reason) throw new GaspError('draft.noReason', { accepted: reasons.map((r) => r.code).join(', ') });
    if (!reasons.some((r) => r.code === input.reason)) {
      throw new GaspError('draft.badReason', { value: input.reason, accepted: reasons.map((r) => r.code).join(', ') });
    }
    if (input.reason === 'other' && !reasonText) throw new GaspError('draft.otherText', {});
    reason = input.reason;
  } else if (input.reason || reasonText) {
    throw new GaspError('draft.grantReason', {});
  }
  return moveCase(
    db,
    actor,
    regno,
    {
      move: 'draft',
      apply: async () => ({
        patch: { decision: input.decision, reason, reason_text: reasonText },
        details: { decision: input.decision, reason, reason_text: reasonText },
      }),
    },
    env,
  );
}

export function signDecision(db: Db, actor: Actor, regno: string, env: Env): Promise<CaseView> {
  return moveCase(
    db,
    actor,
    regno,
    {
      move: 'sign',
      apply: async (_tx, row) => ({
        patch: { signed_by: actor.login, signed_at: env.now.toISOString() },
        details: { decision: row.decision },
      }),
    },
    env,
  );
}

export function returnDraft(db: Db, actor: Actor, regno: string, input: { comment: string }, env: Env): Promise<CaseView> {
  const comment = input.comment?.trim();
  if (!comment) throw new GaspError('comment.required', { command: 'return' });
  return moveCase(
    db,
    actor,
    regno,
    {
      move: 'return',
      apply: async (_tx, row) => ({
        patch: { decision: null, reason: null, reason_text: null },
        details: { comment, returned_decision: row.decision },
      }),
    },
    env,
  );
}

export function issueDecision(db: Db, actor: Actor, regno: string, input: { channel: IssueChannel }, env: Env): Promise<CaseView> {
  return moveCase(
    db,
    actor,
    regno,
    {
      move: 'issue',
      apply: async (_tx, row) => ({
        patch: { issue_channel: input.channel, issued_at: env.now.toISOString() },
        details: { channel: input.channel, decision: row.decision, printed: 'notice' },
      }),
    },
    env,
  );
}

export function withdrawCase(db: Db, actor: Actor, regno: string, input: { comment: string }, env: Env): Promise<CaseView> {
  const comment = input.comment?.trim();
  if (!comment) throw new GaspError('comment.required', { command: 'withdraw' });
  return moveCase(db, actor, regno, { move: 'withdraw', apply: async () => ({ details: { comment } }) }, env);
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function getCase(db: Db, regno: string, now: Date): Promise<CaseView> {
  const row = await requireCase(db, regno);
  return caseView(row, now, await eventsOf(db, row.id));
}

export interface CasesQuery {
  state?: string;
  office?: string;
  executor?: string;
  overdue?: boolean;
  date?: string; // YYYY-MM-DD, local: registered that day
}

export async function findCases(db: Db, q: CasesQuery, now: Date, order: CaseFilter['order'] = 'newest'): Promise<CaseView[]> {
  const filter: CaseFilter = { order };
  if (q.state) {
    if (!isState(q.state)) throw new GaspError('cases.state', { value: q.state });
    filter.state = q.state;
  }
  if (q.office) filter.office = (await requireOffice(db, q.office)).no;
  if (q.executor) filter.executor = q.executor;
  if (q.overdue) filter.overdueAt = now.toISOString();
  if (q.date) Object.assign(filter, registeredOn(q.date));
  const rows = await listCases(db, filter);
  return rows.map((r) => caseView(r, now));
}

/** The filter for cases registered on one local day. */
export function registeredOn(date: string): Pick<CaseFilter, 'registeredFrom' | 'registeredTo'> {
  if (!isIsoDate(date)) throw new GaspError('date.invalid', { value: date });
  return { registeredFrom: atLocal(date, 0).toISOString(), registeredTo: atLocal(addDays(date, 1), 0).toISOString() };
}

export function overdueCases(db: Db, q: { office?: string }, now: Date): Promise<CaseView[]> {
  return findCases(db, { office: q.office, overdue: true }, now, 'deadline');
}
