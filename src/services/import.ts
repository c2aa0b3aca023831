// Bulk registration of paper registers: the same validation as `register`, every row checked
// before anything is written, then short transactions that clerks' registrations can slip
// between, and an import key so that running the same file again adds nothing twice.
// Rows may bring cases already decided on paper: they enter in the state given, with their
// history marked as imported.
import { GaspError } from '../errors.js';
import { LANGS, errorMessage, hasMessage, t } from '../i18n/index.js';
import { deadlineFrom } from '../domain/deadlines.js';
import { type CaseState, type Step, CLOSED_STATES, DECISIONS, ISSUE_CHANNELS, STATES, currentStep } from '../domain/procedure.js';
import { charClass, charCode, checkText, firstForbidden, startsFormula } from '../domain/text.js';
import { formatLocalIso, localYear, parseTime } from '../domain/time.js';
import type { Db } from '../store/db.js';
import { type ImportedCase, type NewCase, counters, existingImportKeys, insertImported, openCasesOfIins, setCounter } from '../store/cases.js';
import { listAkimats, listOffices } from '../store/directory.js';
import { listStaff } from '../store/staff.js';
import { storeFailure } from '../store/failures.js';
import { bulkWrites } from '../store/raw.js';
import { writeTransaction } from '../store/tx.js';
import { type Applicant, type Env, checkDocuments, checkReceivedAt, formatRegno, newCaseRow, validateApplicant } from './cases.js';
import { documentTypes, reasonChoices, refusalReasons } from './reference.js';
import { type Actor, requireRole } from './staff.js';

export const IMPORT_COLUMNS = ['iin', 'name', 'address', 'received_at'] as const;
export const IMPORT_OPTIONAL = [
  'phone',
  'office',
  'akimat',
  'intake',
  'docs',
  'state',
  'decision',
  'reason',
  'reason_text',
  'executor',
  'signed_at',
  'issued_at',
  'issue_channel',
  'paper_no',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number] | (typeof IMPORT_OPTIONAL)[number];

/** A cell as a reader gives it: CSV gives text; a workbook may give numbers and dates (a date
 * as Excel keeps it: the wall-clock time in the UTC fields of the Date). */
export type ImportCell = string | number | boolean | Date | null;

export interface ImportRow {
  line: number;
  cells: ImportCell[];
}

export interface ImportTable {
  header: string[];
  rows: AsyncIterable<ImportRow>;
  /** CSV: every row must have as many fields as the header (a stray separator in an address
   * shifts every later column). A workbook's rows simply end at their last filled cell. */
  exactWidth: boolean;
}

export interface Rejected {
  line: number;
  message: string;
  record: Record<string, string>;
}

export interface ImportResult {
  total: number;
  added: number;
  skipped: number;
  rejected: Rejected[];
  dryRun: boolean;
}

/** The states a row may bring: the procedure's, except an akimat's unforwarded intake and a
 * withdrawal (neither is a step a paper register records with its time). */
const PAPER_STEPS = ['registered', 'assigned', 'reviewed', 'drafted', 'signed', 'issued'] as const satisfies readonly CaseState[];
/** The states a paper register can bring a case in: a step of the procedure, or withdrawn. */
const PAPER_STATES = [...PAPER_STEPS, 'withdrawn'] as const satisfies readonly CaseState[];
type PaperState = (typeof PAPER_STATES)[number];
/** A withdrawn case stops before a decision: it may name its executor and nothing after. */
const rank = (s: PaperState) => (s === 'withdrawn' ? PAPER_STEPS.indexOf('assigned') : PAPER_STEPS.indexOf(s));

/** Documents as codes («application,identity») or by their names in any language, separated by
 * «;» as gasp's export writes them (the names themselves hold commas). */
function docCodes(raw: string): string[] {
  const value = raw.trim();
  if (!value) return [];
  if (/^[a-z0-9_\-,;\s]*$/.test(value)) return value.split(/[,;\s]+/);
  const byName = new Map<string, string>();
  for (const d of documentTypes()) for (const name of [d.ru, d.kk]) byName.set(fold(name), d.code);
  return value.split(';').map((part) => byName.get(fold(part)) ?? part.trim());
}
const TIME_COLUMNS = new Set<string>(['received_at', 'signed_at', 'issued_at']);

/** The first character in a cell that says the file itself is damaged: bytes that were not
 * UTF-8 (read as U+FFFD, or a lone surrogate) or a NUL. Other characters are judged by the
 * column's own rule (a name, an address), or fail to match a code. */
function damagedChar(cell: string): { position: number; cp: number } | null {
  if (!firstForbidden(cell, true)) return null;
  let position = 0;
  for (const ch of cell) {
    position++;
    const cp = ch.codePointAt(0)!;
    if (cp === 0 || charClass(cp) === 'utf8') return { position, cp };
  }
  return null;
}

