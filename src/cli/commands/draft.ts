// gasp draft REGNO [--grant | --refuse --reason CODE] [--override --comment TEXT]: step 4 — the
// draft decision. Without --grant/--refuse it follows the determination of step 3.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { reasonCodesHelp } from '../help.js';
import { UsageError } from '../../errors.js';
import { draftDecision } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';
import { grantText } from '../../documents/amounts.js';

interface DraftOptions {
  grant?: boolean;
  refuse?: boolean;
  reason?: string;
  reasonText?: string;
  override?: boolean;
  comment?: string;
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
    .option('--override', t('help.draft.override'))
    .option('--comment <text>', t('help.draft.comment'))
    .action(
      run(async (ctx, regno: string, opts: DraftOptions) => {
        if (opts.grant && opts.refuse) throw new UsageError('draft.choose', {});
        const decision = opts.grant ? 'grant' : opts.refuse ? 'refuse' : undefined;
        const view = await runStep(ctx, (s) =>
          draftDecision(s.db, s.actor, regno, { decision, reason: opts.reason, reasonText: opts.reasonText, override: opts.override, comment: opts.comment }, s.env),
        );
        if (ctx.json) return;
        const lang = ctx.lang === 'kk' ? 'kk' : 'ru';
        if (view.grant) ctx.err(t('notice.amount', { text: grantText(view.grant, lang) }));
        if (view.override_comment) ctx.err(t('draft.overridden', { comment: view.override_comment }));
        if (view.decision === 'grant' && !view.grant && view.determination) ctx.err(t('draft.noAmount'));
        if (!view.determination) ctx.err(t('draft.byHand', { regno: view.regno }));
      }),
    );
}
