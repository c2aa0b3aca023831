// The procedure of paragraph 11 and Appendix 5: case states, the moves between them, and who
// may make each move. Pure rules: the services apply them.

export const ROLES = ['clerk', 'head', 'executor', 'akimat', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const STATES = [
  'received_by_akimat',
  'registered',
  'assigned',
  'reviewed',
  'drafted',
  'signed',
  'issued',
  'withdrawn',
] as const;
export type CaseState = (typeof STATES)[number];

/** Steps with a time limit (Appendix 5), plus forwarding by an akimat (a setting). */
export const STEPS = ['register', 'forward', 'assign', 'review', 'draft', 'sign', 'issue'] as const;
export type Step = (typeof STEPS)[number];

/** Events that take no time of the procedure (a document printed, an edit): a step's time runs
 * from the case's previous event that is not one of these to the event that completes it; the
 * registration's own time runs from receipt to registration. */
export const UNTIMED_STEPS: readonly string[] = ['print', 'edit', 'family', 'income', 'determine'];

/** The executor's records of step 3 and a determination made again: events of a case that move
 * nothing (an executor of the case writes them). */
export const STEP3_EVENTS: readonly string[] = ['family', 'income', 'determine'];

/** The time a step took, in milliseconds, or null when the event completes no step of STEPS or
 * there is no earlier event to count from (the case's first event). */
export function stepMillis(step: string, at: string, previousAt: string | null): number | null {
  if (previousAt === null || !(STEPS as readonly string[]).includes(step)) return null;
  const ms = Date.parse(at) - Date.parse(previousAt);
  return Number.isFinite(ms) ? ms : null;
}

/** The registration's own time: from receipt to registration, never below zero. */
export function registrationMillis(receivedAt: string, registeredAt: string): number | null {
  const ms = Date.parse(registeredAt) - Date.parse(receivedAt);
  return Number.isFinite(ms) ? Math.max(0, ms) : null;
}

export type Move = 'register' | 'forward' | 'assign' | 'review' | 'draft' | 'sign' | 'return' | 'issue' | 'withdraw';

export interface MoveRule {
  from: readonly CaseState[];
  to: CaseState;
  roles: readonly Role[];
}

export const MOVES: Record<Exclude<Move, 'register'>, MoveRule> = {
  forward: { from: ['received_by_akimat'], to: 'registered', roles: ['akimat'] },
  assign: { from: ['registered'], to: 'assigned', roles: ['head'] },
  review: { from: ['assigned'], to: 'reviewed', roles: ['executor'] },
  draft: { from: ['reviewed'], to: 'drafted', roles: ['executor'] },
  sign: { from: ['drafted'], to: 'signed', roles: ['head'] },
  return: { from: ['drafted'], to: 'reviewed', roles: ['head'] },
  issue: { from: ['signed'], to: 'issued', roles: ['executor'] },
  withdraw: {
    from: ['received_by_akimat', 'registered', 'assigned', 'reviewed', 'drafted'],
    to: 'withdrawn',
    roles: ['clerk', 'head'],
  },
};

export const REGISTER_ROLES: readonly Role[] = ['clerk', 'akimat'];

/** A head gives a case that is not yet signed to another executor of the office. */
export const REASSIGN: { from: readonly CaseState[]; roles: readonly Role[] } = { from: ['assigned', 'reviewed', 'drafted'], roles: ['head'] };

/** Corrections of the applicant's data are possible until the decision is signed. */
export const CORRECT: { from: readonly CaseState[]; roles: readonly Role[] } = {
  from: ['received_by_akimat', 'registered', 'assigned', 'reviewed', 'drafted'],
  roles: ['clerk', 'head', 'akimat'],
};

/** Open cases: not yet issued or withdrawn. */
export const CLOSED_STATES: readonly CaseState[] = ['issued', 'withdrawn'];

/** Cases whose decision is signed: the report counts them granted or refused. */
export const DECIDED_STATES: readonly CaseState[] = ['signed', 'issued'];

/** What a case in a state is waiting for: the step and the role that makes it (null: done). */
export const WAITING: Record<CaseState, { step: Step; role: Role } | null> = {
  received_by_akimat: { step: 'forward', role: 'akimat' },
  registered: { step: 'assign', role: 'head' },
  assigned: { step: 'review', role: 'executor' },
  reviewed: { step: 'draft', role: 'executor' },
  drafted: { step: 'sign', role: 'head' },
  signed: { step: 'issue', role: 'executor' },
  issued: null,
  withdrawn: null,
};

/** The step whose deadline is current in a state. */
export function currentStep(state: CaseState): Step | null {
  return WAITING[state]?.step ?? null;
}

export function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

export function isState(v: string): v is CaseState {
  return (STATES as readonly string[]).includes(v);
}

export const DECISIONS = ['grant', 'refuse'] as const;
export type Decision = (typeof DECISIONS)[number];
export const ISSUE_CHANNELS = ['in-person', 'post'] as const;
export type IssueChannel = (typeof ISSUE_CHANNELS)[number];
