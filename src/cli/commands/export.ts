// gasp export register --date D | gasp export cases [filters]: CSV for Excel, or an Excel
// workbook (admin, head).
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { CasesQuery } from '../../services/cases.js';
import { type ExportLayout, type ExportTable, exportCases, exportRegister } from '../../services/export.js';
import type { Context } from '../context.js';
import { checkNewFile, writeCsv } from '../csv.js';
import type { Run } from '../program.js';
import { checkWritableTarget } from '../documents.js';
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
  if (opts.output) {
    checkWritableTarget(opts.output);
    checkNewFile(opts.output, opts.force);
  }
  const s = await session(ctx);
  let rows: number;
  if (opts.xlsx) {
    const { writeXlsx } = await import('../xlsx.js');
    rows = await writeXlsx(await build(s, 'xlsx'), { file: opts.output!, force: opts.force, sheet: t('export.sheet') });
  } else {
    const table = await build(s, 'csv');
    rows = await writeCsv({ header: table.columns.map((c) => c.header), rows: table.rows }, { file: opts.output, excel: opts.excel, force: opts.force });
  }
  if (opts.output) ctx.err(t('export.written', { rows, path: path.resolve(opts.output) }));
}

export function register(program: Command, run: Run): void {
  const exp = program.command('export').description('export as CSV (admin, head)');
  exp
    .command('register')
    .description('the register of one day: every case registered that day')
    .requiredOption('--date <date>', 'the day, YYYY-MM-DD')
    .option('--office <no>', 'office number 1–19 (a head: their own)')
    .option('--excel', 'for Excel: UTF-8 BOM, ; separators, CRLF')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--xlsx', 'an Excel workbook (.xlsx); needs -o FILE.xlsx')
    .option('--force', 'replace an existing output file')
    .action(
      run((ctx, opts: OutputOptions & { date: string; office?: string }) =>
        exportAction(ctx, opts, (s, layout) => exportRegister(s.db, s.actor, { date: opts.date, office: opts.office }, ctx.lang, s.env.now, layout)),
      ),
    );
  exp
    .command('cases')
    .description('cases with the filters of gasp cases')
    .option('--state <state>', 'received_by_akimat | registered | assigned | reviewed | drafted | signed | issued | withdrawn')
    .option('--office <no>', 'office number 1–19')
    .option('--executor <login>', 'the responsible executor')
    .option('--overdue', 'only cases past their current deadline')
    .option('--date <date>', 'registered on this day, YYYY-MM-DD')
    .option('--excel', 'for Excel: UTF-8 BOM, ; separators, CRLF')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--xlsx', 'an Excel workbook (.xlsx); needs -o FILE.xlsx')
    .option('--force', 'replace an existing output file')
    .action(run((ctx, opts: OutputOptions & CasesQuery) => exportAction(ctx, opts, (s, layout) => exportCases(s.db, s.actor, opts, ctx.lang, s.env.now, layout))));
}
