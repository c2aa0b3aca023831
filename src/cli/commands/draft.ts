// gasp draft REGNO --grant | --refuse --reason CODE: step 4 — the draft decision.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { reasonCodesHelp } from '../help.js';
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
    .description(t('help.draft'))
    .argument('<regno>', t('help.common.regno'))
    .option('--grant', t('help.draft.grant'))
    .option('--refuse', t('help.draft.refuse'))
    .option('--reason <code>', t('help.draft.reason'))
    .addHelpText('after', reasonCodesHelp)
    .option('--reason-text <text>', t('help.draft.reasonText'))
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
