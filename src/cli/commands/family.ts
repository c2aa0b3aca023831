// gasp family REGNO [add|set|remove]: the family of step 3 — the applicant and every other member
// at the time of application, each with a relation and (of working age) an employment status.
// The executor of the case records it; whoever sees the case reads it.
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { EMPLOYMENTS, RELATIONS } from '../../domain/eligibility.js';
import { type FamilyView, addFamilyMember, familyView, removeFamilyMember, setEmployment } from '../../services/eligibility.js';
import type { Context } from '../context.js';
import type { Run } from '../program.js';
import { printFamily } from '../render/determination.js';
import { printJson } from '../render/output.js';
import { session } from '../session.js';

export interface FamilyOptions {
  iin?: string;
  name?: string;
  relation?: string;
  employment?: string;
  exemptReason?: string;
}

const ACTIONS = ['add', 'set', 'remove'] as const;

/** The options each action takes; any other is wrong usage. */
const TAKES: Record<(typeof ACTIONS)[number] | 'list', (keyof FamilyOptions)[]> = {
  list: [],
  add: ['iin', 'name', 'relation', 'employment', 'exemptReason'],
  set: ['iin', 'employment', 'exemptReason'],
  remove: ['iin'],
};
const NEEDS: Record<(typeof ACTIONS)[number] | 'list', (keyof FamilyOptions)[]> = { list: [], add: ['iin', 'name', 'relation'], set: ['iin', 'employment'], remove: ['iin'] };
const FLAG: Record<keyof FamilyOptions, string> = { iin: '--iin', name: '--name', relation: '--relation', employment: '--employment', exemptReason: '--exempt-reason' };

/** Checks the action and that its options, and only they, are given. */
export function usageOf<O extends object>(command: string, action: string | undefined, opts: O, takes: Record<string, (keyof O)[]>, needs: Record<string, (keyof O)[]>, flags: Record<keyof O, string>): string {
  const a = action ?? 'list';
  if (!(a in takes)) throw new UsageError('usage.action', { command, value: a, accepted: Object.keys(takes).filter((k) => k !== 'list').join(', ') });
  for (const k of Object.keys(opts) as (keyof O)[]) {
    if (opts[k] !== undefined && !takes[a]!.includes(k)) throw new UsageError('usage.notFor', { flag: flags[k], command: `${command} ${a === 'list' ? '' : a}`.trim() });
  }
  for (const k of needs[a]!) if (opts[k] === undefined) throw new UsageError('usage.needs', { flag: flags[k], command: `${command} ${a}` });
  return a;
}

async function familyAction(ctx: Context, regno: string, action: string | undefined, opts: FamilyOptions) {
  const a = usageOf('gasp family', action, opts, TAKES, NEEDS, FLAG);
  const s = await session(ctx);
  let view: FamilyView;
  if (a === 'add') view = await addFamilyMember(s.db, s.actor, regno, { iin: opts.iin!, name: opts.name!, relation: opts.relation!, employment: opts.employment, exemptReason: opts.exemptReason }, s.env);
  else if (a === 'set') view = await setEmployment(s.db, s.actor, regno, { iin: opts.iin!, employment: opts.employment, exemptReason: opts.exemptReason }, s.env);
  else if (a === 'remove') view = await removeFamilyMember(s.db, s.actor, regno, { iin: opts.iin! }, s.env);
  else view = await familyView(s.db, s.actor, regno);
  if (ctx.json) return printJson(ctx, view);
  if (a !== 'list') ctx.err(t(`family.done.${a}` as 'family.done.add', { iin: opts.iin?.trim() ?? '', regno: view.regno }));
  printFamily(ctx, view);
}

export function register(program: Command, run: Run): void {
  program
    .command('family')
    .description(t('help.family'))
    .argument('<regno>', t('help.common.regno'))
    .argument('[action]', t('help.family.action'))
    .option('--iin <iin>', t('help.family.iin'))
    .option('--name <name>', t('help.family.name'))
    .option('--relation <relation>', t('help.family.relation', { accepted: RELATIONS.join(', ') }))
    .option('--employment <status>', t('help.family.employment', { accepted: EMPLOYMENTS.join(', ') }))
    .option('--exempt-reason <text>', t('help.family.exemptReason'))
    .action(run((ctx, regno: string, action: string | undefined, opts: FamilyOptions) => familyAction(ctx, regno, action, opts)));
}