/** Refuses a row with a damaged cell, naming the column and the position. */
function checkCells(header: string[], cells: ImportCell[]): void {
  cells.forEach((cell, i) => {
    if (typeof cell !== 'string') return;
    const bad = damagedChar(cell);
    if (!bad) return;
    const column = header[i] ?? String(i + 1);
    if (bad.cp === 0) throw new GaspError('import.cellChar', { column, position: bad.position, code: charCode(bad.cp) });
    throw new GaspError('import.cellUtf8', { column, position: bad.position });
  });
}

const fold = (s: string) => s.replace(/^\ufeff/, '').replace(/\s+/g, ' ').trim().toLowerCase();

/** Localized headers gasp itself writes (export, in any language) and the labels of its case
 * card, as aliases of the column codes. */
function headerAliases(): Map<string, ImportColumn | null> {
  const aliases = new Map<string, ImportColumn | null>();
  const pairs: [string, ImportColumn | null][] = [
    ['export.regno', 'paper_no'],
    ['export.received_at', 'received_at'],
    ['export.name', 'name'],
    ['export.iin', 'iin'],
    ['export.address', 'address'],
    ['export.intake', 'intake'],
    ['export.state', 'state'],
    ['export.executor', 'executor'],
    ['export.decision', 'decision'],
    ['export.reason', 'reason'],
    ['export.signed_at', 'signed_at'],
    ['export.issued_at', 'issued_at'],
    ['export.issue_channel', 'issue_channel'],
    ['export.deadline', null],
    ['export.overdue', null],
    ['export.phone', 'phone'],
    ['export.docs', 'docs'],
    ['label.regno', 'paper_no'],
    ['label.applicant', 'name'],
    ['label.iin', 'iin'],
    ['col.address', 'address'],
    ['col.phone', 'phone'],
    ['col.office', 'office'],
    ['label.akimat', 'akimat'],
    ['label.intake', 'intake'],
    ['label.received', 'received_at'],
    ['label.docs', 'docs'],
    ['label.state', 'state'],
    ['label.executor', 'executor'],
    ['label.decision', 'decision'],
    ['label.reason', 'reason'],
    ['label.signed', 'signed_at'],
    ['label.issued', 'issued_at'],
    ['import.col.paper_no', 'paper_no'],
  ];
  for (const lang of LANGS) for (const [key, code] of pairs) if (hasMessage(key)) aliases.set(fold(t(key, {}, lang)), code);
  for (const c of [...IMPORT_COLUMNS, ...IMPORT_OPTIONAL]) aliases.set(c, c);
  return aliases;
}

/** The column code of each header cell (null: a column gasp does not read). */
export function resolveImportHeader(header: string[], path: string): (ImportColumn | null)[] {
  const aliases = headerAliases();
  const codes = header.map((h) => aliases.get(fold(unneutralise(h))) ?? null);
  const missing = IMPORT_COLUMNS.filter((c) => !codes.includes(c));
  if (missing.length) throw new GaspError('import.columns', { path, missing: missing.join(', ') });
  return codes;
}

/** Undoes the apostrophe that gasp's own export puts before a cell a spreadsheet would run as
 * a formula; any other apostrophe is the data's own. */
