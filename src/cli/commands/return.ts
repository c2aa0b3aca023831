// gasp return REGNO --comment TEXT: the head sends a draft back to the executor.
import type { Command } from 'commander';
import { returnDraft } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('return')
    .description('return a draft to the executor with a comment (head)')
    .argument('<regno>', 'registration number OO-YYYY-NNNNN')
    .requiredOption('--comment <text>', 'what to change')
    .action(run((ctx, regno: string, opts: { comment: string }) => runStep(ctx, (s) => returnDraft(s.db, s.actor, regno, opts, s.env))));
}
