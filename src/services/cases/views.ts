// A case as users and scripts see it (the JSON contract), and registration numbers.
import { GaspError } from '../../errors.js';
import type { WorkingCalendar } from '../../domain/calendar.js';
import type { Limits } from '../../domain/deadlines.js';
import { type CaseState, type Decision, type IssueChannel, type Step, currentStep } from '../../domain/procedure.js';
import { formatLocalIso, localDate } from '../../domain/time.js';
import { paymentPeriod } from '../../domain/eligibility.js';
import { type StoredDetermination, storedDetermination } from '../eligibility.js';
import type { DocLang } from '../../documents/template.js';
import type { Db } from '../../store/db.js';
import { type CaseRow, type EventRow, eventsOf, staffNames } from '../../store/cases.js';

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

export type { DocLang };
export const DOC_LANGS: readonly DocLang[] = ['ru', 'kk'];

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
  doc_lang: DocLang;
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
  /** The number the case had in the paper register it was imported from. */
  paper_no: string | null;
  /** The applicant's employment (step 3), when recorded. */
  employment: string | null;
  exempt_reason: string | null;
  /** What a grant drafted from the determination pays (null: none, or drafted by hand). */
  grant: GrantView | null;
  /** Why the draft goes against the determination: the head reads it at signing. */
  override_comment: string | null;
  /** The determination of step 3, every figure it used (a single case's view only). */
  determination?: StoredDetermination | null;
  /** Full names of the staff the case and its history name, by login. */
  staff_names?: Record<string, string>;
  history?: HistoryEntry[];
}

const iso = (v: string | null) => (v ? formatLocalIso(new Date(v)) : null);

/** The columns of a case its view is made of (a listing's JSON reads no more). */
export const VIEW_COLUMNS = [
  'regno', 'state', 'office', 'akimat', 'intake', 'iin', 'name', 'birth_date', 'sex', 'address', 'phone', 'received_at', 'registered_at',
  'forwarded_at', 'clerk', 'docs', 'missing_docs', 'doc_lang', 'resolution', 'executor', 'decision', 'reason', 'reason_text', 'signed_by',
  'signed_at', 'issue_channel', 'issued_at', 'deadline_at', 'deadlines', 'paper_no',
  'employment', 'exempt_reason', 'override_comment', 'grant_members', 'grant_monthly_tiyn', 'grant_months', 'grant_total_tiyn',
] as const satisfies readonly (keyof CaseRow)[];
export type ViewRow = Pick<CaseRow, (typeof VIEW_COLUMNS)[number]>;

/** A case as a line of a list shows it: what printCaseList prints, no more. */
export type CaseLine = Pick<CaseView, 'regno' | 'state' | 'name' | 'iin' | 'executor' | 'deadline' | 'overdue' | 'staff_names'>;
export const LINE_COLUMNS = ['regno', 'state', 'name', 'iin', 'executor', 'deadline_at'] as const satisfies readonly (keyof CaseRow)[];
export type LineRow = Pick<CaseRow, (typeof LINE_COLUMNS)[number]>;

export function caseLine(row: LineRow, now: Date): CaseLine {
  return {
    regno: row.regno,
    state: row.state as CaseState,
    name: row.name,
    iin: row.iin,
    executor: row.executor,
    deadline: iso(row.deadline_at),
    overdue: row.deadline_at !== null && new Date(row.deadline_at) < now,
  };
}

export interface GrantView {
  members: number;
  monthly_tiyn: number;
  months: number;
  total_tiyn: number;
  from: string;
  to: string;
}

function grantOf(row: ViewRow): GrantView | null {
  if (row.grant_monthly_tiyn === null || row.grant_months === null || row.grant_total_tiyn === null || row.grant_members === null) return null;
  const period = paymentPeriod(localDate(new Date(row.received_at)));
  return { members: row.grant_members, monthly_tiyn: row.grant_monthly_tiyn, months: row.grant_months, total_tiyn: row.grant_total_tiyn, from: period.from, to: period.to };
}

export function caseView(row: ViewRow, now: Date, events?: EventRow[]): CaseView {
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
    doc_lang: row.doc_lang === 'kk' ? 'kk' : 'ru',
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
    paper_no: row.paper_no,
    employment: row.employment,
    exempt_reason: row.exempt_reason,
    grant: grantOf(row),
    override_comment: row.override_comment,
  };
  if ('determination' in row) view.determination = storedDetermination(row as Pick<CaseRow, 'determination'>);
  if (events) {
    view.history = events.map((e) => {
      const details = JSON.parse(e.details) as Record<string, unknown>;
      return { step: e.step, actor: e.actor, at: iso(e.at)!, ...details };
    });
  }
  return view;
}

/** Every login a case and its history name: the clerk, executors, signers, actors. */
function loginsOf(view: CaseView | CaseLine): string[] {
  const logins = 'clerk' in view ? [view.clerk, view.executor, view.signed_by] : [view.executor];
  for (const e of ('history' in view && view.history) || []) {
    logins.push(e.actor);
    for (const k of ['executor', 'from', 'to'] as const) if (typeof e[k] === 'string') logins.push(e[k] as string);
  }
  return logins.filter((l): l is string => Boolean(l));
}

/** Adds the staff's full names to case views (or lines), in one query for all of them. */
export async function withStaffNames<T extends CaseView | CaseLine | (CaseView | CaseLine)[]>(db: Db, views: T): Promise<T> {
  const list = Array.isArray(views) ? (views as (CaseView | CaseLine)[]) : [views as CaseView | CaseLine];
  const names = await staffNames(db, list.flatMap(loginsOf));
  for (const v of list) nameStaff(v, names);
  return views;
}

/** Adds the full names of the staff a case names, from names already read. */
export function nameStaff<T extends CaseView | CaseLine>(view: T, names: Record<string, string>): T {
  view.staff_names = Object.fromEntries(loginsOf(view).filter((l) => names[l]).map((l) => [l, names[l]!]));
  return view;
}

/** A case with its whole history and the staff's names: what a single case's screen shows. */
export async function fullView(db: Db, row: CaseRow, now: Date): Promise<CaseView> {
  return withStaffNames(db, caseView(row, now, await eventsOf(db, row.id)));
}

export function formatRegno(office: number, year: number, seq: number): string {
  return `${String(office).padStart(2, '0')}-${year}-${String(seq).padStart(5, '0')}`;
}

export const REGNO = /^\s*(\d{1,2})-(\d{4})-(\d{1,5})\s*$/;

export function normaliseRegno(value: string): string {
  const m = REGNO.exec(value);
  if (!m) throw new GaspError('regno.invalid', { value });
  return formatRegno(Number(m[1]), Number(m[2]), Number(m[3]));
}
