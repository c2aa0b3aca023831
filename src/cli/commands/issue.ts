// gasp issue REGNO --in-person | --post: step 6 — give the decision and print the notification.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { UsageError } from '../../errors.js';
import { issueDecision } from '../../services/cases.js';
import { renderNotice } from '../../services/documents.js';
import type { Run } from '../program.js';
import { askedDocLang, session } from '../session.js';
import { printJson } from '../render/output.js';
import { checkPdfTarget, emitAfterCommit } from '../documents.js';

export function register(program: Command, run: Run): void {
  program
    .command('issue')
    .description(t('help.issue'))
    .argument('<regno>', t('help.common.regno'))
    .option('--in-person', t('help.issue.inPerson'))
    .option('--post', t('help.issue.post'))
    .option('--pdf <file>', t('help.issue.pdf'))
    .option('--force', t('help.common.force'))
    .action(
      run(async (ctx, regno: string, opts: { inPerson?: boolean; post?: boolean; pdf?: string; force?: boolean }) => {
        if (Boolean(opts.inPerson) === Boolean(opts.post)) throw new UsageError('issue.choose', {});
        checkPdfTarget(ctx, opts.pdf, opts.force);
        const s = await session(ctx);
        const view = await issueDecision(s.db, s.actor, regno, { channel: opts.post ? 'post' : 'in-person' }, s.env);
        if (ctx.json) printJson(ctx, view);
        if (ctx.json && !opts.pdf) return;
        const render = async () => [await renderNotice(s.db, view, askedDocLang(ctx) ?? view.doc_lang)];
        await emitAfterCommit(ctx, render, { file: opts.pdf, force: opts.force, title: view.regno, notWritten: 'pdf.notWrittenIssued', regno: view.regno });
      }),
    );
}
