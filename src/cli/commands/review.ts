// gasp review REGNO: step 3 — the executor determines the right to assistance and its amount from
// the family and incomes recorded (gasp family, gasp income); on a terminal it first walks
// through them with prompts and a running total. --no-determination: a paper case.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { reviewCase } from '../../services/cases.js';
import type { Context } from '../context.js';
import type { Run } from '../program.js';
import { printDetermination } from '../render/determination.js';
import { printJson } from '../render/output.js';
import { printMoved } from '../render/case.js';
import { session } from '../session.js';
import { walkThrough } from '../review-prompts.js';

async function reviewAction(ctx: Context, regno: string, opts: { note?: string; determination?: boolean }) {
  const s = await session(ctx);
  if (ctx.interactive && !ctx.json && opts.determination !== false && s.actor.role === 'executor') {
    await walkThrough(ctx, s, regno);
  }
  const view = await reviewCase(s.db, s.actor, regno, { note: opts.note, determination: opts.determination }, s.env);
  if (ctx.json) return printJson(ctx, view);
  if (view.determination) printDetermination(ctx, view.regno, view.determination);
  else ctx.err(t('review.noDetermination', { regno: view.regno }));
  printMoved(ctx, view, s.env.now);
}

export function register(program: Command, run: Run): void {
  program
    .command('review')
    .description(t('help.review'))
    .argument('<regno>', t('help.common.regno'))
    .option('--note <text>', t('help.review.note'))
    .option('--determination', t('help.review.determination'))
    .option('--no-determination', t('help.review.noDetermination'))
    .action(run((ctx, regno: string, opts: { note?: string; determination?: boolean }) => reviewAction(ctx, regno, opts)));
}
