// gasp export register --date D | gasp export cases [filters]: CSV for Excel (admin, head).
import path from 'node:path';
import type { Command } from 'commander';
import { stateCodesHelp } from '../help.js';
import { t } from '../../i18n/index.js';
import type { CasesQuery } from '../../services/cases.js';
import { type ExportTable, exportCases, exportRegister } from '../../services/export.js';
import type { Context } from '../context.js';
import { writeCsv } from '../csv.js';
import type { Run } from '../program.js';
import { checkWritableTarget } from '../documents.js';
import { type Session, session } from '../session.js';

interface OutputOptions {
  excel?: boolean;
  output?: string;
}

async function exportAction(ctx: Context, opts: OutputOptions, build: (s: Session) => Promise<ExportTable>) {
  if (opts.output) checkWritableTarget(opts.output);
  const s = await session(ctx);
  const rows = await writeCsv(await build(s), { file: opts.output, excel: opts.excel });
  if (opts.output) ctx.err(t('export.written', { rows, path: path.resolve(opts.output) }));
}

export function register(program: Command, run: Run): void {
  const exp = program.command('export').description(t('help.export'));
  exp
    .command('register')
    .description(t('help.export.register'))
    .requiredOption('--date <date>', t('help.export.register.date'))
    .option('--office <no>', t('help.common.ownOffice'))
    .option('--excel', t('help.common.excel'))
    .option('-o, --output <file>', t('help.common.output'))
    .action(
      run((ctx, opts: OutputOptions & { date: string; office?: string }) =>
        exportAction(ctx, opts, (s) => exportRegister(s.db, s.actor, { date: opts.date, office: opts.office }, ctx.lang, s.env.now)),
      ),
    );
  exp
    .command('cases')
    .description(t('help.export.cases'))
    .option('--state <state>', t('help.cases.state'))
    .addHelpText('after', stateCodesHelp)
    .option('--office <no>', t('help.common.office'))
    .option('--executor <login>', t('help.cases.executor'))
    .option('--overdue', t('help.cases.overdue'))
    .option('--date <date>', t('help.cases.date'))
    .option('--excel', t('help.common.excel'))
    .option('-o, --output <file>', t('help.common.output'))
    .action(run((ctx, opts: OutputOptions & CasesQuery) => exportAction(ctx, opts, (s) => exportCases(s.db, s.actor, opts, ctx.lang, s.env.now))));
}
