// The tables as Kysely sees them. Times are ISO 8601 strings in UTC; booleans are 0/1 integers
// so that the same columns work on SQLite and PostgreSQL.
import type { Generated } from 'kysely';

export interface OfficeTable {
  no: number;
  name: string;
  district: string;
  address: string;
  email: string | null;
  phone: string;
  schedule: string;
  search_key: string;
}

export interface AkimatTable {
  code: string;
  office: number;
  no: number;
  name: string;
  address: string;
  website: string | null;
  email: string | null;
  phone: string | null;
  schedule: string;
  search_key: string;
}

export interface StaffTable {
  login: string;
  name: string;
  role: string;
  office: number | null;
  akimat: string | null;
  os_user: string | null;
  disabled: Generated<number>;
  created_at: string;
  password_hash: Generated<string | null>; // scrypt, salted; never the password
  failed_logins: Generated<number>; // wrong passwords in a row
  locked_until: Generated<string | null>;
}

export interface CaseTable {
  id: Generated<number>;
  regno: string;
  office: number;
  year: number;
  seq: number;
  akimat: string | null;
  intake: string; // 'office' | 'akimat'
  received_at: string;
  registered_at: string;
  forwarded_at: string | null;
  clerk: string;
  iin: string;
  name: string;
  name_key: string;
  birth_date: string;
  sex: string;
  address: string;
  phone: string | null;
  docs: string; // JSON array of codes
  missing_docs: string; // JSON array of codes
  state: string;
  resolution: string | null;
  executor: string | null;
  decision: string | null;
  reason: string | null;
  reason_text: string | null;
  signed_by: string | null;
  signed_at: string | null;
  issue_channel: string | null;
  issued_at: string | null;
  deadline_at: string | null;
  deadlines: string; // JSON {step: ISO}
  updated_at: string;
  import_key: string | null;
  paper_no: string | null; // the number in the paper register a case was imported from
  doc_lang: string; // 'ru' | 'kk': the language of the applicant's documents
  phone_key: string | null; // the phone's last ten digits, reversed (a prefix is a tail)
  employment: string | null; // the applicant's, when of working age (013)
  exempt_reason: string | null;
  determination: string | null; // JSON: the last determination of step 3, every figure
  override_comment: string | null; // why the draft goes against the determination
  grant_members: number | null; // a grant drafted from a determination: N,
  grant_monthly_tiyn: number | null; // the monthly amount,
  grant_months: number | null; // the months paid,
  grant_total_tiyn: number | null; // and the quarter's total
}

/** The columns of step 3 (013), which a new case leaves empty. */
export const STEP3_COLUMNS = ['employment', 'exempt_reason', 'determination', 'override_comment', 'grant_members', 'grant_monthly_tiyn', 'grant_months', 'grant_total_tiyn'] as const;

export interface FamilyMemberTable {
  case_id: number;
  iin: string;
  name: string;
  relation: string;
  birth_date: string;
  sex: string;
  employment: string | null;
  exempt_reason: string | null;
  added_by: string;
  added_at: string;
}

export interface IncomeLineTable {
  case_id: number;
  no: number; // the line's number in its case, never reused
  iin: string;
  kind: string;
  month: string; // YYYY-MM
  amount_tiyn: number;
  added_by: string;
  added_at: string;
}

/** A poverty line an admin set for a region and quarter (whole tenge, in tiyn). */
export interface PovertyLineTable {
  region: string;
  year: number;
  quarter: number;
  line_tiyn: number;
  subsistence_tiyn: number | null;
  source: string;
  set_by: string;
  set_at: string;
}

/** How long each step of a case took the first time (ms; null: not yet), kept with the history by
 * the store alone: the registration's from receipt to registration, the others from the case's
 * previous event that is not a print or an edit (UNTIMED_STEPS). Repeats are in step_repeats. */
export interface CaseStepsTable {
  office: number; // the case's office
  registered_at: string; // the case's registration (the report's period)
  case_id: number;
  register_ms: number | null;
  forward_ms: number | null;
  assign_ms: number | null;
  review_ms: number | null;
  draft_ms: number | null;
  sign_ms: number | null;
  issue_ms: number | null;
}

export interface CaseWordTable {
  word: string;
  case_id: number;
  // The case's own, beside each of its words (migration 008_scale; filled by a trigger when a
  // writer leaves them out): a name search checks the scope and orders without the cases.
  registered_at: string | null;
  office: number | null;
  akimat: string | null;
}

/** How many cases each office, akimat ('' for none) and state holds (kept by triggers). */
export interface CaseCountTable {
  office: number;
  akimat: string;
  state: string;
  n: number;
}

export interface EventTable {
  id: Generated<number>;
  case_id: number | null; // null: a staff or settings change
  office: number; // the chain the event belongs to (0: the database as a whole)
  step: string;
  actor: string;
  at: string;
  details: string; // JSON object
  prev_hash: string; // SHA-256 of the office's previous event (GENESIS for the first)
  hash: string; // SHA-256 of prev_hash and this event's canonical content
}

export interface ChainHeadTable {
  office: number;
  event_id: number;
  hash: string;
}

/** A step done again in a case (a draft after a return): its time, beside the first one that the
 * case holds. */
export interface StepRepeatTable {
  office: number; // the case's office
  step: string; // a step of STEPS
  registered_at: string; // the case's registration (the report's period)
  event_id: number; // the event that completed the step again
  ms: number; // milliseconds since the case's previous event
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface RegnoCounterTable {
  office: number;
  year: number;
  last: number;
}

export interface CalendarDayTable {
  date: string;
  kind: string; // 'off' | 'work'
  note: string | null;
  set_by: string;
  set_at: string;
}

export interface DB {
  offices: OfficeTable;
  akimats: AkimatTable;
  staff: StaffTable;
  cases: CaseTable;
  events: EventTable;
  case_words: CaseWordTable;
  case_counts: CaseCountTable;
  regno_counters: RegnoCounterTable;
  calendar_days: CalendarDayTable;
  chain_heads: ChainHeadTable;
  settings: SettingTable;
  case_steps: CaseStepsTable;
  step_repeats: StepRepeatTable;
  family_members: FamilyMemberTable;
  income_lines: IncomeLineTable;
  poverty_lines: PovertyLineTable;
}
