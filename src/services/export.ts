// The day's register and case lists as rows for CSV or an Excel workbook: one row per case,
// streamed from the database. Times are Date cells; a writer formats them.
import { type Lang, hasMessage, t } from '../i18n/index.js';
import { formatLocalPlain } from '../domain/time.js';
import { DECISIONS, ISSUE_CHANNELS, STATES } from '../domain/procedure.js';
import type { Db } from '../store/db.js';
import { type CaseFilter, type CaseRow, streamCases } from '../store/cases.js';
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

const EXPORT_FIELDS = ['regno', 'received_at', 'name', 'iin', 'address', 'akimat', 'office', 'state', 'executor', 'decision', 'reason', 'reason_text', 'signed_at', 'issued_at', 'issue_channel', 'deadline_at', 'phone', 'docs'] as const;
type ExportRow = Pick<CaseRow, (typeof EXPORT_FIELDS)[number]>;

export type ExportCell = string | Date | null;

/** How a column is written to a workbook: text, a code that must stay text (ИИН, numbers with
 * leading zeros), or a date and time. */
export type ExportKind = 'text' | 'code' | 'time';

export interface ExportColumn {
  code: string;
  header: string;
  kind: ExportKind;
  width: number;
}

export interface ExportTable {
  columns: ExportColumn[];
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
};

async function table(db: Db, filter: CaseFilter, lang: Lang, now: Date, layout: ExportLayout): Promise<ExportTable> {
  const akimats = new Map((await listAkimats(db, {})).map((a) => [a.code, a.name]));
  const staff = new Map((await listStaff(db)).map((s) => [s.login, s.name]));
  const reasons = new Map(refusalReasons().map((r) => [r.code, r]));
  const docLang = lang === 'kk' ? 'kk' : lang === 'en' ? 'en' : 'ru';
  const time = (iso: string | null) => (iso ? new Date(iso) : null);
  const nowIso = now.toISOString();
  const stateLabel = labels('state', STATES, lang);
  const decisionLabel = labels('decision', DECISIONS, lang);
  const channelLabel = labels('channel', ISSUE_CHANNELS, lang);
  const officeWord = t('col.office', {}, lang);
  const yes = t('export.yes', {}, lang);
  // Documents by name, one language, separated by «;» (their names hold commas).
  const docNames = new Map(documentTypes().map((d) => [d.code, d[lang === 'kk' ? 'kk' : 'ru']]));
  const codes: string[] = layout === 'xlsx' ? [...EXPORT_COLUMNS.slice(0, 12), 'issue_channel', ...EXPORT_COLUMNS.slice(12)] : [...EXPORT_COLUMNS];
  const toRow = (c: ExportRow): ExportCell[] => {
    const reason = c.reason ? [reasons.get(c.reason)?.[docLang] ?? c.reason, c.reason_text].filter(Boolean).join(': ') : '';
    const intake = c.akimat ? `${c.akimat} ${akimats.get(c.akimat) ?? ''}`.trim() : `${officeWord} ${String(c.office).padStart(2, '0')}`;
    const issued: ExportCell[] =
      layout === 'xlsx' ? [time(c.issued_at), channelLabel(c.issue_channel)] : [c.issued_at ? `${formatLocalPlain(new Date(c.issued_at))} ${channelLabel(c.issue_channel)}` : ''];
    return [
      c.regno,
      time(c.received_at),
      c.name,
      c.iin,
      c.address,
      intake,
      stateLabel(c.state),
      c.executor ? (staff.get(c.executor) ?? c.executor) : '',
      decisionLabel(c.decision),
      reason,
      time(c.signed_at),
      ...issued,
      time(c.deadline_at),
      c.deadline_at !== null && c.deadline_at < nowIso ? yes : '',
      c.phone ?? '',
      (JSON.parse(c.docs) as string[]).map((d) => docNames.get(d) ?? d).join('; '),
    ];
  };
  async function* rows() {
    for await (const c of streamCases(db, filter, EXPORT_FIELDS)) yield toRow(c);
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
