// The day's register and case lists as rows for CSV or an Excel workbook: one row per case,
// streamed from the database. Times are Date cells; a writer formats them.
import { type Lang, hasMessage, t } from '../i18n/index.js';
import { formatLocalPlain } from '../domain/time.js';
import { DECISIONS, ISSUE_CHANNELS, STATES } from '../domain/procedure.js';
import type { Db } from '../store/db.js';
import { type CaseFilter, type CaseValues, caseRows } from '../store/cases.js';
import { listAkimats } from '../store/directory.js';
import { listStaff } from '../store/staff.js';
import { documentTypes, refusalReasons } from './reference.js';
import { type Actor, requireRole } from './staff.js';
import { type CasesQuery, caseFilter, registeredOn } from './cases.js';

export const EXPORT_COLUMNS = [
  'regno',
  'received_at',
  'name',
  'iin',
  'address',
  'intake',
  'state',
  'executor',
  'decision',
  'reason',
  'signed_at',
  'issued_at',
  'deadline',
  'overdue',
  'phone',
  'docs',
  'amount_monthly',
  'amount_total',
] as const;

/** Labels of a code family (state, decision, channel) in a language, looked up once. */
function labels(prefix: string, codes: readonly string[], lang: Lang): (v: string | null) => string {
  const map = new Map(
    codes.map((c) => {
      const key = `${prefix}.${c}`;
      return [c, hasMessage(key) ? t(key, {}, lang) : c];
    }),
  );
  return (v) => (v ? (map.get(v) ?? v) : '');
}

const EXPORT_FIELDS = ['regno', 'received_at', 'name', 'iin', 'address', 'akimat', 'office', 'state', 'executor', 'decision', 'reason', 'reason_text', 'signed_at', 'issued_at', 'issue_channel', 'deadline_at', 'phone', 'docs', 'grant_monthly_tiyn', 'grant_total_tiyn'] as const;
type ExportRow = CaseValues<typeof EXPORT_FIELDS>;

export type ExportCell = string | number | Date | null;

/** How a column is written to a workbook: text, a code that must stay text (ИИН, numbers with
 * leading zeros), or a date and time. */
export type ExportKind = 'text' | 'code' | 'time' | 'tenge';

export interface ExportColumn {
  code: string;
  header: string;
  kind: ExportKind;
  width: number;
}

export interface ExportTable {
  columns: ExportColumn[];
  /** The rows, read from the database one at a time as they are written. */
  rows: AsyncIterable<ExportCell[]>;
}

/** `csv`: the columns as `--excel` has always written them (the time of issue and how, in one
 * cell); `xlsx`: the time of issue as a date cell and the channel in a column of its own. */
export type ExportLayout = 'csv' | 'xlsx';

const KINDS: Record<string, [ExportKind, number]> = {
  regno: ['code', 16],
  received_at: ['time', 17],
  name: ['text', 34],
  iin: ['code', 14],
  address: ['text', 40],
  intake: ['text', 24],
  state: ['text', 22],
  executor: ['text', 30],
  decision: ['text', 18],
  reason: ['text', 36],
  signed_at: ['time', 17],
  issued_at: ['time', 17],
  issue_channel: ['text', 12],
  deadline: ['time', 17],
  overdue: ['text', 10],
  phone: ['code', 18],
  docs: ['text', 60],
  amount_monthly: ['tenge', 14],
  amount_total: ['tenge', 14],
};

/** A stored time (ISO 8601 in UTC, as gasp writes it) as local time for a spreadsheet,
 * 2013-01-21 10:15 — what formatLocalPlain gives, without a Date or an offset look-up per cell:
 * the offset is asked once per day of UTC time, and where it is the same whole number of hours
 * at the day's first and last minute (Asia/Almaty's offsets only change between seasons), the
 * local date and hour of each hour of that day are worked out once and the minutes carried
 * over. Any other time, or another form of text, goes through formatLocalPlain. */
function localPlainTimes(): (iso: string) => string {
  /** Per UTC day: its start, the offset, and the local date and hour of each of its hours as met
   * ("2013-01-21 10"); null for a day left to formatLocalPlain. */
  const days = new Map<string, { start: number; offset: number; hours: string[] } | null>();
  const dayOf = (day: string) => {
    const start = Date.parse(`${day}T00:00:00.000Z`);
    // A day the calendar does not have (30 February) is left to Date, as it always was.
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== day) return null;
    const first = offsetAt(start);
    return first % HOUR === 0 && offsetAt(start + DAY - MINUTE) === first ? { start, offset: first, hours: [] as string[] } : null;
  };
  return (iso) => {
    if (iso.length === 24 && CANONICAL_TIME.test(iso)) {
      const key = iso.slice(0, 10);
      let day = days.get(key);
      if (day === undefined) days.set(key, (day = dayOf(key)));
      if (day) {
        const h = (iso.charCodeAt(11) - 48) * 10 + (iso.charCodeAt(12) - 48);
        const hour = (day.hours[h] ??= new Date(day.start + h * HOUR + day.offset).toISOString().slice(0, 13).replace('T', ' '));
        return hour + iso.slice(13, 16);
      }
    }
    return formatLocalPlain(new Date(iso));
  };
}

/** The offset formatLocalPlain applies at an instant, in milliseconds (NaN where its text is not
 * a plain date and time). */
