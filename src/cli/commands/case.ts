// gasp case REGNO, gasp cases [filters], gasp overdue: reading cases (every staff member).
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { stateCodesHelp } from '../help.js';
import { findCases, getCase, overdueCases } from '../../services/cases.js';
import type { Context } from '../context.js';
import type { Run } from '../program.js';
import { printCaseList } from '../render/case.js';
import { printJson } from '../render/output.js';
import { session, showCase } from '../session.js';

interface CasesOptions {
  state?: string;
  office?: string;
  executor?: string;
  overdue?: boolean;
  date?: string;
}

async function showList(ctx: Context, load: (s: Awaited<ReturnType<typeof session>>) => ReturnType<typeof findCases>) {
  const s = await session(ctx);
  const cases = await load(s);
  if (ctx.json) return printJson(ctx, cases);
  printCaseList(ctx, cases, s.env.now);
}

export function register(program: Command, run: Run): void {
  program
    .command('case')
    .description(t('help.case'))
    .argument('<regno>', t('help.common.regno'))
    .action(
      run(async (ctx, regno: string) => {
        const s = await session(ctx);
        showCase(ctx, await getCase(s.db, regno, s.env.now), s.env.now, true);
      }),
    );
  program
    .command('cases')
    .description(t('help.cases'))
    .option('--state <state>', t('help.cases.state'))
    .addHelpText('after', stateCodesHelp)
    .option('--office <no>', t('help.common.office'))
    .option('--executor <login>', t('help.cases.executor'))
    .option('--overdue', t('help.cases.overdue'))
    .option('--date <date>', t('help.cases.date'))
    .action(run((ctx, opts: CasesOptions) => showList(ctx, (s) => findCases(s.db, opts, s.env.now))));
  program
    .command('overdue')
    .description(t('help.overdue'))
    .option('--office <no>', t('help.common.office'))
    .action(run((ctx, opts: { office?: string }) => showList(ctx, (s) => overdueCases(s.db, opts, s.env.now))));
}
