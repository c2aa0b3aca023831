// gasp case REGNO, gasp cases [filters], gasp overdue: reading cases (every staff member).
import type { Command } from 'commander';
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
    .description('one case: its state, current deadline and whole history')
    .argument('<regno>', 'registration number OO-YYYY-NNNNN')
    .action(
      run(async (ctx, regno: string) => {
        const s = await session(ctx);
        showCase(ctx, await getCase(s.db, regno, s.env.now), s.env.now, true);
      }),
    );
  program
    .command('cases')
    .description('list cases, newest first')
    .option('--state <state>', 'received_by_akimat | registered | assigned | reviewed | drafted | signed | issued | withdrawn')
    .option('--office <no>', 'office number 1–19')
    .option('--executor <login>', 'the responsible executor')
    .option('--overdue', 'only cases past their current deadline')
    .option('--date <date>', 'registered on this day, YYYY-MM-DD')
    .action(run((ctx, opts: CasesOptions) => showList(ctx, (s) => findCases(s.db, opts, s.env.now))));
  program
    .command('overdue')
    .description('cases whose current step is past its deadline, oldest deadline first')
    .option('--office <no>', 'office number 1–19')
    .action(run((ctx, opts: { office?: string }) => showList(ctx, (s) => overdueCases(s.db, opts, s.env.now))));
}
