// gasp export register --date D | gasp export cases [filters]: CSV for Excel, or an Excel
// workbook (admin, head).
import path from 'node:path';
import type { Command } from 'commander';
import { caseFilterOptions } from './case.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { CasesQuery } from '../../services/cases.js';
import { type ExportLayout, type ExportTable, exportCases, exportRegister } from '../../services/export.js';
import type { Context } from '../context.js';
import { writeCsv } from '../csv.js';
import type { Run } from '../program.js';
import { checkTarget } from '../documents.js';
import { type Session, session } from '../session.js';

interface OutputOptions {
  excel?: boolean;
  xlsx?: boolean;
  output?: string;
  force?: boolean;
}

async function exportAction(ctx: Context, opts: OutputOptions, build: (s: Session, layout: ExportLayout) => Promise<ExportTable>) {
  if (opts.xlsx) {
    if (opts.excel) throw new UsageError('export.xlsxExcel', {});
    if (!opts.output) throw new UsageError('export.xlsxFile', {});
    if (!/\.xlsx$/i.test(opts.output)) throw new UsageError('export.xlsxExtension', { path: opts.output });
  }
  if (opts.output) checkTarget(ctx, opts.output, opts.force);
  const s = await session(ctx);
  let rows: number;
  if (opts.xlsx) {
    const { writeXlsx } = await import('../xlsx.js');
    rows = await writeXlsx(await build(s, 'xlsx'), { file: opts.output!, force: opts.force, database: ctx.dbLocation, sheet: t('export.sheet') });
  } else {
    const table = await build(s, 'csv');
    rows = await writeCsv({ header: table.columns.map((c) => c.header), rows: table.rows }, { file: opts.output, excel: opts.excel, force: opts.force, database: ctx.dbLocation });
  }
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
    .option('--xlsx', t('help.export.xlsx'))
    .option('--force', t('help.export.force'))
    .action(
      run((ctx, opts: OutputOptions & { date: string; office?: string }) =>
        exportAction(ctx, opts, (s, layout) => exportRegister(s.db, s.actor, { date: opts.date, office: opts.office }, ctx.lang, s.env.now, layout)),
      ),
    );
  caseFilterOptions(exp.command('cases').description(t('help.export.cases')))
    .option('--excel', t('help.common.excel'))
    .option('-o, --output <file>', t('help.common.output'))
    .option('--xlsx', t('help.export.xlsx'))
    .option('--force', t('help.export.force'))
    .action(run((ctx, opts: OutputOptions & CasesQuery) => exportAction(ctx, opts, (s, layout) => exportCases(s.db, s.actor, opts, ctx.lang, s.env.now, layout))));
}
