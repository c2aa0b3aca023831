// gasp draft REGNO --grant | --refuse --reason CODE: step 4 — the draft decision.
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { draftDecision } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';

interface DraftOptions {
  grant?: boolean;
  refuse?: boolean;
  reason?: string;
  reasonText?: string;
}

export function register(program: Command, run: Run): void {
  program
    .command('draft')
    .description('step 4: draft the notification of assignment or a motivated refusal (executor)')
    .argument('<regno>', 'registration number OO-YYYY-NNNNN')
    .option('--grant', 'assign the assistance')
    .option('--refuse', 'refuse, with --reason')
    .option('--reason <code>', 'refusal reason code (data/reasons.json)')
    .option('--reason-text <text>', 'the reason in words (required with --reason other)')
    .action(
      run((ctx, regno: string, opts: DraftOptions) => {
        if (Boolean(opts.grant) === Boolean(opts.refuse)) throw new UsageError('draft.choose', {});
        const decision = opts.grant ? 'grant' : 'refuse';
        return runStep(ctx, (s) =>
          draftDecision(s.db, s.actor, regno, { decision, reason: opts.reason, reasonText: opts.reasonText }, s.env),
        );
      }),
    );
}
