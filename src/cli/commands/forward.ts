// gasp forward REGNO: an akimat hands a case to its district office.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { forwardCase } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('forward')
    .description(t('help.forward'))
    .argument('<regno>', t('help.common.regno'))
    .action(run((ctx, regno: string) => runStep(ctx, (s) => forwardCase(s.db, s.actor, regno, s.env))));
}
