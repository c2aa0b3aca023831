// gasp review REGNO: step 3 — the executor has examined the documents.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { reviewCase } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('review')
    .description(t('help.review'))
    .argument('<regno>', t('help.common.regno'))
    .option('--note <text>', t('help.review.note'))
    .action(run((ctx, regno: string, opts: { note?: string }) => runStep(ctx, (s) => reviewCase(s.db, s.actor, regno, opts, s.env))));
}