export function unneutralise(cell: string): string {
  return cell.charCodeAt(0) === 0x27 && startsFormula(cell.slice(1)) ? cell.slice(1) : cell;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A spreadsheet's wall-clock date as local time at the office, as text parseTime reads. */
function wallClock(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The text of a cell for a column. An ИИН that a spreadsheet turned into a number gets its
 * leading zeros back; a time stored as a bare Excel serial number is read as one. */
export function cellText(code: ImportColumn | null, cell: ImportCell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : wallClock(cell);
  if (typeof cell === 'number') {
    if (code === 'iin' && Number.isInteger(cell) && cell >= 0 && cell < 1e12) return String(cell).padStart(12, '0');
    if (code && TIME_COLUMNS.has(code) && cell > 0 && cell < 2958466) {
      // Days since 1899-12-30, the 1900 date system; rounded to the second.
      return wallClock(new Date(Math.round((cell - 25569) * 86400) * 1000));
    }
    return String(cell);
  }
  if (typeof cell === 'boolean') return String(cell);
  return unneutralise(cell).trim();
}

/** Matches a value against codes and their labels in every language: the first code, in the
 * order given, that is the value or has it as a label. The labels are folded once. */
function codeMatcher<T extends string>(prefix: string, codes: readonly T[]): (value: string) => T | undefined {
  const byText = new Map<string, T>();
  for (const c of codes) {
    if (!byText.has(c)) byText.set(c, c);
    const key = `${prefix}.${c}`;
    if (!hasMessage(key)) continue;
    for (const lang of LANGS) {
      const label = fold(t(key, {}, lang));
      if (!byText.has(label)) byText.set(label, c);
    }
  }
  return (value) => byText.get(fold(value));
}

/** A row that passed validation: what it says, checked and parsed. */
interface PaperCase {
  key: string;
  line: number;
  office: number;
  year: number;
  state: PaperState;
  akimat: string | null;
  applicant: Applicant;
  receivedAt: Date;
  docs: string[];
  missing: string[];
  executor: string | null;
  decision: (typeof DECISIONS)[number] | null;
  reason: string | null;
  reasonText: string;
  signedAt: Date | null;
  issuedAt: Date | null;
  channel: (typeof ISSUE_CHANNELS)[number] | null;
  paperNo: string | null;
}

/** The valid rows between validation and writing, kept small: each row's cell texts as one
 * UTF-8 record in large shared buffers (a NUL, which no valid cell holds, between the cells),
 * re-read and parsed again when its chunk is written. */
class RowStore {
  private blocks: (Buffer | undefined)[] = [];
  private used = 0;
  /** Per row: its block, its start and its end in that block. */
  private where = new Int32Array(3 * 1024);
  length = 0;
  private static readonly BLOCK = 1 << 20;

  /** Keeps a row's texts; its number in the store. */
  add(texts: string[]): number {
    const text = texts.join('\0');
    const size = Buffer.byteLength(text);
    let block = this.blocks[this.blocks.length - 1];
    if (!block || this.used + size > block.length) {
      block = Buffer.allocUnsafe(Math.max(RowStore.BLOCK, size));
      this.blocks.push(block);
      this.used = 0;
    }
    block.write(text, this.used);
    if (3 * this.length === this.where.length) this.where = grown(this.where);
    const at = 3 * this.length;
    this.where[at] = this.blocks.length - 1;
    this.where[at + 1] = this.used;
    this.where[at + 2] = this.used + size;
    this.used += size;
    return this.length++;
  }

  get(i: number): string[] {
    const w = this.where;
    return this.blocks[w[3 * i]!]!.toString('utf8', w[3 * i + 1], w[3 * i + 2]).split('\0');
  }

  /** Lets go of the blocks that hold only rows before this one (written already). */
  release(i: number): void {
    const upTo = i < this.length ? this.where[3 * i]! : this.blocks.length;
    for (let b = 0; b < upTo; b++) this.blocks[b] = undefined;
  }
}

/** A typed array twice as long, holding the same values. */
function grown<T extends Uint8Array | Int32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** A hash table outside the JavaScript heap from one to three numbers (a row's ИИН, time and
 * office) to a row number: 100,000 rows' keys as strings in a Set would be megabytes of objects
 * for the garbage collector to walk. Open addressing, linear probing, doubled when 80% full. */
class RowKeys {
  private keys: Float64Array;
  /** The row number plus one; 0 for a free slot. */
  private value: Int32Array;
  private size = 0;

  constructor(private readonly width: 1 | 3) {
    this.keys = new Float64Array(width << 12);
    this.value = new Int32Array(1 << 12);
  }

  private slot(a: number, b: number, c: number): number {
    const { keys, value, width } = this;
    const mask = value.length - 1;
    let h = Math.imul((a % 0x40000000) | 0, 0x9e3779b1) ^ Math.imul((b % 0x40000000) | 0, 0x85ebca6b) ^ Math.imul(c | 0, 0xc2b2ae35);
    h ^= h >>> 15;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      if (value[i] === 0) return i;
      const k = i * width;
      if (keys[k] === a && (width === 1 || (keys[k + 1] === b && keys[k + 2] === c))) return i;
    }
  }

  get(a: number, b = 0, c = 0): number | undefined {
    const i = this.slot(a, b, c);
    return this.value[i] === 0 ? undefined : this.value[i]! - 1;
  }

  set(row: number, a: number, b = 0, c = 0): void {
    const i = this.slot(a, b, c);
    if (this.value[i] === 0) {
      const k = i * this.width;
      this.keys[k] = a;
      if (this.width === 3) [this.keys[k + 1], this.keys[k + 2]] = [b, c];
      this.size++;
    }
    this.value[i] = row + 1;
    if (5 * this.size > 4 * this.value.length) this.grow();
  }

  private grow(): void {
    const { keys, value, width } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.value = new Int32Array(value.length * 2);
    this.size = 0;
    for (let i = 0; i < value.length; i++) {
      if (value[i] !== 0) this.set(value[i]! - 1, keys[i * width]!, width === 3 ? keys[i * width + 1] : 0, width === 3 ? keys[i * width + 2] : 0);
    }
  }
}

/** What the writing needs to know of each valid row before parsing it again, in typed arrays
 * (no object or string per row): its line, its text in the RowStore, when it was received, the
 * applicant's ИИН and the office (together its import key), and whether the case is open. */
class ValidRows {
  length = 0;
  private line = new Int32Array(1024);
  private slot = new Int32Array(1024);
  private office = new Int32Array(1024);
  private open = new Uint8Array(1024);
  private received = new Float64Array(1024);
  private iin = new Float64Array(1024);

  push(r: { line: number; slot: number; office: number; open: boolean; received: number; iin: string }): void {
    if (this.length === this.line.length) {
      this.line = grown(this.line);
      this.slot = grown(this.slot);
      this.office = grown(this.office);
      this.open = grown(this.open);
      this.received = grown(this.received);
      this.iin = grown(this.iin);
    }
    const i = this.length++;
    this.line[i] = r.line;
    this.slot[i] = r.slot;
    this.office[i] = r.office;
    this.open[i] = r.open ? 1 : 0;
    this.received[i] = r.received;
    // Twelve digits: exact in a double, leading zeros given back by iinOf.
    this.iin[i] = Number(r.iin);
  }

  lineOf = (i: number) => this.line[i]!;
  slotOf = (i: number) => this.slot[i]!;
  receivedOf = (i: number) => this.received[i]!;
  isOpen = (i: number) => this.open[i] === 1;
  iinOf = (i: number) => String(this.iin[i]).padStart(12, '0');
  keyOf = (i: number) => importKey(this.iinOf(i), new Date(this.received[i]!), this.office[i]!);
}

/** What tells a row of a paper register from the others, in a file and in the database: the
 * applicant, the time the documents were received and the office. */
const importKey = (iin: string, receivedAt: Date, office: number) => `${iin}|${receivedAt.toISOString()}|${office}`;

/** Cases written per transaction: whole thousands (a chunk is whole or absent), so that a
 * clerk's registration waits for one chunk at most, never for the whole file. */
export const IMPORT_CHUNK = 1000;
/** How long one chunk should hold the write lock: a chunk grows (by half at most, in whole
 * thousands) while chunks are written faster than this (fewer commits), and shrinks when the
 * machine is slower. */
const CHUNK_TARGET_MS = 200;
const MAX_CHUNK = 20 * IMPORT_CHUNK;
/** The pause between chunks, long enough for a clerk waiting on the lock to take it. */
const CHUNK_PAUSE_MS = 8;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function importRegister(
  db: Db,
  actor: Actor,
  table: ImportTable,
  opts: { source: string; dryRun?: boolean; skipInvalid?: boolean; duplicateOk?: boolean; onProgress?: (rows: number) => void },
  env: Env,
): Promise<ImportResult> {
  requireRole(actor, ['admin'], 'import');
  if (table.header.every((h) => !h || !h.trim())) throw new GaspError('import.empty', { path: opts.source });
  table.header.forEach((h, i) => {
    const bad = damagedChar(h);
    if (bad) throw new GaspError('import.headerUtf8', { path: opts.source, column: i + 1, position: bad.position });
  });
  const codes = resolveImportHeader(table.header, opts.source);
  const offices = new Set((await listOffices(db)).map((o) => o.no));
  const akimatOffice = new Map((await listAkimats(db, {})).map((a) => [a.code, a.office]));
  const executors = (await listStaff(db)).filter((s) => s.role === 'executor');
  const reasons = refusalReasons();
  const stateOf = codeMatcher('state', STATES);
  const decisionOf = codeMatcher('decision', DECISIONS);
  const channelOf = codeMatcher('channel', ISSUE_CHANNELS);
  // The same few document lists come on every row: each is checked once.
  const docLists = new Map<string, { docs: string[]; missing: string[] }>();
  const documents = (raw: string) => {
    let found = docLists.get(raw);
    if (!found) {
      found = checkDocuments(docCodes(raw));
      if (docLists.size < 1000) docLists.set(raw, found);
    }
    return found;
  };
  // The current step's deadline runs from the moment of the import: one per step.
  const currentDeadlines = new Map<Step, Date>();
  const currentDeadline = (step: Step) => {
    let d = currentDeadlines.get(step);
    if (!d) currentDeadlines.set(step, (d = deadlineFrom(env.now, env.limits[step], env.calendar)));
    return d;
  };
  const result: ImportResult = { total: 0, added: 0, skipped: 0, rejected: [], dryRun: Boolean(opts.dryRun) };
  const collect = Boolean(opts.skipInvalid || opts.dryRun);

  const akimatCode = (value: string): string => {
    const m = /^(\d{1,2})-(\d{1,2})$/.exec(value);
    const code = m ? `${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}` : value;
    if (!akimatOffice.has(code)) throw new GaspError('akimat.invalid', { value });
    return code;
  };

  const time = (field: string, raw: string): Date => {
    const d = parseTime(raw);
    if (!d) throw new GaspError(field === 'received_at' ? 'receivedAt.invalid' : 'import.time', { field, value: raw });
    if (d > env.now) throw new GaspError(field === 'received_at' ? 'register.future' : 'import.future', { field, value: formatLocalIso(d), now: formatLocalIso(env.now) });
    return d;
  };

  /** A row validated and parsed; `received` (when the row was parsed before) spares parsing its
   * time again. */
  const toCase = (line: number, r: Record<string, string>, received?: number): PaperCase => {
    const applicant = validateApplicant({ iin: r.iin ?? '', name: r.name ?? '', address: r.address ?? '', phone: r.phone });
    const receivedAt = received === undefined ? time('received_at', r.received_at ?? '') : new Date(received);
    checkReceivedAt(receivedAt, applicant.birthDate, env.now);

    // Where it was taken in: akimat and office columns, or the export's "intake" column
    // ("Отдел 07" or "07-02 <name of the akimat>").
    let office: number | undefined;
    let akimat: string | null = null;
    const intake = r.intake ?? '';
    const akimatValue = r.akimat || /^(\d{1,2}-\d{1,2})(\s|$)/.exec(intake)?.[1] || '';
    const officeValue = r.office || (akimatValue ? '' : (/(\d{1,2})\s*$/.exec(intake)?.[1] ?? ''));
    if (intake && !akimatValue && !officeValue) throw new GaspError('import.intake', { value: intake });
    if (akimatValue) {
      akimat = akimatCode(akimatValue);
      office = akimatOffice.get(akimat)!;
    }
    if (officeValue) {
      const no = Number(officeValue);
      if (!/^\d{1,2}$/.test(officeValue) || !offices.has(no)) throw new GaspError('office.notFound', { value: officeValue, max: 19 });
      if (office !== undefined && office !== no) throw new GaspError('akimat.invalid', { value: akimatValue });
      office = no;
    }
    office ??= actor.office ?? undefined;
    if (office === undefined) throw new GaspError('import.noOffice', { login: actor.login });
    const { docs, missing } = documents(r.docs ?? '');

    // What was done on paper. The state may be left out: the furthest step filled in says it.
    let issuedRaw = r.issued_at ?? '';
    let channelRaw = r.issue_channel ?? '';
    if (issuedRaw && !channelRaw) {
      // The export writes "2013-01-22 10:00 лично": the time and how it was issued.
      const m = /^(\S+(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s+(\D.*)$/.exec(issuedRaw);
      if (m && channelOf(m[2]!)) [issuedRaw, channelRaw] = [m[1]!, m[2]!];
    }
    const reasonRaw = r.reason ?? '';
    let reasonText = checkText(r.reason_text ?? '', 'reasonText', 'text');
    checkText(r.paper_no ?? '', 'paperNo', 'name');
    let state: PaperState;
    if (r.state) {
      const s = stateOf(r.state);
      if (!s || !(PAPER_STATES as readonly string[]).includes(s)) throw new GaspError('import.state', { value: r.state, acceptedStates: PAPER_STATES.join(', ') });
      state = s as PaperState;
    } else if (issuedRaw || channelRaw) state = 'issued';
    else if (r.signed_at) state = 'signed';
    else if (r.decision) state = 'drafted';
    else if (r.executor) state = 'assigned';
    else state = 'registered';

    // Each field belongs to a step: required once the step is done, refused before it.
    const step = (field: string, value: string, from: PaperState, until: PaperState = 'issued') => {
      if (value && rank(state) < rank(from)) throw new GaspError('import.tooEarly', { field, value, state });
      if (!value && rank(state) >= rank(from) && rank(state) <= rank(until)) throw new GaspError('import.required', { field, state });
    };
    step('executor', r.executor ?? '', 'assigned', state === 'withdrawn' ? 'registered' : 'signed');
    step('decision', r.decision ?? '', 'drafted');
    step('signed_at', r.signed_at ?? '', 'signed');
    step('issued_at', issuedRaw, 'issued');
    step('issue_channel', channelRaw, 'issued');

    let executor: string | null = null;
    if (r.executor) {
      const v = fold(r.executor);
      const ex = executors.find((s) => s.office === office && (s.login === r.executor || fold(s.name) === v));
      if (!ex || (ex.disabled && state !== 'issued')) throw new GaspError('assign.executor', { value: r.executor, office: pad(office) });
      executor = ex.login;
    }
    let decision: (typeof DECISIONS)[number] | null = null;
    let reason: string | null = null;
    if (r.decision) {
      decision = decisionOf(r.decision) ?? null;
      if (!decision) throw new GaspError('import.decision', { value: r.decision });
    }
    if (decision === 'refuse') {
      if (!reasonRaw) throw new GaspError('import.noReason', { accepted: reasonChoices() });
      // A code, a label in any language, or the export's "label: text".
      const colon = reasonRaw.indexOf(':');
      const head = fold(colon > 0 ? reasonRaw.slice(0, colon) : reasonRaw);
      const known = reasons.find((x) => x.code === fold(reasonRaw) || [x.code, x.ru, x.kk, x.en].some((l) => fold(l) === head));
      if (!known) throw new GaspError('draft.badReason', { value: reasonRaw, accepted: reasonChoices() });
      if (colon > 0 && known.code !== fold(reasonRaw) && !reasonText) reasonText = reasonRaw.slice(colon + 1).trim();
      reason = known.code;
      if (reason === 'other' && !reasonText) throw new GaspError('import.otherText', {});
    } else if (reasonRaw || reasonText) {
      if (decision) throw new GaspError('import.grantReason', { value: reasonRaw || reasonText });
      throw new GaspError('import.tooEarly', { field: 'reason', value: reasonRaw || reasonText, state });
    }

    // Times in the order of the steps, none in the future.
    const signedAt = r.signed_at ? time('signed_at', r.signed_at) : null;
    const issuedAt = issuedRaw ? time('issued_at', issuedRaw) : null;
    if (signedAt && signedAt < receivedAt) throw new GaspError('import.order', { field: 'signed_at', value: formatLocalIso(signedAt), before: 'received_at', other: formatLocalIso(receivedAt) });
    if (issuedAt && signedAt && issuedAt < signedAt) throw new GaspError('import.order', { field: 'issued_at', value: formatLocalIso(issuedAt), before: 'signed_at', other: formatLocalIso(signedAt) });
    let channel: (typeof ISSUE_CHANNELS)[number] | null = null;
    if (channelRaw) {
      channel = channelOf(channelRaw) ?? null;
      if (!channel) throw new GaspError('import.channel', { value: channelRaw });
    }

    const year = localYear(receivedAt);
    const key = importKey(applicant.iin, receivedAt, office);
    return { key, line, office, year, state, akimat, applicant, receivedAt, docs, missing, executor, decision, reason, reasonText, signedAt, issuedAt, channel, paperNo: r.paper_no || null };
  };

  /** The case as it is written, its number still to be taken. */
  const rowOf = (c: PaperCase): NewCase => {
    // Deadlines: registration's runs from the receipt, as always. A step done on paper is
    // never overdue: a case still in work gets its current step's deadline from the moment of
    // the import, when the office's work on it in gasp begins; an issued case has none.
    const deadlines: Record<string, Date> = { register: deadlineFrom(c.receivedAt, env.limits.register, env.calendar) };
    const next: Step | null = currentStep(c.state);
    const current = next ? currentDeadline(next) : null;
    if (next && current) deadlines[next] = current;
    const row = newCaseRow({
      regno: '',
      office: c.office,
      year: c.year,
      seq: 0,
      akimat: c.akimat,
      receivedAt: c.receivedAt,
      registeredAt: c.receivedAt,
      clerk: actor.login,
      applicant: c.applicant,
      docs: c.docs,
      missing: c.missing,
      state: c.state,
      deadlines,
      current: current ?? c.receivedAt,
      importKey: c.key,
      paperNo: c.paperNo,
    });
    if (!current) row.deadline_at = null;
    if (c.state !== 'registered') {
      Object.assign(row, {
        executor: c.executor,
        decision: c.decision,
        reason: c.reason,
        reason_text: c.reasonText || null,
        signed_at: c.signedAt?.toISOString() ?? null,
        issued_at: c.issuedAt?.toISOString() ?? null,
        issue_channel: c.channel,
        updated_at: env.now.toISOString(),
      });
    }
    return row;
  };

  /** The case's history: its registration at the time received, and, for a case further on,
   * one event at the time of the import that brings it to its state with what paper says. */
  const history = (c: PaperCase, row: NewCase) => {
    // The details spelled out (no spread: this runs for every row), in the order they have always had.
    const source = opts.source;
    const events: ImportedCase['events'] = [
      {
        step: 'register',
        actor: actor.login,
        at: row.received_at,
        details: { state: 'registered', imported: true, source, line: c.line, paper_no: row.paper_no, docs: c.docs, missing_docs: c.missing },
      },
    ];
    if (c.state !== 'registered') {
      const local = (v: string | null) => (v ? formatLocalIso(new Date(v)) : null);
      events.push({
        step: 'import',
        actor: actor.login,
        at: env.now.toISOString(),
        details: {
          state: c.state,
          imported: true,
          source,
          line: c.line,
          executor: row.executor,
          decision: row.decision,
          reason: row.reason,
          reason_text: row.reason_text,
          signed_at: local(row.signed_at),
          issued_at: local(row.issued_at),
          channel: row.issue_channel,
          next_deadline: local(row.deadline_at),
        },
      });
    }
    return events;
  };

  /** A row's cells as text, one per column of the header. */
  const textsOf = (cells: ImportCell[]): string[] => table.header.map((_, i) => cellText(codes[i] ?? null, cells[i] ?? null));
  /** The values of the columns gasp reads (the first filled one where a column repeats). */
  const valuesOf = (texts: string[]): Record<string, string> => {
    const values: Record<string, string> = {};
    for (let i = 0; i < texts.length; i++) {
      const code = codes[i];
      if (code && !values[code]) values[code] = texts[i]!;
    }
    return values;
  };
  /** The row as the rejects file gives it back: every column under its own header. */
  const recordOf = (texts: string[]): Record<string, string> => {
    const record: Record<string, string> = {};
    table.header.forEach((h, i) => (record[h] = texts[i]!));
    return record;
  };

  const reject = (line: number, message: string, record: Record<string, string>) => {
    if (!collect) throw new GaspError('import.row', { line, message });
    result.rejected.push({ line, message, record });
  };
  const duplicateMessage = (c: { iin: string }, inFile: { line: number } | undefined, inDb: { regno: string; office: number; state: string } | undefined) =>
    inFile
      ? errorMessage('import.duplicateInFile', { iin: c.iin, line: inFile.line })
      : errorMessage('import.duplicate', { iin: c.iin, regno: inDb!.regno, office: pad(inDb!.office), state: inDb!.state });

  // 1. Every row is read and validated first, outside the write lock (reads only), so that a
  // bad row aborts the import before anything is written and clerks keep registering meanwhile.
  // The valid rows are kept as text (RowStore) with what the writing needs to know before it
  // parses them again: line, import key, whether the case is open, and for a repeated
  // application the case it repeats.
  const rowTexts = new RowStore();
  const valid = new ValidRows();
  /** A repeated application taken with --duplicate-ok: the open case it repeats, in the
   * database (its number) or earlier in the file (that row's index, numbered when written). */
  const duplicateOf = new Map<number, string | number>();
  /** The numbers given to the rows that later rows repeat. */
  const regnoOfRow = new Map<number, string>();
  /** Every row's import key so far (a row repeated in the file is skipped), and the first open
   * case of each ИИН in the file. */
  let seen = new RowKeys(3);
  let openInFile = new RowKeys(1);
  // A row's text goes into the store as soon as it is read (rows skipped or rejected leave
  // theirs unused): the rows waiting for the batch's look-up in the database stay small.
  type Checked = { key: string; iin: string; office: number; open: boolean; line: number; slot: number; received: number };
  let batch: Checked[] = [];
  const checkBatch = async () => {
    const existing = await existingImportKeys(db, batch.map((b) => b.key));
    const openInDb = await openCasesOfIins(db, batch.filter((b) => b.open && !existing.has(b.key)).map((b) => b.iin));
    for (const b of batch) {
      if (existing.has(b.key)) {
        result.skipped++;
        continue;
      }
      const index = valid.length;
      // One open case per ИИН, as at registration: against the database and the file itself.
      if (b.open) {
        const inFile = openInFile.get(Number(b.iin));
        const inDb = inFile === undefined ? openInDb.get(b.iin) : undefined;
        if ((inFile !== undefined || inDb) && !opts.duplicateOk) {
          reject(b.line, duplicateMessage(b, inFile === undefined ? undefined : { line: valid.lineOf(inFile) }, inDb), recordOf(rowTexts.get(b.slot)));
          continue;
        }
        if (inFile !== undefined) {
          duplicateOf.set(index, inFile);
          regnoOfRow.set(inFile, '');
        } else {
          if (inDb) duplicateOf.set(index, inDb.regno);
          openInFile.set(index, Number(b.iin));
        }
      }
      valid.push(b);
    }
    batch = [];
  };
  for await (const { line, cells } of table.rows) {
    if (cells.every((c) => c === null || c === '')) continue;
    result.total++;
    const texts = textsOf(cells);
    let c: PaperCase;
    try {
      checkCells(table.header, cells);
      if (table.exactWidth && cells.length !== table.header.length) {
        throw new GaspError('import.width', { count: cells.length, expected: table.header.length });
      }
      c = toCase(line, valuesOf(texts));
    } catch (e) {
      if (!(e instanceof GaspError)) throw e;
      reject(line, errorMessage(e.key, e.params), recordOf(texts));
      continue;
    }
    const iin = Number(c.applicant.iin);
    const received = c.receivedAt.getTime();
    if (seen.get(iin, received, c.office) !== undefined) {
      result.skipped++;
      continue;
    }
    seen.set(0, iin, received, c.office);
    batch.push({ key: c.key, iin: c.applicant.iin, office: c.office, open: !CLOSED_STATES.includes(c.state), line, slot: rowTexts.add(texts), received: c.receivedAt.getTime() });
    if (batch.length >= 1000) await checkBatch();
    if (result.total % 1000 === 0) opts.onProgress?.(result.total);
  }
  await checkBatch();
  seen = new RowKeys(3);
  openInFile = new RowKeys(1);
  if (result.total === 0) throw new GaspError('import.empty', { path: opts.source });
  result.rejected.sort((a, b) => a.line - b.line);
  opts.onProgress?.(result.total);
  if (opts.dryRun) return { ...result, added: valid.length };

  // 2. Written in short transactions, each chunk whole (its cases, their history, their search
  // words, the counters), so that a long import never holds the write lock for long. What
  // changed since the check is looked at again inside each chunk: a row imported meanwhile by
  // another run is skipped; a ИИН a clerk registered meanwhile is a bad row. Then each row is
  // parsed again, numbered and written, one at a time.
  let stoppedAt: Rejected | undefined;
  let size = IMPORT_CHUNK;
  try {
    await bulkWrites(db, async (between) => {
      for (let from = 0, to = 0; from < valid.length && !stoppedAt; from = to) {
        if (from > 0) {
          between();
          await pause(CHUNK_PAUSE_MS);
        }
        to = Math.min(valid.length, from + size);
        const started = performance.now();
        const done = await writeTransaction(db, async (tx) => {
          const keys: string[] = [];
          for (let index = from; index < to; index++) keys.push(valid.keyOf(index));
          const existing = await existingImportKeys(tx, keys);
          const checked = (index: number) => valid.isOpen(index) && !duplicateOf.has(index) && !existing.has(keys[index - from]!);
          const iins: string[] = [];
          for (let index = from; index < to; index++) if (checked(index)) iins.push(valid.iinOf(index));
          const openNow = await openCasesOfIins(tx, iins);
          const last = new Map((await counters(tx)).map((c) => [`${c.office}|${c.year}`, c.last]));
          const touched = new Set<string>();
          const named = new Map<number, string>();
          const rejected: Rejected[] = [];
          let added = 0;
          let skipped = 0;
          function* cases(): Generator<ImportedCase> {
            for (let index = from; index < to; index++) {
              if (existing.has(keys[index - from]!)) {
                skipped++;
                continue;
              }
              const texts = rowTexts.get(valid.slotOf(index));
              const c = toCase(valid.lineOf(index), valuesOf(texts), valid.receivedOf(index));
              const raced = checked(index) ? openNow.get(c.applicant.iin) : undefined;
              if (raced) {
                rejected.push({ line: c.line, message: duplicateMessage(c.applicant, undefined, raced), record: recordOf(texts) });
                if (!collect) return;
                continue;
              }
              const row = rowOf(c);
              const k = `${c.office}|${c.year}`;
              const seq = (last.get(k) ?? 0) + 1;
              last.set(k, seq);
              touched.add(k);
              row.seq = seq;
              row.regno = formatRegno(c.office, c.year, seq);
              if (regnoOfRow.has(index)) named.set(index, row.regno);
              const events = history(c, row);
              const dup = duplicateOf.get(index);
              if (dup !== undefined) {
                const of = typeof dup === 'string' ? dup : regnoOfRow.get(dup) || named.get(dup) || null;
                Object.assign(events[0]!.details, { duplicate_ok: true, duplicate_of: of });
              }
              added++;
              yield { row, events };
            }
          }
          await insertImported(tx, cases());
          for (const k of touched) {
            const [office, year] = k.split('|').map(Number) as [number, number];
            await setCounter(tx, office, year, last.get(k)!);
          }
          return { added, skipped, rejected, named };
        });
        // The next chunk in whole thousands: larger (by half at most) while they hold the lock for
        // less than the target, smaller when they hold it longer.
        const held = performance.now() - started;
        const next = Math.round(((to - from) * Math.min(1.5, CHUNK_TARGET_MS / Math.max(held, 1))) / IMPORT_CHUNK) * IMPORT_CHUNK;
        size = Math.min(MAX_CHUNK, Math.max(IMPORT_CHUNK, next));
        rowTexts.release(to < valid.length ? valid.slotOf(to) : rowTexts.length);
        for (const [index, regno] of done.named) regnoOfRow.set(index, regno);
        result.added += done.added;
        result.skipped += done.skipped;
        if (collect) result.rejected.push(...done.rejected);
        else stoppedAt = done.rejected[0];
      }
    });
  } catch (e) {
    // Chunks already written stay: a re-run of the file skips them by their import key.
    const failure = storeFailure(e);
    if (result.added === 0 || !(failure || e instanceof GaspError)) throw e;
    const reason = failure ? t(`failure.${failure}`) : errorMessage((e as GaspError).key, (e as GaspError).params);
    throw new GaspError('import.stopped', { reason, added: result.added, total: result.total });
  }
  if (stoppedAt && result.added === 0) throw new GaspError('import.row', { line: stoppedAt.line, message: stoppedAt.message });
  if (stoppedAt) {
    const reason = t('import.rejectedRow', { line: stoppedAt.line, message: stoppedAt.message });
    throw new GaspError('import.stopped', { reason, added: result.added, total: result.total });
  }
  result.rejected.sort((a, b) => a.line - b.line);
  return result;
}
