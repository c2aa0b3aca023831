// Step 3 as the executor does it: the family and its incomes recorded on the case, the poverty
// lines an admin keeps, and the determination computed from them (src/domain/eligibility.ts).
// Every change is an event of the case (the rates: of the database); a change of the family or
// the incomes clears a determination made before it, which `gasp review` makes again.
import { GaspError } from '../errors.js';
import { errorMessage } from '../i18n/index.js';
import {
  type Determination,
  type EligibilityRules,
  type IncomeVerdict,
  countIncomes,
  romanQuarter,
  EMPLOYMENTS,
  type Employment,
  type IncomeInput,
  type MemberInput,
  type PovertyLine,
  type Quarter,
  RELATIONS,
  type Relation,
  ageOn,
  determine,
  incomeKindOn,
  lineFromSubsistence,
  monthsOf,
  ofWorkingAge,
  previousQuarter,
  quarterOf,
} from '../domain/eligibility.js';
import { parseIin } from '../domain/iin.js';
import { MAX_LINE_TIYN, TENGE, formatTenge, parseTenge } from '../domain/money.js';
import { checkOptionalText, checkText } from '../domain/text.js';
import { localDate } from '../domain/time.js';
import type { Db } from '../store/db.js';
import { type CaseRow, appendEvent, updateCase } from '../store/cases.js';
import {
  deleteFamilyMember,
  deleteIncome,
  familyOf,
  grantsOfFamily,
  incomesOf,
  insertFamilyMember,
  insertIncomes,
  listPovertyLines,
  nextIncomeNo,
  povertyLineOf,
  setMemberEmployment,
  upsertPovertyLine,
} from '../store/eligibility.js';
import type { FamilyMemberTable, IncomeLineTable } from '../store/schema.js';
import { readTransaction, writeTransaction } from '../store/tx.js';
import { eligibilityRules, regionData, shippedPovertyLines } from './reference.js';
import { type Actor, requireRole } from './staff.js';
import { requireVisibleCase } from './cases/scope.js';
import { type Env, normaliseRegno } from './cases/views.js';

/** A determination as stored: the arithmetic's result, who made it and when, and the cases of
 * the same quarter already granted to a member of the family. */
export interface StoredDetermination extends Determination {
  computed_at: string;
  computed_by: string;
  same_quarter: { iin: string; regno: string; office: number }[];
}

/** The family as the case shows it: the applicant first, then the members in the order added. */
export interface FamilyView {
  regno: string;
  members: (MemberInput & { age: number; working_age: boolean })[];
  incomes: (IncomeLineTable & { included: boolean; why: IncomeVerdict })[];
  income_quarter: Quarter;
  /** The running total: what the lines recorded so far count, and per person and month. */
  total_tiyn: number;
  per_capita_tiyn: number;
  determination: StoredDetermination | null;
}

/** The states in which the executor records the family and incomes: after assignment and until
 * the draft (a returned draft comes back to `reviewed`). */
const EDITABLE = ['assigned', 'reviewed'];

function requireExecutorOf(actor: Actor, row: CaseRow, action: string): void {
  requireRole(actor, ['executor'], action);
  if (row.executor !== actor.login) throw new GaspError('perm.executor', { login: actor.login, regno: row.regno, executor: row.executor ?? '—' });
  if (!EDITABLE.includes(row.state)) throw new GaspError('family.state', { regno: row.regno, state: row.state });
}

/** The application's local date (YYYY-MM-DD): its quarter decides the income quarter and the line. */
export const applicationDate = (row: Pick<CaseRow, 'received_at'>) => localDate(new Date(row.received_at));

function applicantMember(row: CaseRow): MemberInput {
  return {
    iin: row.iin,
    name: row.name,
    relation: 'applicant',
    birth_date: row.birth_date,
    sex: row.sex,
    employment: row.employment as Employment | null,
    exempt_reason: row.exempt_reason,
  };
}

