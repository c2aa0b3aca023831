// gasp withdraw REGNO --comment TEXT: the applicant withdrew the application.
import type { Command } from 'commander';
import { withdrawCase } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('withdraw')
    .description('the applicant withdrew the application, before signing (clerk, head)')
    .argument('<regno>', 'registration number OO-YYYY-NNNNN')
    .requiredOption('--comment <text>', 'the applicant\'s statement')
    .action(run((ctx, regno: string, opts: { comment: string }) => runStep(ctx, (s) => withdrawCase(s.db, s.actor, regno, opts, s.env))));
}
