// Step 3, the determination of the right to assistance and its amount (Law 246, Rules 1685 and
// 237-п as ../research could establish them): the family's income of the quarter before the
// quarter of application, per person and month, against the region's poverty line; the gap times
// the family's size, paid from the month of application to the end of its quarter. Pure
// arithmetic on integers (tiyn): the rules come in as data, the result keeps every figure and
// rule it used, so that a case read years later shows what was decided and why.
import { type Rounding, TENGE, divide, toWholeTenge } from './money.js';

export const RELATIONS = ['spouse', 'child', 'parent', 'sibling', 'grandchild', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
export const EMPLOYMENTS = ['working', 'registered-unemployed', 'not-registered', 'exempt'] as const;
export type Employment = (typeof EMPLOYMENTS)[number];

export interface IncomeKindRule {
  code: string;
  include: boolean;
  /** The dates (YYYY-MM-DD) between which the row applies to applications; to: null, open. */
  from: string;
  to: string | null;
  verified: boolean;
  ru: string;
  kk: string;
  en: string;
}

export interface EligibilityRules {
  version: string;
  poverty_line_percent: number;
  per_capita_rounding: Rounding;
  amount_rounding: Rounding;
  /** What an able-bodied member of working age not registered as unemployed does to the family:
   * `refuse` the family (the researched default), or `ignore` it. */
  not_registered: 'refuse' | 'ignore';
  working_age: { from: number; male_to: number; female_to: number };
  income_kinds: IncomeKindRule[];
}

export interface Quarter {
  year: number;
  quarter: number; // 1–4
}

export function quarterOf(date: string): Quarter {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return { year: y, quarter: Math.floor((m - 1) / 3) + 1 };
}

export function previousQuarter(q: Quarter): Quarter {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: q.quarter - 1 };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The three months of a quarter, YYYY-MM. */
export function monthsOf(q: Quarter): string[] {
  return [0, 1, 2].map((k) => `${q.year}-${pad2((q.quarter - 1) * 3 + 1 + k)}`);
}

/** The months paid for an application made in a month: from that month to the end of its quarter
 * (January, April, July, October: 3; the month after: 2; the last: 1). */
export function monthsPayable(month: number): number {
  return 3 - ((month - 1) % 3);
}

/** The period paid: the first day of the month of application to the last day of its quarter. */
export function paymentPeriod(applicationDate: string): { from: string; to: string; months: number } {
  const [y, m] = applicationDate.split('-').map(Number) as [number, number];
  const months = monthsPayable(m);
  const last = m + months - 1;
  const lastDay = new Date(Date.UTC(y, last, 0)).getUTCDate();
  return { from: `${y}-${pad2(m)}-01`, to: `${y}-${pad2(last)}-${pad2(lastDay)}`, months };
}

/** Full years from a birth date to a date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Whether a member of this age and sex is of working age under the rules. */
export function ofWorkingAge(age: number, sex: string, rules: Pick<EligibilityRules, 'working_age'>): boolean {
  const to = sex === 'female' ? rules.working_age.female_to : rules.working_age.male_to;
  return age >= rules.working_age.from && age < to;
}

/** The income-kind rule in force for an application date, or undefined for an unknown kind. */
export function incomeKindOn(rules: Pick<EligibilityRules, 'income_kinds'>, kind: string, date: string): IncomeKindRule | undefined {
  return rules.income_kinds.find((k) => k.code === kind && k.from <= date && (k.to === null || date <= k.to));
}

/** A poverty line, as the rates table holds it (whole tenge, in tiyn). */
export interface PovertyLine {
  region: string;
  /** Whose line it is: the region's own, or the republic-level one standing in for it. */
  level: 'region' | 'republic';
  year: number;
  quarter: number;
  line_tiyn: number;
  subsistence_tiyn: number | null;
  source: string;
}

/** 40% (the rules' percent) of a subsistence minimum, rounded once to whole tenge half up. */
export function lineFromSubsistence(subsistenceTiyn: number, percent: number): number {
  return divide(subsistenceTiyn * percent, 100 * TENGE, 'half-up') * TENGE;
}

export interface MemberInput {
  iin: string;
  name: string;
  relation: Relation | 'applicant';
  birth_date: string;
  sex: string;
  employment: Employment | null;
  exempt_reason: string | null;
}

export interface IncomeInput {
  no: number;
  iin: string;
  kind: string;
  month: string; // YYYY-MM
  amount_tiyn: number;
}

export interface DeterminedMember extends MemberInput {
  age: number;
  working_age: boolean;
}

/** Why an income line is or is not counted. */
export type IncomeVerdict = 'included' | 'excluded-kind' | 'unknown-kind' | 'outside-quarter' | 'not-member';

export interface DeterminedIncome extends IncomeInput {
  included: boolean;
  why: IncomeVerdict;
  /** The date from which the kind's rule applies (its version), when the kind is known. */
  rule_from: string | null;
}

export type RefusalGround = 'income-above-poverty-line' | 'not-registered-unemployed';

export interface Determination {
  rules: Omit<EligibilityRules, 'income_kinds'>;
  application_date: string;
  quarter: Quarter;
  income_quarter: Quarter;
  members: DeterminedMember[];
  incomes: DeterminedIncome[];
  n: number;
  total_tiyn: number;
  per_capita_tiyn: number;
  poverty_line: PovertyLine;
  eligible: boolean;
  /** The grounds of a refusal, the first being the one a draft takes; empty when eligible. */
  grounds: RefusalGround[];
  /** Members of working age whose employment is not recorded (shown, not blocking). */
  unrecorded: string[];
  /** Members of working age recorded as not registered as unemployed. */
  not_registered: string[];
  per_member_gap_tiyn: number;
  monthly_tiyn: number;
  months: number;
  period: { from: string; to: string };
  quarter_total_tiyn: number;
  /** What the income alone gives when it is below the line, whatever else refuses the family:
   * the amount of a grant drafted against the determination (--override); null when the income
   * is not below the line. */
  income_amount: { per_member_gap_tiyn: number; monthly_tiyn: number; months: number; quarter_total_tiyn: number } | null;
}

/** The roman number of a quarter, as the documents and messages name it («III квартал»). */
export const romanQuarter = (q: Pick<Quarter, 'quarter'>) => ['I', 'II', 'III', 'IV'][q.quarter - 1]!;

/** The income lines judged against the family, the income quarter and the kinds' table, their
 * counted total and the per capita income (total ÷ N ÷ 3, to the tiyn). */
export function countIncomes(applicationDate: string, iins: readonly string[], incomes: readonly IncomeInput[], rules: EligibilityRules) {
  const incomeMonths = new Set(monthsOf(previousQuarter(quarterOf(applicationDate))));
  const members = new Set(iins);
  const judged: DeterminedIncome[] = incomes.map((i) => {
    const rule = incomeKindOn(rules, i.kind, applicationDate);
    const why: IncomeVerdict = !members.has(i.iin)
      ? 'not-member'
      : !incomeMonths.has(i.month)
        ? 'outside-quarter'
        : !rule
          ? 'unknown-kind'
          : rule.include
            ? 'included'
            : 'excluded-kind';
    return { ...i, included: why === 'included', why, rule_from: rule?.from ?? null };
  });
  const total = judged.reduce((s, i) => (i.included ? s + i.amount_tiyn : s), 0);
  return { incomes: judged, total_tiyn: total, per_capita_tiyn: divide(total, iins.length * 3, rules.per_capita_rounding) };
}

export interface DeterminationInput {
  applicationDate: string; // YYYY-MM-DD, local
  members: MemberInput[];
  incomes: IncomeInput[];
  line: PovertyLine;
  rules: EligibilityRules;
}

/** The determination. Eligible when the income per person and month, kept to the tiyn, is below
 * the line (and, by the default rule, no able-bodied member of working age is not registered as
 * unemployed); then the gap times the members, rounded to whole tenge — never less than one
 * tenge, so that a family below the line is never granted nothing — for each month from the
 * month of application to the end of its quarter. */
export function determine(input: DeterminationInput): Determination {
  const { applicationDate, rules, line } = input;
  const quarter = quarterOf(applicationDate);
  const incomeQuarter = previousQuarter(quarter);
  const members: DeterminedMember[] = input.members.map((m) => {
    const age = ageOn(m.birth_date, applicationDate);
    return { ...m, age, working_age: ofWorkingAge(age, m.sex, rules) };
  });
  const n = members.length;
  const { incomes, total_tiyn: total, per_capita_tiyn: perCapita } = countIncomes(applicationDate, members.map((m) => m.iin), input.incomes, rules);
  const ableBodied = members.filter((m) => m.working_age);
  const notRegistered = ableBodied.filter((m) => m.employment === 'not-registered').map((m) => m.iin);
  const grounds: RefusalGround[] = [];
  if (perCapita >= line.line_tiyn) grounds.push('income-above-poverty-line');
  if (notRegistered.length && rules.not_registered === 'refuse') grounds.push('not-registered-unemployed');
  const eligible = grounds.length === 0;
  const period = paymentPeriod(applicationDate);
  const byIncome =
    perCapita < line.line_tiyn
      ? (() => {
          const g = line.line_tiyn - perCapita;
          const m = Math.max(TENGE, toWholeTenge(g * n, rules.amount_rounding));
          return { per_member_gap_tiyn: g, monthly_tiyn: m, months: period.months, quarter_total_tiyn: m * period.months };
        })()
      : null;
  const gap = eligible ? byIncome!.per_member_gap_tiyn : 0;
  const monthly = eligible ? byIncome!.monthly_tiyn : 0;
  const { income_kinds: _kinds, ...ruleValues } = rules;
  return {
    rules: ruleValues,
    application_date: applicationDate,
    quarter,
    income_quarter: incomeQuarter,
    members,
    incomes,
    n,
    total_tiyn: total,
    per_capita_tiyn: perCapita,
    poverty_line: line,
    eligible,
    grounds,
    unrecorded: ableBodied.filter((m) => m.employment === null).map((m) => m.iin),
    not_registered: notRegistered,
    per_member_gap_tiyn: gap,
    monthly_tiyn: monthly,
    months: eligible ? period.months : 0,
    period: { from: period.from, to: period.to },
    quarter_total_tiyn: eligible ? monthly * period.months : 0,
    income_amount: byIncome,
  };
}