function memberOf(f: FamilyMemberTable): MemberInput {
  return { iin: f.iin, name: f.name, relation: f.relation as Relation, birth_date: f.birth_date, sex: f.sex, employment: f.employment as Employment | null, exempt_reason: f.exempt_reason };
}

export function storedDetermination(row: Pick<CaseRow, 'determination'>): StoredDetermination | null {
  return row.determination ? (JSON.parse(row.determination) as StoredDetermination) : null;
}

async function familyInputs(db: Db, row: CaseRow): Promise<{ members: MemberInput[]; incomes: IncomeLineTable[] }> {
  const family = await familyOf(db, row.id);
  return { members: [applicantMember(row), ...family.map(memberOf)], incomes: await incomesOf(db, row.id) };
}

export async function familyView(db: Db, actor: Actor, regno: string): Promise<FamilyView> {
  const rules = await eligibilityRules();
  return readTransaction(db, async (tx) => viewOf(tx, await requireVisibleCase(tx, actor, regno), rules));
}

/** The family as it stands in the transaction (a change returns it from inside its own). */
async function viewOf(tx: Db, row: CaseRow, rules: EligibilityRules): Promise<FamilyView> {
  const fresh = (await tx.selectFrom('cases').selectAll().where('id', '=', row.id).executeTakeFirst()) as CaseRow;
  const date = applicationDate(fresh);
  const { members, incomes } = await familyInputs(tx, fresh);
  const counted = countIncomes(date, members.map((m) => m.iin), incomes, rules);
  return {
    regno: fresh.regno,
    members: members.map((m) => {
      const age = ageOn(m.birth_date, date);
      return { ...m, age, working_age: ofWorkingAge(age, m.sex, rules) };
    }),
    incomes: incomes.map((i, k) => ({ ...i, included: counted.incomes[k]!.included, why: counted.incomes[k]!.why })),
    income_quarter: previousQuarter(quarterOf(date)),
    total_tiyn: counted.total_tiyn,
    per_capita_tiyn: counted.per_capita_tiyn,
    determination: storedDetermination(fresh),
  };
}

/** Appends the family or income event, clearing a determination the change makes stale. */
async function recordChange(tx: Db, actor: Actor, row: CaseRow, step: 'family' | 'income', details: Record<string, unknown>, env: Env): Promise<void> {
  // The case changes with its records (updated_at), so that a copy of it elsewhere (migrate)
  // tells it apart; a determination made before is cleared.
  const cleared = row.determination !== null;
  await updateCase(tx, row.id, { ...(cleared ? { determination: null } : {}), updated_at: env.now.toISOString() });
  await appendEvent(tx, { case_id: row.id, step, actor: actor.login, at: env.now.toISOString(), details: { ...details, ...(cleared ? { determination_cleared: true } : {}) } });
}

function checkEmployment(
  m: { iin: string; birth_date: string; sex: string },
  input: { employment?: string; exemptReason?: string },
  date: string,
  rules: Awaited<ReturnType<typeof eligibilityRules>>,
): { employment: Employment | null; exempt_reason: string | null } {
  if (input.employment === undefined) {
    if (input.exemptReason !== undefined) throw new GaspError('family.exemptOnly', {});
    return { employment: null, exempt_reason: null };
  }
  if (!(EMPLOYMENTS as readonly string[]).includes(input.employment)) throw new GaspError('family.employment', { value: input.employment, accepted: EMPLOYMENTS.join(', ') });
  const age = ageOn(m.birth_date, date);
  if (!ofWorkingAge(age, m.sex, rules)) {
    const to = m.sex === 'female' ? rules.working_age.female_to : rules.working_age.male_to;
    throw new GaspError('family.notWorkingAge', { iin: m.iin, age, from: rules.working_age.from, to });
  }
  const reason = checkOptionalText(input.exemptReason, 'exemptReason', 'text')?.trim() || null;
  if (input.employment === 'exempt' && !reason) throw new GaspError('family.exemptReason', {});
  if (input.employment !== 'exempt' && reason) throw new GaspError('family.exemptOnly', {});
  return { employment: input.employment as Employment, exempt_reason: reason };
}

