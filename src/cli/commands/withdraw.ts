// gasp withdraw REGNO --comment TEXT: the applicant withdrew the application.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { withdrawCase } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('withdraw')
    .description(t('help.withdraw'))
    .argument('<regno>', t('help.common.regno'))
    .requiredOption('--comment <text>', t('help.withdraw.comment'))
    .action(run((ctx, regno: string, opts: { comment: string }) => runStep(ctx, (s) => withdrawCase(s.db, s.actor, regno, opts, s.env))));
}
