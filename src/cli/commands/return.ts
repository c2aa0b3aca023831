// gasp return REGNO --comment TEXT: the head sends a draft back to the executor.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { returnDraft } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('return')
    .description(t('help.return'))
    .argument('<regno>', t('help.common.regno'))
    .requiredOption('--comment <text>', t('help.return.comment'))
    .action(run((ctx, regno: string, opts: { comment: string }) => runStep(ctx, (s) => returnDraft(s.db, s.actor, regno, opts, s.env))));
}
