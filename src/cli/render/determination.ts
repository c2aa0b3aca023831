// Step 3 on a terminal: the family with its incomes and running total, and the determination as
// a table a head can check at a glance (every figure, the line's source, the rules' version).
import chalk from 'chalk';
import { type Lang, t } from '../../i18n/index.js';
import { type Determination, type IncomeVerdict, type Quarter, romanQuarter } from '../../domain/eligibility.js';
import { formatTenge } from '../../domain/money.js';
import { periodText } from '../../documents/amounts.js';
import type { FamilyView, StoredDetermination } from '../../services/eligibility.js';
import { incomeKindName, regionName } from '../../services/reference.js';
import type { Context } from '../context.js';
import { Alert, type CellValue, printCard, printTable } from './output.js';
import { reasonLabel } from './labels.js';

const money = (tiyn: number) => `${formatTenge(tiyn)} ${t('money.tenge')}`;
const whole = (tiyn: number) => `${formatTenge(tiyn, { whole: true })} ${t('money.tenge')}`;
export const quarterLabel = (q: Quarter) => t('quarter.name', { q: romanQuarter(q), year: q.year });

function relationLabel(relation: string): string {
  return t(`relation.${relation}` as 'relation.spouse');
}

function employmentLabel(m: { working_age: boolean; employment: string | null; exempt_reason: string | null }): string {
  if (!m.working_age) return t('employment.notWorkingAge');
  if (m.employment === null) return t('employment.unrecorded');
  const label = t(`employment.${m.employment}` as 'employment.working');
  return m.exempt_reason ? `${label}: ${m.exempt_reason}` : label;
}

export const kindLabel = (code: string, lang: Lang): string => incomeKindName(code, lang);

const verdictLabel = (why: IncomeVerdict): string => t(`income.why.${why}` as 'income.why.included');

const monthLabel = (month: string) => month.split('-').reverse().join('.');

function printMembers(ctx: Context, members: FamilyView['members']): void {
  printTable(ctx, members, [
    { header: t('label.iin'), value: (m) => m.iin },
    { header: t('family.col.name'), value: (m) => m.name, grow: 2, min: 14 },
    { header: t('family.col.relation'), value: (m) => (m.relation === 'applicant' ? t('relation.applicant') : relationLabel(m.relation)), grow: 1, drop: 2 },
    { header: t('family.col.age'), value: (m) => m.age },
    { header: t('family.col.employment'), value: (m) => employmentLabel(m), grow: 2, drop: 1 },
  ]);
}

interface IncomeRow {
  no: number;
  iin: string;
  kind: string;
  month: string;
  amount_tiyn: number;
  why: IncomeVerdict;
}

function printIncomes(ctx: Context, incomes: IncomeRow[], names: Map<string, string>): void {
  printTable(ctx, incomes, [
    { header: '№', value: (i) => i.no },
    { header: t('income.col.member'), value: (i) => names.get(i.iin) ?? i.iin, grow: 1, min: 12, drop: 2 },
    { header: t('income.col.kind'), value: (i) => kindLabel(i.kind, ctx.lang), grow: 2, min: 12 },
    { header: t('income.col.month'), value: (i) => monthLabel(i.month) },
    { header: t('income.col.amount'), value: (i) => formatTenge(i.amount_tiyn) },
    { header: t('income.col.counted'), value: (i) => verdictLabel(i.why), grow: 1, drop: 1 },
  ]);
}

/** The family, its incomes and the running total: what is counted so far, per person and month. */
export function printFamily(ctx: Context, view: FamilyView): void {
  if (!ctx.color) chalk.level = 0;
  ctx.out(chalk.bold(t('family.title', { regno: view.regno, n: view.members.length })));
  printMembers(ctx, view.members);
  const names = new Map(view.members.map((m) => [m.iin, m.name]));
  ctx.out(chalk.bold(t('income.title', { quarter: quarterLabel(view.income_quarter) })));
  if (view.incomes.length) printIncomes(ctx, view.incomes, names);
  else ctx.out(t('income.none'));
  ctx.out(t('income.running', { total: money(view.total_tiyn), perCapita: money(view.per_capita_tiyn), n: view.members.length }));
  const d = view.determination;
  ctx.out(d ? t('family.determined', { outcome: outcomeText(d, ctx.lang) }) : t('family.notDetermined', { regno: view.regno }));
}

function outcomeText(d: Determination, lang: Lang): string {
  return d.eligible ? t('determination.eligibleShort', { monthly: whole(d.monthly_tiyn), months: d.months }) : t('determination.ineligibleShort', { ground: reasonLabel(d.grounds[0]!, lang) });
}

/** The determination in full. */
export function printDetermination(ctx: Context, regno: string, d: StoredDetermination, next = true): void {
  if (!ctx.color) chalk.level = 0;
  ctx.out(chalk.bold(t('determination.title', { regno, date: d.application_date.split('-').reverse().join('.'), quarter: quarterLabel(d.quarter) })));
  printMembers(ctx, d.members);
  const names = new Map(d.members.map((m) => [m.iin, m.name]));
  ctx.out(chalk.bold(t('income.title', { quarter: quarterLabel(d.income_quarter) })));
  if (d.incomes.length) printIncomes(ctx, d.incomes, names);
  else ctx.out(t('income.none'));
  const line = d.poverty_line;
  const lineSource = t(line.level === 'region' ? 'determination.lineRegion' : 'determination.lineRepublic', { region: regionName(line.region, ctx.lang), quarter: quarterLabel({ year: line.year, quarter: line.quarter }), source: line.source });
  // Refused in red (the card colours an Alert itself, after making the text visible).
  const right = d.eligible ? t('determination.eligible') : new Alert(t('determination.ineligible', { grounds: d.grounds.map((g) => t('event.because', { reason: reasonLabel(g, ctx.lang) })).join('; ') }));
  const pairs: [string, CellValue][] = [
    [t('determination.total'), money(d.total_tiyn)],
    [t('determination.n'), String(d.n)],
    [t('determination.perCapita'), t('determination.perCapitaHow', { value: money(d.per_capita_tiyn), total: formatTenge(d.total_tiyn), n: d.n })],
    [t('determination.line'), `${whole(line.line_tiyn)} (${lineSource})`],
    [t('determination.right'), right],
  ];
  if (d.eligible) {
    pairs.push(
      [t('determination.gap'), money(d.per_member_gap_tiyn)],
      [t('determination.monthly'), t('determination.monthlyHow', { value: whole(d.monthly_tiyn), gap: formatTenge(d.per_member_gap_tiyn), n: d.n })],
      [t('determination.months'), `${d.months} (${periodText(d.period.from, d.period.to, ctx.lang === 'kk' ? 'kk' : 'ru')})`],
      [t('determination.quarterTotal'), whole(d.quarter_total_tiyn)],
    );
  }
  pairs.push([t('determination.rules'), d.rules.version]);
  printCard(ctx, pairs);
  for (const iin of d.unrecorded) ctx.out(chalk.yellow(t('determination.unrecorded', { name: names.get(iin) ?? iin, iin })));
  if (d.not_registered.length && d.rules.not_registered === 'ignore') ctx.out(chalk.yellow(t('determination.notRegisteredIgnored', { names: d.not_registered.map((i) => names.get(i) ?? i).join(', ') })));
  for (const g of d.same_quarter) ctx.out(chalk.yellow(t('determination.sameQuarter', { name: names.get(g.iin) ?? g.iin, iin: g.iin, regno: g.regno, office: String(g.office).padStart(2, '0') })));
  if (next) ctx.out(t('determination.next', { regno }));
}