export interface NewMember {
  iin: string;
  name: string;
  relation: string;
  employment?: string;
  exemptReason?: string;
}

export async function addFamilyMember(db: Db, actor: Actor, regno: string, input: NewMember, env: Env): Promise<FamilyView> {
  const rules = await eligibilityRules();
  const info = parseIin(input.iin);
  checkText(input.name, 'memberName', 'name');
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (name.length < 3 || !/\p{L}/u.test(name)) throw new GaspError('applicant.name', { value: input.name });
  if (!(RELATIONS as readonly string[]).includes(input.relation)) throw new GaspError('family.relation', { value: input.relation, accepted: RELATIONS.join(', ') });
  return writeTransaction(db, async (tx) => {
    const row = await requireVisibleCase(tx, actor, regno);
    requireExecutorOf(actor, row, 'family');
    if (info.birthDate > applicationDate(row)) {
      throw new GaspError('family.bornAfter', { iin: info.iin, birth: info.birthDate.split('-').reverse().join('.'), date: applicationDate(row).split('-').reverse().join('.') });
    }
    const work = checkEmployment({ iin: info.iin, birth_date: info.birthDate, sex: info.sex }, input, applicationDate(row), rules);
    if (info.iin === row.iin) throw new GaspError('family.isApplicant', { iin: info.iin, regno: row.regno });
    const family = await familyOf(tx, row.id);
    if (family.some((f) => f.iin === info.iin)) throw new GaspError('family.already', { iin: info.iin, regno: row.regno });
    const member: FamilyMemberTable = {
      case_id: row.id,
      iin: info.iin,
      name,
      relation: input.relation,
      birth_date: info.birthDate,
      sex: info.sex,
      ...work,
      added_by: actor.login,
      added_at: env.now.toISOString(),
    };
    await insertFamilyMember(tx, member);
    await recordChange(tx, actor, row, 'family', { action: 'add', iin: info.iin, name, relation: input.relation, ...work }, env);
    return viewOf(tx, row, rules);
  });
}

/** Records a member's employment (the applicant's too). */
export async function setEmployment(db: Db, actor: Actor, regno: string, input: { iin: string; employment?: string; exemptReason?: string }, env: Env): Promise<FamilyView> {
  const rules = await eligibilityRules();
  const iin = parseIin(input.iin).iin;
  if (input.employment === undefined) throw new GaspError('family.employmentMissing', { accepted: EMPLOYMENTS.join(', ') });
  return writeTransaction(db, async (tx) => {
    const row = await requireVisibleCase(tx, actor, regno);
    requireExecutorOf(actor, row, 'family');
    const member = iin === row.iin ? applicantMember(row) : (await familyOf(tx, row.id)).map(memberOf).find((f) => f.iin === iin);
    if (!member) throw new GaspError('family.notMember', { iin, regno: row.regno });
    const work = checkEmployment(member, input, applicationDate(row), rules);
    if (iin === row.iin) await updateCase(tx, row.id, { employment: work.employment, exempt_reason: work.exempt_reason });
    else await setMemberEmployment(tx, row.id, iin, work.employment, work.exempt_reason);
    await recordChange(tx, actor, row, 'family', { action: 'employment', iin, ...work }, env);
    return viewOf(tx, row, rules);
  });
}

export async function removeFamilyMember(db: Db, actor: Actor, regno: string, input: { iin: string }, env: Env): Promise<FamilyView> {
  const iin = parseIin(input.iin).iin;
  const rules = await eligibilityRules();
  return writeTransaction(db, async (tx) => {
    const row = await requireVisibleCase(tx, actor, regno);
    requireExecutorOf(actor, row, 'family');
    if (iin === row.iin) throw new GaspError('family.removeApplicant', { iin, regno: row.regno });
    if (!(await familyOf(tx, row.id)).some((f) => f.iin === iin)) throw new GaspError('family.notMember', { iin, regno: row.regno });
    const lines = (await incomesOf(tx, row.id)).filter((i) => i.iin === iin).map((i) => i.no);
    await deleteFamilyMember(tx, row.id, iin);
    await recordChange(tx, actor, row, 'family', { action: 'remove', iin, income_lines: lines }, env);
    return viewOf(tx, row, rules);
  });
}

