// gasp assign REGNO --executor LOGIN: step 2 — the head's resolution and the executor.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { assignExecutor } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('assign')
    .description(t('help.assign'))
    .argument('<regno>', t('help.common.regno'))
    .requiredOption('--executor <login>', t('help.assign.executor'))
    .option('--resolution <text>', t('help.assign.resolution'))
    .action(
      run((ctx, regno: string, opts: { executor: string; resolution?: string }) =>
        runStep(ctx, (s) => assignExecutor(s.db, s.actor, regno, opts, s.env)),
      ),
    );
}
