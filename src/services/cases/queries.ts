// Reading cases: one case with its history, filtered and paged lists, a free search, overdue.
import { GaspError } from '../../errors.js';
import { LANGS, t } from '../../i18n/index.js';
import { type CaseState, STATES, isState } from '../../domain/procedure.js';
import { foldName, phoneKey, queryWords } from '../../domain/search.js';
import { checkText } from '../../domain/text.js';
import { addDays, atLocal, requireDate } from '../../domain/time.js';
import type { Db } from '../../store/db.js';
import { type AnyOf, type CaseFilter, type CaseRow, allStaffNames, countCases, iterateCases, listCases } from '../../store/cases.js';
import { requireOffice } from '../directory.js';
import { type Actor, LOGIN } from '../staff.js';
import { requireVisibleCase, scopeOf } from './scope.js';
import { type CaseLine, type CaseView, LINE_COLUMNS, type LineRow, REGNO, VIEW_COLUMNS, type ViewRow, caseLine, caseView, fullView, nameStaff, normaliseRegno, withStaffNames } from './views.js';

export async function getCase(db: Db, actor: Actor, regno: string, now: Date): Promise<CaseView> {
  const row = await requireVisibleCase(db, actor, regno);
  return fullView(db, row, now);
}

export interface CasesQuery {
  state?: string;
  office?: string;
  executor?: string;
  overdue?: boolean;
  date?: string; // YYYY-MM-DD, local: registered that day
  iin?: string;
  name?: string;
  phone?: string;
}

export interface Paging {
  page?: number;
  limit?: number;
}

export interface CasePage<T = CaseView> {
  cases: T[];
  total: number;
  page: number;
  limit: number | null;
}

/** A listing (cases, find, overdue) once its filter is checked: a page of lines for a terminal,
 * a page of whole cases for JSON, or every case one at a time. */
export interface Listing {
  lines(paging: Paging): Promise<CasePage<CaseLine>>;
  views(paging: Paging): Promise<CasePage<CaseView>>;
  /** Every case in the listing's order, a batch at a time, read as it is written out (flat
   * memory); nothing else may use the database until it is done. */
  all(): Promise<AsyncIterable<CaseView[]>>;
}

/** A state as typed: its code, or the word a screen shows for it in any language. */
export function parseState(value: string): CaseState {
  const v = value.trim();
  if (isState(v)) return v;
  const folded = foldName(v);
  for (const s of STATES) for (const lang of LANGS) if (foldName(t(`state.${s}`, {}, lang)) === folded) return s;
  throw new GaspError('cases.state', { value, acceptedStates: STATES.join(', ') });
}

const digitsOf = (v: string) => v.replace(/[\s()+-]/g, '');

/** The filter of a listing, from what the user typed, within what the actor may see. */
export async function caseFilter(db: Db, actor: Actor, q: CasesQuery, now: Date): Promise<CaseFilter> {
  const filter: CaseFilter = { scope: scopeOf(actor) };
  if (q.state) filter.state = parseState(q.state);
  if (q.office) {
    const no = (await requireOffice(db, q.office)).no;
    if (filter.scope?.office !== undefined && no !== filter.scope.office) {
      throw new GaspError('scope.office', { office: String(no).padStart(2, '0'), own: String(filter.scope.office).padStart(2, '0') });
    }
    filter.office = no;
  }
  if (q.executor !== undefined) {
    if (!LOGIN.test(q.executor)) throw new GaspError('staff.login', { value: q.executor });
    filter.executor = q.executor;
  }
  if (q.overdue) filter.overdueAt = now.toISOString();
  if (q.date) Object.assign(filter, registeredOn(q.date));
  if (q.iin !== undefined) {
    const iin = q.iin.trim();
    if (!/^\d{6,12}$/.test(iin)) throw new GaspError('cases.iin', { value: q.iin });
    if (iin.length === 12) filter.iin = iin;
    else filter.iinPrefix = iin;
  }
  if (q.name !== undefined) {
    checkText(q.name, 'query', 'name');
    const words = queryWords(q.name);
    if (!words.length) throw new GaspError('cases.name', { value: q.name });
    filter.words = words;
  }
  if (q.phone !== undefined) {
    const digits = q.phone.replace(/\D/g, '');
    if (digits.length < 4 || !/^[\d\s()+-]+$/.test(q.phone.trim())) throw new GaspError('cases.phone', { value: q.phone });
    filter.phone = phoneKey(digits)!;
  }
  return filter;
}