// ---------------------------------------------------------------------------------------------
// Incomes

export interface NewIncome {
  iin: string;
  kind: string;
  amount: string;
  month: string;
}

const KIND_CODE = /^[a-z][a-z0-9-]*$/;

/** One income line checked against the case: a member's ИИН, a kind of the table in force, a month
 * of the income quarter, an amount in tenge. */
function checkIncome(input: NewIncome, ctx: { row: CaseRow; iins: Set<string>; rules: Awaited<ReturnType<typeof eligibilityRules>> }): Omit<IncomeInput, 'no'> {
  const date = applicationDate(ctx.row);
  const iin = parseIin(input.iin).iin;
  if (!ctx.iins.has(iin)) throw new GaspError('income.notMember', { iin, regno: ctx.row.regno });
  // A kind by its code, or by its name in any language (a file a person typed).
  const typed = input.kind.trim();
  const norm = (v: string) => v.toLocaleLowerCase().replace(/\u0451/g, 'е').replace(/\s+/g, ' ').trim();
  const named = ctx.rules.income_kinds.find((k) => [k.ru, k.kk, k.en].some((n) => norm(n) === norm(typed)));
  const kind = KIND_CODE.test(typed) ? typed : (named?.code ?? typed);
  if (!KIND_CODE.test(kind) || !incomeKindOn(ctx.rules, kind, date)) {
    const accepted = ctx.rules.income_kinds.filter((k) => k.from <= date && (k.to === null || date <= k.to)).map((k) => k.code);
    throw new GaspError('income.kind', { value: input.kind, accepted: accepted.join(', ') });
  }
  const months = monthsOf(previousQuarter(quarterOf(date)));
  const month = input.month.trim();
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new GaspError('income.monthFormat', { value: input.month, accepted: months.join(', ') });
  if (!months.includes(month)) throw new GaspError('income.month', { value: input.month, accepted: months.join(', '), date: date.split('-').reverse().join('.') });
  const amount = parseTenge(input.amount);
  if (amount === null || amount <= 0 || amount > MAX_LINE_TIYN) throw new GaspError('income.amount', { value: input.amount, max: formatTenge(MAX_LINE_TIYN, { whole: true }) });
  return { iin, kind, month, amount_tiyn: amount };
}

/** A row of a file checked as a line is, its sentence naming the file and the row. */
function checkFileRow(r: IncomeFileRow, ctx: Parameters<typeof checkIncome>[1], source: string): Omit<IncomeInput, 'no'> {
  try {
    return checkIncome(r, ctx);
  } catch (e) {
    if (e instanceof GaspError) throw new GaspError('income.fileRow', { path: source, line: r.line, message: errorMessage(e.key, e.params) });
    throw e;
  }
}

async function incomeContext(tx: Db, row: CaseRow) {
  const family = await familyOf(tx, row.id);
  return { row, iins: new Set([row.iin, ...family.map((f) => f.iin)]), rules: await eligibilityRules() };
}

export async function addIncome(db: Db, actor: Actor, regno: string, input: NewIncome, env: Env): Promise<FamilyView> {
  return writeTransaction(db, async (tx) => {
    const row = await requireVisibleCase(tx, actor, regno);
    requireExecutorOf(actor, row, 'income');
    const ctx = await incomeContext(tx, row);
    const line = checkIncome(input, ctx);
    const no = await nextIncomeNo(tx, row.id);
    await insertIncomes(tx, [{ case_id: row.id, no, ...line, added_by: actor.login, added_at: env.now.toISOString() }]);
    await recordChange(tx, actor, row, 'income', { action: 'add', no, ...line }, env);
    return viewOf(tx, row, ctx.rules);
  });
}


