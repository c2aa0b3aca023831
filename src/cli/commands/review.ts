// gasp review REGNO: step 3 — the executor has examined the documents.
import type { Command } from 'commander';
import { reviewCase } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('review')
    .description('step 3: documents examined, the right to assistance determined (executor)')
    .argument('<regno>', 'registration number OO-YYYY-NNNNN')
    .option('--note <text>', 'a note for the history')
    .action(run((ctx, regno: string, opts: { note?: string }) => runStep(ctx, (s) => reviewCase(s.db, s.actor, regno, opts, s.env))));
}
