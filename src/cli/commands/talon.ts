// gasp talon REGNO [--pdf FILE], gasp notice REGNO [--pdf FILE]: reprints (every staff member);
// gasp notice --state signed --office NN --pdf FILE: a batch of signed notifications for posting.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { GaspError, UsageError } from '../../errors.js';
import { printNotice, printSignedNotices, printTalon } from '../../services/documents.js';
import type { Run } from '../program.js';
import type { RenderedDocument } from '../../services/documents.js';
import type { Context } from '../context.js';
import { checkPdfTarget, printDocumentsText, writeDocumentsPdf } from '../documents.js';
import { askedDocLang, session } from '../session.js';

interface NoticeOptions {
  pdf?: string;
  force?: boolean;
  state?: string;
  office?: string;
}

/** The PDF of a reprint, written before the print is recorded. */
const pdfOutput = (ctx: Context, opts: { pdf?: string; force?: boolean }, title: string) => async (docs: RenderedDocument[]) => {
  if (opts.pdf) await writeDocumentsPdf(ctx, docs, opts.pdf, title, opts.force);
};

export function register(program: Command, run: Run): void {
  program
    .command('talon')
    .description(t('help.talon'))
    .argument('<regno>', t('help.common.regno'))
    .option('--pdf <file>', t('help.common.pdf'))
    .option('--force', t('help.common.force'))
    .action(
      run(async (ctx, regno: string, opts: { pdf?: string; force?: boolean }) => {
        checkPdfTarget(ctx, opts.pdf, opts.force);
        const s = await session(ctx);
        const doc = await printTalon(s.db, s.actor, regno, askedDocLang(ctx), s.env.now, opts.pdf, pdfOutput(ctx, opts, regno));
        printDocumentsText(ctx, [doc]);
      }),
    );
  program
    .command('notice')
    .description(t('help.notice'))
    .argument('[regno]', t('help.common.regno'))
    .option('--pdf <file>', t('help.common.pdf'))
    .option('--force', t('help.common.force'))
    .option('--state <state>', t('help.notice.state'))
    .option('--office <no>', t('help.notice.office'))
    .action(
      run(async (ctx, regno: string | undefined, opts: NoticeOptions) => {
        if (regno) {
          if (opts.state || opts.office) throw new UsageError('notice.batchUsage', {});
          checkPdfTarget(ctx, opts.pdf, opts.force);
          const s = await session(ctx);
          const doc = await printNotice(s.db, s.actor, regno, askedDocLang(ctx), s.env.now, opts.pdf, pdfOutput(ctx, opts, regno));
          return printDocumentsText(ctx, [doc]);
        }
        if (opts.state !== 'signed' || !opts.office || !opts.pdf) throw new UsageError('notice.batchUsage', {});
        checkPdfTarget(ctx, opts.pdf, opts.force);
        const s = await session(ctx);
        const docs = await printSignedNotices(s.db, s.actor, opts.office, askedDocLang(ctx), s.env.now, opts.pdf, pdfOutput(ctx, opts, `notices ${opts.office}`));
        if (!docs.length) throw new GaspError('pdf.nothing', { office: opts.office });
        printDocumentsText(ctx, docs.map((d) => d.doc));
      }),
    );
}