export async function removeIncome(db: Db, actor: Actor, regno: string, input: { line: string }, env: Env): Promise<FamilyView> {
  const no = /^\s*\d{1,6}\s*$/.test(input.line) ? Number(input.line) : NaN;
  const rules = await eligibilityRules();
  return writeTransaction(db, async (tx) => {
    const row = await requireVisibleCase(tx, actor, regno);
    requireExecutorOf(actor, row, 'income');
    const line = (await incomesOf(tx, row.id)).find((i) => i.no === no);
    if (!line) throw new GaspError('income.noLine', { value: input.line, regno: row.regno });
    await deleteIncome(tx, row.id, no);
    await recordChange(tx, actor, row, 'income', { action: 'remove', no, iin: line.iin, kind: line.kind, month: line.month, amount_tiyn: line.amount_tiyn }, env);
    return viewOf(tx, row, rules);
  });
}

/** A file's rows: each a line number and the cells by column (iin, kind, month, amount). */
export interface IncomeFileRow {
  line: number;
  iin: string;
  kind: string;
  month: string;
  amount: string;
}

/** A whole family's incomes from a file, all or nothing: every row is checked first; a row the
 * case already holds (same member, kind, month and amount) is skipped, so the file can be
 * imported again. */
export async function importIncomes(db: Db, actor: Actor, regno: string, rows: IncomeFileRow[], source: string, env: Env): Promise<FamilyView & { added: number; skipped: number }> {
  if (!rows.length) throw new GaspError('income.fileEmpty', { path: source });
  return writeTransaction(db, async (tx) => {
    const row = await requireVisibleCase(tx, actor, regno);
    requireExecutorOf(actor, row, 'income');
    const ctx = await incomeContext(tx, row);
    const checked = rows.map((r) => checkFileRow(r, ctx, source));
    // A line the case holds already is skipped, as many times as it holds it: two employers
    // paying the same in a month are two lines of the file, and both count.
    const key = (l: Omit<IncomeInput, 'no'>) => `${l.iin}|${l.kind}|${l.month}|${l.amount_tiyn}`;
    const held = new Map<string, number>();
    for (const l of await incomesOf(tx, row.id)) held.set(key(l), (held.get(key(l)) ?? 0) + 1);
    const fresh = checked.filter((l) => {
      const n = held.get(key(l)) ?? 0;
      if (n > 0) held.set(key(l), n - 1);
      return n === 0;
    });
    const skipped = checked.length - fresh.length;
    if (!fresh.length) return { ...(await viewOf(tx, row, ctx.rules)), added: 0, skipped };
    let no = await nextIncomeNo(tx, row.id);
    const lines = fresh.map((l) => ({ case_id: row.id, no: no++, ...l, added_by: actor.login, added_at: env.now.toISOString() }));
    await insertIncomes(tx, lines);
    await recordChange(tx, actor, row, 'income', { action: 'import', file: source, added: lines.map((l) => l.no), lines: lines.map(({ no: n, iin, kind, month, amount_tiyn }) => ({ no: n, iin, kind, month, amount_tiyn })), skipped }, env);
    return { ...(await viewOf(tx, row, ctx.rules)), added: lines.length, skipped };
  });
}

// ---------------------------------------------------------------------------------------------
// Poverty lines

export interface RateView extends PovertyLine {
  shipped: boolean;
  set_by: string | null;
  set_at: string | null;
}

/** The database's region: a setting, else the shipped default (almaty-oblast). */
export async function databaseRegion(db: Db): Promise<string> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'region').executeTakeFirst();
  return row?.value ?? regionData().default;
}

function shippedLine(q: Quarter): PovertyLine | undefined {
  const s = shippedPovertyLines().find((l) => l.year === q.year && l.quarter === q.quarter);
  return s && { region: 'republic', level: 'republic', year: s.year, quarter: s.quarter, line_tiyn: s.line * TENGE, subsistence_tiyn: s.subsistence === null ? null : s.subsistence * TENGE, source: s.source };
}

