// Steps 2–6, the return and the withdrawal (one shape, different rules and fields), and the
// head's reassignment of a case to another executor.
import { GaspError, UsageError } from '../../errors.js';
import { deadlineFrom } from '../../domain/deadlines.js';
import { type CaseState, type Decision, type IssueChannel, type Move, MOVES, REASSIGN, WAITING, currentStep } from '../../domain/procedure.js';
import { checkOptionalText } from '../../domain/text.js';
import { formatLocalIso } from '../../domain/time.js';
import type { Db } from '../../store/db.js';
import { type CaseRow, appendEvent, getCaseByRegno, updateCase } from '../../store/cases.js';
import { type StaffRow, getStaff } from '../../store/staff.js';
import { writeTransaction } from '../../store/tx.js';
import { reasonChoices, refusalReasons } from '../reference.js';
import { type StoredDetermination, computeDetermination, hasStep3Records, redetermine, storedDetermination } from '../eligibility.js';
import { incomeRefusalText, notRegisteredText } from '../../documents/amounts.js';
import type { DocLang } from '../../documents/template.js';
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

export interface ReviewInput {
  note?: string;
  /** true: determine from what is recorded, even nothing; false: a paper case, reviewed without
   * one (refused when step 3 was recorded); absent: determine when anything is recorded. */
  determination?: boolean;
}

/** Step 3: the determination computed from the family and incomes recorded, stored on the case
 * and in the event; a case with nothing recorded is reviewed as before, without one (a paper
 * case). A case already reviewed (a returned draft, a changed income) gets its determination
 * made again, in a `determine` event. */
export async function reviewCase(db: Db, actor: Actor, regnoValue: string, input: ReviewInput, env: Env): Promise<CaseView> {
  const note = checkOptionalText(input.note, 'note', 'text')?.trim() || null;
  const regno = normaliseRegno(regnoValue);
  const peek = await requireVisibleCase(db, actor, regno);
  if (peek.state === 'reviewed' && (input.determination === true || (input.determination === undefined && (await hasStep3Records(db, peek))))) {
    requireRole(actor, MOVES.review.roles, 'review');
    return redetermine(db, actor, regno, note, env, (tx, r) => reread(tx, r, env.now));
  }
  return moveCase(
    db,
    actor,
    regno,
    {
      move: 'review',
      apply: async (tx, row) => {
        const recorded = await hasStep3Records(tx, row);
        if (input.determination === false && recorded) throw new GaspError('review.recorded', { regno: row.regno });
        if (input.determination === false || (input.determination === undefined && !recorded)) {
          return { patch: { determination: null }, details: { note, determination: null } };
        }
        const det = await computeDetermination(tx, actor, row, env);
        return { patch: { determination: JSON.stringify(det) }, details: { note, determination: det } };
      },
    },
    env,
  );
}

export interface DraftInput {
  /** Absent: the determination's outcome. */
  decision?: Decision;
  reason?: string;
  reasonText?: string;
  /** A decision against the determination, with the comment the head sees at signing. */
  override?: boolean;
  comment?: string;
}

const NO_GRANT = { grant_members: null, grant_monthly_tiyn: null, grant_months: null, grant_total_tiyn: null } as const;

/** Step 4. Without --grant/--refuse the draft takes the determination's outcome (a refusal its
 * ground and figures); a decision against it needs --override and a comment; a case without a
 * determination (a paper case) is drafted by hand, and the draft says so. */