function offsetAt(ms: number): number {
  return Date.parse(`${formatLocalPlain(new Date(ms)).replace(' ', 'T')}:00.000Z`) - Math.floor(ms / MINUTE) * MINUTE;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CANONICAL_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** Values that repeat from row to row (documents, akimats), each worked out once. */
function remembered<K, V>(work: (key: K) => V): (key: K) => V {
  const seen = new Map<K, V>();
  return (key) => {
    let v = seen.get(key);
    if (v === undefined && !seen.has(key)) {
      v = work(key);
      if (seen.size < 10_000) seen.set(key, v);
    }
    return v as V;
  };
}

async function table(db: Db, filter: CaseFilter, lang: Lang, now: Date, layout: ExportLayout): Promise<ExportTable> {
  const akimats = new Map((await listAkimats(db, {})).map((a) => [a.code, a.name]));
  const staff = new Map((await listStaff(db)).map((s) => [s.login, s.name]));
  const reasons = new Map(refusalReasons().map((r) => [r.code, r]));
  const docLang = lang === 'kk' ? 'kk' : lang === 'en' ? 'en' : 'ru';
  const nowIso = now.toISOString();
  const stateLabel = labels('state', STATES, lang);
  const decisionLabel = labels('decision', DECISIONS, lang);
  const channelLabel = labels('channel', ISSUE_CHANNELS, lang);
  const officeWord = t('col.office', {}, lang);
  const yes = t('export.yes', {}, lang);
  // Documents by name, one language, separated by «;» (their names hold commas).
  const docNames = new Map(documentTypes().map((d) => [d.code, d[lang === 'kk' ? 'kk' : 'ru']]));
  const docs = remembered((json: string) => (JSON.parse(json) as string[]).map((d) => docNames.get(d) ?? d).join('; '));
  const akimatIntake = remembered((code: string) => `${code} ${akimats.get(code) ?? ''}`.trim());
  const officeIntake = remembered((office: number) => `${officeWord} ${String(office).padStart(2, '0')}`);
  const codes: string[] = layout === 'xlsx' ? [...EXPORT_COLUMNS.slice(0, 12), 'issue_channel', ...EXPORT_COLUMNS.slice(12)] : [...EXPORT_COLUMNS];
  // CSV gets its times as text here; a workbook gets Date cells and formats them itself.
  const plain = localPlainTimes();
  const time: (iso: string | null) => ExportCell = layout === 'xlsx' ? (iso) => (iso ? new Date(iso) : null) : (iso) => (iso ? plain(iso) : null);
  const toRow = (c: ExportRow): ExportCell[] => {
    const [regno, receivedAt, name, iin, address, akimat, office, state, executor, decision, reasonCode, reasonText, signedAt, issuedAt, channel, deadlineAt, phone, docsJson, monthly, total] = c;
    const reason = reasonCode ? [reasons.get(reasonCode)?.[docLang] ?? reasonCode, reasonText].filter(Boolean).join(': ') : '';
    const row: ExportCell[] = [
      regno,
      time(receivedAt),
      name,
      iin,
      address,
      akimat ? akimatIntake(akimat) : officeIntake(office),
      stateLabel(state),
      executor ? (staff.get(executor) ?? executor) : '',
      decisionLabel(decision),
      reason,
      time(signedAt),
    ];
    if (layout === 'xlsx') row.push(time(issuedAt), channelLabel(channel));
    else row.push(issuedAt ? `${plain(issuedAt)} ${channelLabel(channel)}` : '');
    // What a grant drafted from a determination pays, in whole tenge (a number for a workbook).
    const granted = decision === 'grant';
    row.push(time(deadlineAt), deadlineAt !== null && deadlineAt < nowIso ? yes : '', phone ?? '', docs(docsJson), granted && monthly !== null ? monthly / 100 : null, granted && total !== null ? total / 100 : null);
    return row;
  };
  async function* rows() {
    for await (const batch of caseRows(db, filter, EXPORT_FIELDS)) for (const c of batch) yield toRow(c);
  }
  const columns = codes.map((code) => {
    const [kind, width] = KINDS[code]!;
    return { code, header: t(`export.${code}` as 'export.regno', {}, lang), kind, width };
  });
  return { columns, rows: rows() };
}

/** The register of one day: every case registered that day, in order, within what the actor sees. */
export async function exportRegister(
  db: Db,
  actor: Actor,
  q: { date: string; office?: string },
  lang: Lang,
  now: Date,
  layout: ExportLayout = 'csv',
): Promise<ExportTable> {
  requireRole(actor, ['admin', 'head'], 'export');
  const day = registeredOn(q.date);
  const filter = await caseFilter(db, actor, { office: q.office }, now);
  return table(db, { ...filter, ...day, order: 'registered' }, lang, now, layout);
}

/** Cases with the filters of gasp cases, within what the actor sees. */
export async function exportCases(db: Db, actor: Actor, q: CasesQuery, lang: Lang, now: Date, layout: ExportLayout = 'csv'): Promise<ExportTable> {
  requireRole(actor, ['admin', 'head'], 'export');
  const filter = await caseFilter(db, actor, q, now);
  return table(db, { ...filter, order: 'registered' }, lang, now, layout);
}