/** The line for a region and quarter: the region's own when an admin has set one, else the
 * republic-level one (set here or shipped), else none. */
export async function povertyLineFor(db: Db, region: string, q: Quarter): Promise<PovertyLine | undefined> {
  const own = await povertyLineOf(db, region, q.year, q.quarter);
  const pick = own ?? (region === 'republic' ? undefined : await povertyLineOf(db, 'republic', q.year, q.quarter));
  if (pick) {
    return {
      region: pick.region,
      level: pick.region === 'republic' ? 'republic' : 'region',
      year: pick.year,
      quarter: pick.quarter,
      line_tiyn: pick.line_tiyn,
      subsistence_tiyn: pick.subsistence_tiyn,
      source: pick.source,
    };
  }
  return shippedLine(q);
}

/** A shipped republic-level line as the table would hold it (set by gasp itself). */
function shippedAsRow(year: number, quarter: number) {
  const l = shippedLine({ year, quarter });
  return l && { line_tiyn: l.line_tiyn, subsistence_tiyn: l.subsistence_tiyn, source: l.source, set_by: 'gasp', set_at: null };
}

export async function listRates(db: Db): Promise<{ region: string; rates: RateView[] }> {
  const region = await databaseRegion(db);
  const set = (await listPovertyLines(db)).map(
    (r): RateView => ({ region: r.region, level: r.region === 'republic' ? 'republic' : 'region', year: r.year, quarter: r.quarter, line_tiyn: r.line_tiyn, subsistence_tiyn: r.subsistence_tiyn, source: r.source, shipped: false, set_by: r.set_by, set_at: r.set_at }),
  );
  const shipped = shippedPovertyLines()
    .filter((s) => !set.some((r) => r.region === 'republic' && r.year === s.year && r.quarter === s.quarter))
    .map((s): RateView => ({ ...shippedLine(s)!, shipped: true, set_by: null, set_at: null }));
  const rates = [...set, ...shipped].sort((a, b) => a.year - b.year || a.quarter - b.quarter || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  return { region, rates };
}

export interface RateInput {
  region?: string;
  year: string;
  quarter: string;
  line: string;
  subsistence?: string;
  source: string;
}

export async function setRate(db: Db, actor: Actor, input: RateInput, now: Date): Promise<RateView> {
  requireRole(actor, ['admin'], 'rates set');
  const regions = regionData().regions.map((r) => r.code);
  const region = input.region?.trim() ?? (await databaseRegion(db));
  if (!regions.includes(region)) throw new GaspError('rates.region', { value: region, accepted: regions.join(', ') });
  const year = /^\s*\d{4}\s*$/.test(input.year) ? Number(input.year) : NaN;
  if (!(year >= 2000 && year <= 2100)) throw new GaspError('rates.year', { value: input.year });
  const quarter = /^\s*[1-4]\s*$/.test(input.quarter) ? Number(input.quarter) : NaN;
  if (Number.isNaN(quarter)) throw new GaspError('rates.quarter', { value: input.quarter });
  const line = parseTenge(input.line);
  if (line === null || line <= 0 || line % TENGE !== 0 || line > MAX_LINE_TIYN) throw new GaspError('rates.line', { value: input.line });
  let subsistence: number | null = null;
  const rules = await eligibilityRules();
  if (input.subsistence !== undefined) {
    subsistence = parseTenge(input.subsistence);
    if (subsistence === null || subsistence <= 0 || subsistence > MAX_LINE_TIYN) throw new GaspError('rates.subsistence', { value: input.subsistence });
    const expected = lineFromSubsistence(subsistence, rules.poverty_line_percent);
    if (expected !== line) {
      throw new GaspError('rates.mismatch', { line: formatTenge(line, { whole: true }), subsistence: formatTenge(subsistence, { whole: true }), percent: rules.poverty_line_percent, expected: formatTenge(expected, { whole: true }) });
    }
  }
  checkText(input.source, 'rateSource', 'text');
  const source = input.source.replace(/\s+/g, ' ').trim();
  if (!source) throw new GaspError('rates.source', {});
  const at = now.toISOString();
  await writeTransaction(db, async (tx) => {
    const before = (await povertyLineOf(tx, region, year, quarter)) ?? (region === 'republic' ? shippedAsRow(year, quarter) : undefined);
    await upsertPovertyLine(tx, { region, year, quarter, line_tiyn: line, subsistence_tiyn: subsistence, source, set_by: actor.login, set_at: at });
    await appendEvent(tx, {
      case_id: null,
      office: 0,
      step: 'rates',
      actor: actor.login,
      at,
      details: {
        region,
        year,
        quarter,
        line_tiyn: line,
        subsistence_tiyn: subsistence,
        source,
        previous: before ? { line_tiyn: before.line_tiyn, subsistence_tiyn: before.subsistence_tiyn, source: before.source, set_by: before.set_by, set_at: before.set_at } : null,
      },
    });
  });
  return { region, level: region === 'republic' ? 'republic' : 'region', year, quarter, line_tiyn: line, subsistence_tiyn: subsistence, source, shipped: false, set_by: actor.login, set_at: at };
}

// ---------------------------------------------------------------------------------------------
// The determination


/** The determination of a case from what is recorded now; call inside the transaction that
 * stores it. Refused when the quarter has no poverty line. */
export async function computeDetermination(tx: Db, actor: Actor, row: CaseRow, env: Env): Promise<StoredDetermination> {
  const rules = await eligibilityRules();
  const date = applicationDate(row);
  const quarter = quarterOf(date);
  const region = await databaseRegion(tx);
  const line = await povertyLineFor(tx, region, quarter);
  if (!line) {
    throw new GaspError('determination.noLine', { quarter: romanQuarter(quarter), region, regno: row.regno, year: quarter.year, q: quarter.quarter });
  }
  const { members, incomes } = await familyInputs(tx, row);
  const result = determine({ applicationDate: date, members, incomes: incomes.map(({ no, iin, kind, month, amount_tiyn }) => ({ no, iin, kind, month, amount_tiyn })), line, rules });
  // Once a quarter: a member already granted for this quarter, in any office.
  const granted = await grantsOfFamily(tx, members.map((m) => m.iin), row.id);
  const sameQuarter = granted.filter((g) => {
    const q = quarterOf(localDate(new Date(g.received_at)));
    return q.year === quarter.year && q.quarter === quarter.quarter;
  });
  // One flag per member and case (an applicant may be a member of their own case's family too).
  const same_quarter = [...new Map(sameQuarter.map((g) => [`${g.regno} ${g.iin}`, { iin: g.iin, regno: g.regno, office: g.office }])).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => g);
  return { ...result, computed_at: env.now.toISOString(), computed_by: actor.login, same_quarter };
}

/** A case's determination made again (a `review` of a case already reviewed): stored on the case
 * and in a `determine` event. */
export async function redetermine<T>(db: Db, actor: Actor, regnoValue: string, note: string | null, env: Env, after: (tx: Db, regno: string) => Promise<T>): Promise<T> {
  const regno = normaliseRegno(regnoValue);
  return writeTransaction(db, async (tx) => {
    const row = await requireVisibleCase(tx, actor, regno);
    requireExecutorOf(actor, row, 'review');
    const det = await computeDetermination(tx, actor, row, env);
    await updateCase(tx, row.id, { determination: JSON.stringify(det), updated_at: env.now.toISOString() });
    await appendEvent(tx, { case_id: row.id, step: 'determine', actor: actor.login, at: env.now.toISOString(), details: { note, determination: det } });
    return after(tx, regno);
  });
}

/** Whether the case holds records of step 3 (a family member or an income line). */
export async function hasStep3Records(tx: Db, row: CaseRow): Promise<boolean> {
  return row.employment !== null || (await familyOf(tx, row.id)).length > 0 || (await incomesOf(tx, row.id)).length > 0;
}