export function draftDecision(db: Db, actor: Actor, regno: string, input: DraftInput, env: Env): Promise<CaseView> {
  const typedText = checkOptionalText(input.reasonText, 'reasonText', 'text')?.trim() || null;
  const comment = checkOptionalText(input.comment, 'comment', 'text')?.trim() || null;
  if (input.override && !comment) throw new GaspError('draft.overrideComment', {});
  if (comment && !input.override) throw new UsageError('draft.commentOnly', {});
  if (input.override && !input.decision) throw new UsageError('draft.overrideChoose', {});
  if (input.decision === 'refuse' && input.reason !== undefined) checkReason(input.reason, typedText);
  if (input.decision === 'grant' && (input.reason || typedText)) throw new GaspError('draft.grantReason', {});
  if (!input.decision && (input.reason || typedText)) throw new GaspError('draft.reasonNeedsRefuse', {});
  return moveCase(
    db,
    actor,
    regno,
    {
      move: 'draft',
      apply: async (tx, row) => {
        const det = storedDetermination(row);
        if (!det) {
          if (await hasStep3Records(tx, row)) throw new GaspError('draft.stale', { regno: row.regno });
          if (!input.decision) throw new GaspError('draft.noDetermination', { regno: row.regno });
          if (input.override) throw new GaspError('draft.overrideNeedless', { regno: row.regno });
          if (input.decision === 'refuse' && input.reason === undefined) throw new GaspError('draft.noReason', { accepted: reasonChoices() });
          const reason = input.decision === 'refuse' ? input.reason! : null;
          return {
            patch: { decision: input.decision, reason, reason_text: typedText, override_comment: null, ...NO_GRANT },
            details: { decision: input.decision, reason, reason_text: typedText, determination: null },
          };
        }
        const outcome: Decision = det.eligible ? 'grant' : 'refuse';
        const decision = input.decision ?? outcome;
        const against = decision !== outcome;
        if (against && !input.override) {
          throw new GaspError('draft.against', { regno: row.regno, decision, outcome, ground: det.grounds[0] ?? '' });
        }
        if (!against && input.override) throw new GaspError('draft.overrideNeedless', { regno: row.regno });
        let reason: string | null = null;
        let reasonText: string | null = typedText;
        if (decision === 'refuse') {
          if (input.reason !== undefined) reason = input.reason;
          else if (!against) {
            // The ground's figures, and what the executor typed beside them.
            reason = det.grounds[0]!;
            // Kept in Russian, as the case's other texts; a Kazakh letter says them in Kazakh.
            const figures = groundText(det, reason, 'ru');
            reasonText = [figures, typedText].filter(Boolean).join('; ') || null;
          } else throw new GaspError('draft.noReason', { accepted: reasonChoices() });
        }
        // A grant pays what the determination gives; one against it, what the income alone gives
        // (none when the income is not below the line).
        const amount = decision === 'grant' ? (det.eligible ? det : det.income_amount) : null;
        // The members of a grant count in the report whether or not it has an amount.
        const grant = amount
          ? { grant_members: det.n, grant_monthly_tiyn: amount.monthly_tiyn, grant_months: amount.months, grant_total_tiyn: amount.quarter_total_tiyn }
          : { ...NO_GRANT, grant_members: decision === 'grant' ? det.n : null };
        return {
          patch: { decision, reason, reason_text: reasonText, override_comment: against ? comment : null, ...grant },
          details: {
            decision,
            reason,
            reason_text: reasonText,
            determination: { eligible: det.eligible, computed_at: det.computed_at },
            ...(decision === 'grant' ? { members: det.n } : {}),
            ...(against ? { override: comment } : {}),
            ...(amount ? { amount: { members: det.n, monthly_tiyn: amount.monthly_tiyn, months: amount.months, from: det.period.from, to: det.period.to, total_tiyn: amount.quarter_total_tiyn } } : {}),
          },
        };
      },
    },
    env,
  );
}

/** A refusal's reason checked against the table (other needs its text). */
function checkReason(reason: string, text: string | null): void {
  if (!refusalReasons().some((r) => r.code === reason)) throw new GaspError('draft.badReason', { value: reason, accepted: reasonChoices() });
  if (reason === 'other' && !text) throw new GaspError('draft.otherText', {});
}

/** The text a refusal drafted from the determination carries: its figures, or the members. */
export function groundText(det: StoredDetermination, ground: string, lang: DocLang): string | null {
  if (ground === 'income-above-poverty-line') return incomeRefusalText(det.per_capita_tiyn, det.poverty_line.line_tiyn, lang);
  if (ground === 'not-registered-unemployed') return notRegisteredText(det.members.filter((m) => det.not_registered.includes(m.iin)).map((m) => m.name), lang);
  return null;
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
        details: { decision: row.decision, ...(row.override_comment ? { override: row.override_comment } : {}) },
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
        patch: { decision: null, reason: null, reason_text: null, override_comment: null, ...NO_GRANT },
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