/** The page asked for, checked: the first page by default, at most 10,000 cases on one. */
function pageLimits(paging: Paging): { page: number; limit: number | null } {
  const page = paging.page ?? 1;
  if (!Number.isInteger(page) || page < 1) throw new GaspError('cases.page', { value: String(paging.page) });
  const limit = paging.limit ?? null;
  if (limit !== null && (!Number.isInteger(limit) || limit < 1 || limit > 10_000)) throw new GaspError('cases.limit', { value: String(paging.limit) });
  return { page, limit };
}

/** One page of a listing and how many there are in all (counted only when the page is full or
 * past the end); without a limit, every case. */
async function pageOf<R, T>(db: Db, filter: CaseFilter, paging: Paging, columns: readonly (keyof CaseRow & string)[], make: (row: R) => T): Promise<CasePage<T>> {
  const { page, limit } = pageLimits(paging);
  const rows = (await listCases(db, limit === null ? filter : { ...filter, limit, offset: (page - 1) * limit }, columns)) as R[];
  const total = limit === null ? rows.length : rows.length < limit && (page === 1 || rows.length > 0) ? (page - 1) * limit + rows.length : await countCases(db, filter);
  return { cases: rows.map(make), total, page, limit };
}

function listing(db: Db, filter: CaseFilter, now: Date): Listing {
  return {
    lines: async (paging) => {
      const page = await pageOf(db, filter, paging, LINE_COLUMNS, (r: LineRow) => caseLine(r, now));
      await withStaffNames(db, page.cases);
      return page;
    },
    views: async (paging) => {
      const page = await pageOf(db, filter, paging, VIEW_COLUMNS, (r: ViewRow) => caseView(r, now));
      await withStaffNames(db, page.cases);
      return page;
    },
    all: async () => {
      const names = await allStaffNames(db);
      const batches = iterateCases(db, filter, VIEW_COLUMNS);
      return (async function* () {
        for await (const batch of batches) yield batch.map((row) => nameStaff(caseView(row, now), names));
      })();
    },
  };
}

/** gasp cases: the filters as typed, within what the actor sees, newest first. */
export async function casesListing(db: Db, actor: Actor, q: CasesQuery, now: Date, order: CaseFilter['order'] = 'newest'): Promise<Listing> {
  const filter = await caseFilter(db, actor, q, now);
  return listing(db, { ...filter, order }, now);
}

export async function findCases(db: Db, actor: Actor, q: CasesQuery, now: Date, paging: Paging = {}, order: CaseFilter['order'] = 'newest'): Promise<CasePage> {
  return (await casesListing(db, actor, q, now, order)).views(paging);
}

/** The filter for cases registered on one local day. */
export function registeredOn(date: string): Pick<CaseFilter, 'registeredFrom' | 'registeredTo'> {
  requireDate(date);
  return { registeredFrom: atLocal(date, 0).toISOString(), registeredTo: atLocal(addDays(date, 1), 0).toISOString() };
}

/** gasp overdue: the cases past their current step's deadline, the earliest deadline first. */
export function overdueListing(db: Db, actor: Actor, q: { office?: string }, now: Date): Promise<Listing> {
  return casesListing(db, actor, { office: q.office, overdue: true }, now, 'deadline');
}

/** What a free text may be: a registration number, an ИИН or a phone (or a part), words of a name. */
export function searchTerms(text: string): AnyOf {
  const any: AnyOf = {};
  const v = text.trim();
  if (REGNO.test(v)) any.regno = normaliseRegno(v);
  const digits = digitsOf(v);
  if (/^\d+$/.test(digits)) {
    if (digits.length >= 6 && digits.length <= 12) any.iinPrefix = digits;
    if (digits.length >= 4) any.phone = phoneKey(digits)!;
  }
  const words = queryWords(v).filter((w) => !/^\d+$/.test(w));
  if (words.length) any.words = words;
  return any;
}

/** gasp find TEXT: the registration number, the ИИН and the name at once, within what the actor sees. */
export function searchListing(db: Db, actor: Actor, text: string, now: Date): Listing {
  checkText(text, 'query', 'name');
  const any = searchTerms(text);
  if (!any.regno && !any.iinPrefix && !any.phone && !any.words) throw new GaspError('find.empty', { value: text });
  return listing(db, { scope: scopeOf(actor), any, order: 'newest' }, now);
}

export async function searchCases(db: Db, actor: Actor, text: string, now: Date, paging: Paging = {}): Promise<CasePage> {
  return searchListing(db, actor, text, now).views(paging);
}
