// `gasp review` on a terminal: before the determination, the executor goes through the family and
// its incomes — adding a member, recording an employment status, adding an income line — with
// the running total shown after each change. Each change is the same service call as `gasp
// family` and `gasp income` make (an event each). Loaded only when a review prompts.
import { GaspError } from '../errors.js';
import { errorMessage, t } from '../i18n/index.js';
import { EMPLOYMENTS, RELATIONS, ageOn, incomeKindOn, monthsOf, ofWorkingAge, previousQuarter, quarterOf } from '../domain/eligibility.js';
import { parseIin } from '../domain/iin.js';
import { parseTenge } from '../domain/money.js';
import { type FamilyView, addFamilyMember, addIncome, applicationDate, familyView, setEmployment } from '../services/eligibility.js';
import { eligibilityRules } from '../services/reference.js';
import { requireVisibleCase } from '../services/cases.js';
import type { Context } from './context.js';
import { kindLabel, printFamily } from './render/determination.js';
import type { Session } from './session.js';

type Choice = 'member' | 'employment' | 'income' | 'done';

export async function walkThrough(ctx: Context, s: Session, regno: string): Promise<void> {
  const { input, select } = await import('@inquirer/prompts');
  const rules = await eligibilityRules();
  const row = await requireVisibleCase(s.db, s.actor, regno);
  if (row.executor !== s.actor.login || !['assigned', 'reviewed'].includes(row.state)) return;
  const date = applicationDate(row);
  const months = monthsOf(previousQuarter(quarterOf(date)));
  let view: FamilyView = await familyView(s.db, s.actor, regno);
  printFamily(ctx, view);
  for (;;) {
    const unrecorded = view.members.filter((m) => m.working_age && m.employment === null);
    const next = await select<Choice>({
      message: t('review.prompt.next'),
      choices: [
        { value: 'member', name: t('review.prompt.addMember') },
        { value: 'employment', name: t('review.prompt.employment', { n: unrecorded.length }) },
        { value: 'income', name: t('review.prompt.addIncome') },
        { value: 'done', name: t('review.prompt.done') },
      ],
      default: 'done',
    });
    if (next === 'done') return;
    try {
      if (next === 'member') {
        const iin = await input({ message: t('review.prompt.iin'), validate: (v) => validIin(v) });
        const info = parseIin(iin);
        const name = await input({ message: t('review.prompt.name'), validate: (v) => v.trim().length >= 3 || t('applicant.name', { value: v }) });
        const relation = await select({ message: t('review.prompt.relation'), choices: RELATIONS.map((r) => ({ value: r, name: t(`relation.${r}` as 'relation.spouse') })) });
        const working = ofWorkingAge(ageOn(info.birthDate, date), info.sex, rules);
        const work = working ? await askEmployment() : {};
        view = await addFamilyMember(s.db, s.actor, regno, { iin, name, relation, ...work }, s.env);
      } else if (next === 'employment') {
        const candidates = view.members.filter((m) => m.working_age);
        if (!candidates.length) {
          ctx.err(t('review.prompt.noneOfWorkingAge'));
          continue;
        }
        const iin = await select({ message: t('review.prompt.whose'), choices: candidates.map((m) => ({ value: m.iin, name: `${m.name} (${m.iin})` })) });
        view = await setEmployment(s.db, s.actor, regno, { iin, ...(await askEmployment()) }, s.env);
      } else {
        const iin = await select({ message: t('review.prompt.whose'), choices: view.members.map((m) => ({ value: m.iin, name: `${m.name} (${m.iin})` })) });
        const kinds = rules.income_kinds.filter((k) => incomeKindOn(rules, k.code, date) === k);
        const kind = await select({ message: t('review.prompt.kind'), choices: kinds.map((k) => ({ value: k.code, name: `${kindLabel(k.code, ctx.lang)}${k.include ? '' : ` (${t('income.why.excluded-kind')})`}` })) });
        const month = await select({ message: t('review.prompt.month'), choices: months.map((m) => ({ value: m, name: m })) });
        const amount = await input({ message: t('review.prompt.amount'), validate: (v) => (parseTenge(v) ?? 0) > 0 || t('income.amount', { value: v, max: '1 000 000 000' }) });
        view = await addIncome(s.db, s.actor, regno, { iin, kind, month, amount }, s.env);
      }
      printFamily(ctx, view);
    } catch (e) {
      if (!(e instanceof GaspError)) throw e;
      ctx.err(errorMessage(e.key, e.params));
    }
  }

  async function askEmployment(): Promise<{ employment?: string; exemptReason?: string }> {
    const employment = await select({
      message: t('review.prompt.employmentOf'),
      choices: [...EMPLOYMENTS.map((e) => ({ value: e as string, name: t(`employment.${e}` as 'employment.working') })), { value: '', name: t('employment.unrecorded') }],
    });
    if (!employment) return {};
    if (employment !== 'exempt') return { employment };
    const exemptReason = await input({ message: t('review.prompt.exemptReason'), validate: (v) => v.trim().length > 0 || t('family.exemptReason') });
    return { employment, exemptReason };
  }
}

function validIin(v: string): true | string {
  try {
    parseIin(v);
    return true;
  } catch (e) {
    if (e instanceof GaspError) return errorMessage(e.key, e.params);
    throw e;
  }
}
