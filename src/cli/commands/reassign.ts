// gasp reassign REGNO --executor LOGIN --comment TEXT: the head gives a case that is not yet
// signed to another executor of the office; the step and its deadline stay as they are.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { reassignCase } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('reassign')
    .description(t('help.reassign'))
    .argument('<regno>', t('help.common.regno'))
    .requiredOption('--executor <login>', t('help.reassign.executor'))
    .requiredOption('--comment <text>', t('help.reassign.comment'))
    .action(
      run((ctx, regno: string, opts: { executor: string; comment: string }) =>
        runStep(ctx, (s) => reassignCase(s.db, s.actor, regno, opts, s.env)),
      ),
    );
}
