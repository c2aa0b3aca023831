// Steps 2–6, the return and the withdrawal (one shape, different rules and fields), and the
// head's reassignment of a case to another executor.
import { GaspError } from '../../errors.js';
import { deadlineFrom } from '../../domain/deadlines.js';
import { type CaseState, type Decision, type IssueChannel, type Move, MOVES, REASSIGN, WAITING, currentStep } from '../../domain/procedure.js';
import { checkOptionalText } from '../../domain/text.js';
import { formatLocalIso } from '../../domain/time.js';
import type { Db } from '../../store/db.js';
import { type CaseRow, appendEvent, getCaseByRegno, updateCase } from '../../store/cases.js';
import { type StaffRow, getStaff } from '../../store/staff.js';
import { writeTransaction } from '../../store/tx.js';
import { reasonChoices, refusalReasons } from '../reference.js';
import { type Actor, requireRole } from '../staff.js';
import { requireVisibleCase } from './scope.js';
import { type CaseView, type Env, fullView, normaliseRegno } from './views.js';

interface MoveSpec {
  move: Exclude<Move, 'register'>;
  /** Extra checks and the fields the move sets; runs inside the transaction. */
  apply?: (tx: Db, row: CaseRow) => Promise<{ patch?: Partial<CaseRow>; details?: Record<string, unknown> }>;
}

function checkOwnCase(actor: Actor, row: CaseRow): void {
  if (actor.role === 'executor' && row.executor !== actor.login) {
    throw new GaspError('perm.executor', { login: actor.login, regno: row.regno, executor: row.executor ?? '—' });
  }
}

function checkState(row: CaseRow, move: Exclude<Move, 'register'> | 'reassign', from: readonly string[]): void {
  if (from.includes(row.state)) return;
  const state = row.state as CaseState;
  const waiting = WAITING[state];
  if (!waiting) throw new GaspError('state.final', { regno: row.regno, state, move });
  throw new GaspError('state.wrong', { regno: row.regno, state, move, waiting: waiting.step, role: waiting.role });
}

/** The case after a write, with its history and the staff's names. */
export async function reread(tx: Db, regno: string, now: Date): Promise<CaseView> {
  const row = (await getCaseByRegno(tx, regno))!;
  return fullView(tx, row, now);
}

async function moveCase(db: Db, actor: Actor, regnoValue: string, spec: MoveSpec, env: Env): Promise<CaseView> {
  const rule = MOVES[spec.move];
  requireRole(actor, rule.roles, spec.move);
  const regno = normaliseRegno(regnoValue);
  return writeTransaction(db, async (tx) => {
    const row = await requireVisibleCase(tx, actor, regno);
    checkState(row, spec.move, rule.from);
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
    return reread(tx, regno, env.now);
  });
}

/** An active executor of the office, or a sentence saying who can be named. */
async function requireExecutor(tx: Db, login: string, office: number): Promise<StaffRow> {
  const ex = await getStaff(tx, login);
  if (!ex || ex.role !== 'executor' || ex.disabled || ex.office !== office) {
    throw new GaspError('assign.executor', { value: login, office: String(office).padStart(2, '0') });
  }
  return ex;
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
        const ex = await requireExecutor(tx, input.executor, row.office);
        const resolution = checkOptionalText(input.resolution, 'resolution', 'text')?.trim() || null;
        return { patch: { executor: ex.login, resolution }, details: { executor: ex.login, resolution } };
      },
    },
    env,
  );
}

export function reviewCase(db: Db, actor: Actor, regno: string, input: { note?: string }, env: Env): Promise<CaseView> {
  const note = checkOptionalText(input.note, 'note', 'text')?.trim() || null;
  return moveCase(db, actor, regno, { move: 'review', apply: async () => ({ details: { note } }) }, env);
}

export interface DraftInput {
  decision: Decision;
  reason?: string;
  reasonText?: string;
}

export function draftDecision(db: Db, actor: Actor, regno: string, input: DraftInput, env: Env): Promise<CaseView> {
  const reasonText = checkOptionalText(input.reasonText, 'reasonText', 'text')?.trim() || null;
  let reason: string | null = null;
  if (input.decision === 'refuse') {
    const reasons = refusalReasons();
    if (!input.reason) throw new GaspError('draft.noReason', { accepted: reasonChoices() });
    if (!reasons.some((r) => r.code === input.reason)) {
      throw new GaspError('draft.badReason', { value: input.reason, accepted: reasonChoices() });
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

function requireComment(comment: string | undefined, command: string): string {
  const c = checkOptionalText(comment, 'comment', 'text')?.trim();
  if (!c) throw new GaspError('comment.required', { command });
  return c;
}

export function returnDraft(db: Db, actor: Actor, regno: string, input: { comment: string }, env: Env): Promise<CaseView> {
  const comment = requireComment(input.comment, 'return');
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
  const comment = requireComment(input.comment, 'withdraw');
  return moveCase(db, actor, regno, { move: 'withdraw', apply: async () => ({ details: { comment } }) }, env);
}

// ---------------------------------------------------------------------------------------------
// Reassignment: the same case, the same step and deadline, another executor.

/** Hands one case to another executor; call inside a write transaction. */
export async function handCaseOver(tx: Db, actor: Actor, row: CaseRow, to: StaffRow, comment: string | null, env: Env, handover = false): Promise<void> {
  if (row.executor === to.login) throw new GaspError('reassign.same', { regno: row.regno, login: to.login });
  const nowIso = env.now.toISOString();
  await updateCase(tx, row.id, { executor: to.login, updated_at: nowIso });
  await appendEvent(tx, {
    case_id: row.id,
    step: 'reassign',
    actor: actor.login,
    at: nowIso,
    details: { state: row.state, from: row.executor, to: to.login, comment, ...(handover ? { handover: true } : {}) },
  });
}

export function reassignCase(db: Db, actor: Actor, regnoValue: string, input: { executor: string; comment: string }, env: Env): Promise<CaseView> {
  requireRole(actor, REASSIGN.roles, 'reassign');
  const comment = requireComment(input.comment, 'reassign');
  const regno = normaliseRegno(regnoValue);
  return writeTransaction(db, async (tx) => {
    const row = await requireVisibleCase(tx, actor, regno);
    checkState(row, 'reassign', REASSIGN.from);
    const to = await requireExecutor(tx, input.executor, row.office);
    await handCaseOver(tx, actor, row, to, comment, env);
    return reread(tx, regno, env.now);
  });
}
