// gasp correct REGNO [--name] [--address] [--phone] [--iin] [--docs] --comment TEXT: corrections
// of the applicant's data before the decision is signed (clerk, head, the akimat that took it).
import type { Command } from 'commander';
import { errorMessage, t } from '../../i18n/index.js';
import { documentCodesHelp } from '../help.js';
import { correctCase } from '../../services/cases.js';
import type { Run } from '../program.js';
import { printJson } from '../render/output.js';
import { printMoved } from '../render/case.js';
import { fieldLabel } from '../render/labels.js';
import { session } from '../session.js';

interface CorrectOptions {
  name?: string;
  address?: string;
  phone?: string;
  iin?: string;
  docs?: string;
  comment?: string;
  duplicateOk?: boolean;
}

export function register(program: Command, run: Run): void {
  program
    .command('correct')
    .description(t('help.correct'))
    .argument('<regno>', t('help.common.regno'))
    .option('--name <fio>', t('help.correct.name'))
    .option('--address <address>', t('help.correct.address'))
    .option('--phone <phone>', t('help.correct.phone'))
    .option('--iin <iin>', t('help.correct.iin'))
    .option('--docs <codes>', t('help.correct.docs'))
    .addHelpText('after', documentCodesHelp)
    .option('--duplicate-ok', t('help.correct.duplicateOk'))
    .requiredOption('--comment <text>', t('help.correct.comment'))
    .action(
      run(async (ctx, regno: string, opts: CorrectOptions) => {
        const s = await session(ctx);
        const { view, warnings } = await correctCase(
          s.db,
          s.actor,
          regno,
          { ...opts, docs: opts.docs === undefined ? undefined : opts.docs.split(/[,;]/) },
          s.env,
        );
        for (const w of warnings) ctx.err(errorMessage(w.key, w.params));
        if (ctx.json) return printJson(ctx, view);
        const last = view.history?.[view.history.length - 1];
        const fields = Object.keys((last?.changes as Record<string, unknown>) ?? {});
        ctx.err(t('correct.done', { regno: view.regno, fields: fields.map((f) => fieldLabel(f, ctx.lang)).join(', ') }));
        if (last?.income_lines_moved) ctx.err(t('correct.incomesMoved', { n: String(last.income_lines_moved) }));
        if (last?.determination_cleared) ctx.err(t('correct.determinationCleared', { regno: view.regno }));
        printMoved(ctx, view, s.env.now);
      }),
    );
}
