// gasp talon REGNO [--pdf FILE], gasp notice REGNO [--pdf FILE]: reprints (every staff member);
// gasp notice --state signed --office NN --pdf FILE: a batch of signed notifications for posting.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { GaspError, UsageError } from '../../errors.js';
import { printNotice, printSignedNotices, printTalon } from '../../services/documents.js';
import type { Run } from '../program.js';
import { checkPdfTarget, emitDocuments } from '../documents.js';
import { askedDocLang, session } from '../session.js';

interface NoticeOptions {
  pdf?: string;
  state?: string;
  office?: string;
}

export function register(program: Command, run: Run): void {
  program
    .command('talon')
    .description(t('help.talon'))
    .argument('<regno>', t('help.common.regno'))
    .option('--pdf <file>', t('help.common.pdf'))
    .action(
      run(async (ctx, regno: string, opts: { pdf?: string }) => {
        checkPdfTarget(opts.pdf);
        const s = await session(ctx);
        const doc = await printTalon(s.db, s.actor, regno, askedDocLang(ctx), s.env.now, opts.pdf);
        await emitDocuments(ctx, [doc], opts.pdf, regno);
      }),
    );
  program
    .command('notice')
    .description(t('help.notice'))
    .argument('[regno]', t('help.common.regno'))
    .option('--pdf <file>', t('help.common.pdf'))
    .option('--state <state>', t('help.notice.state'))
    .option('--office <no>', t('help.notice.office'))
    .action(
      run(async (ctx, regno: string | undefined, opts: NoticeOptions) => {
        checkPdfTarget(opts.pdf);
        if (regno) {
          if (opts.state || opts.office) throw new UsageError('notice.batchUsage', {});
          const s = await session(ctx);
          const doc = await printNotice(s.db, s.actor, regno, askedDocLang(ctx), s.env.now, opts.pdf);
          return emitDocuments(ctx, [doc], opts.pdf, regno);
        }
        if (opts.state !== 'signed' || !opts.office || !opts.pdf) throw new UsageError('notice.batchUsage', {});
        const s = await session(ctx);
        const docs = await printSignedNotices(s.db, s.actor, opts.office, askedDocLang(ctx), s.env.now, opts.pdf);
        if (!docs.length) throw new GaspError('pdf.nothing', { office: opts.office });
        await emitDocuments(ctx, docs.map((d) => d.doc), opts.pdf, `notices ${opts.office}`);
      }),
    );
}
