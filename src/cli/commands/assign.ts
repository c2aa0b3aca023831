// gasp assign REGNO --executor LOGIN: step 2 — the head's resolution and the executor.
import type { Command } from 'commander';
import { assignExecutor } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('assign')
    .description('step 2: put a resolution and name the responsible executor (head)')
    .argument('<regno>', 'registration number OO-YYYY-NNNNN')
    .requiredOption('--executor <login>', 'the responsible executor')
    .option('--resolution <text>', 'the resolution')
    .action(
      run((ctx, regno: string, opts: { executor: string; resolution?: string }) =>
        runStep(ctx, (s) => assignExecutor(s.db, s.actor, regno, opts, s.env)),
      ),
    );
}
