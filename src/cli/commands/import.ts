// gasp import FILE.csv|FILE.xlsx [--dry-run] [--skip-invalid] [--rejects FILE] [--force]: bulk
// registration of paper registers, and of cases already decided on paper (admin).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { GaspError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { type ImportTable, importRegister } from '../../services/import.js';
import { requireRole } from '../../services/staff.js';
import type { Context } from '../context.js';
import { fileReason } from '../../files.js';
import { readCsvTable, writeCsv } from '../csv.js';
import { readXlsxTable, spreadsheetKind } from '../xlsx.js';
import { checkTarget } from '../documents.js';
import type { Run } from '../program.js';
import { printJson } from '../render/output.js';
import { session } from '../session.js';

interface ImportOptions {
  dryRun?: boolean;
  skipInvalid?: boolean;
  duplicateOk?: boolean;
  rejects?: string;
  force?: boolean;
}

/** A one-line progress bar on stderr, on a terminal only. */
function progressBar(ctx: Context, total: number) {
  if (!process.stderr.isTTY || ctx.json) return { update: (_: number) => {}, done: () => {} };
  let last = 0;
  return {
    update(read: number) {
      const now = Date.now();
      if (now - last < 100 && read < total) return;
      last = now;
      const share = total ? Math.min(1, read / total) : 1;
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}%`);
    },
    done() {
      process.stderr.write('\r\x1b[K');
    },
  };
}

async function importAction(ctx: Context, file: string, opts: ImportOptions) {
  let size: number;
  let kind: ReturnType<typeof spreadsheetKind>;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    size = st.size;
    kind = spreadsheetKind(file);
  } catch (e) {
    throw new GaspError('import.file', { path: file, reason: fileReason(e) });
  }
  if (size === 0) throw new GaspError('import.empty', { path: file });
  if (kind === 'xls') throw new GaspError('import.xls', { path: file });
  const rejectsFile = opts.rejects ?? file.replace(/(\.(csv|tsv|txt|xlsx))?$/i, '.rejects.csv');
  const writesRejects = opts.skipInvalid && !opts.dryRun;
  if (writesRejects) checkTarget(ctx, rejectsFile, opts.force);
  const s = await session(ctx);
  requireRole(s.actor, ['admin'], 'import');
  const bar = progressBar(ctx, size);
  let table: ImportTable;
  let excel = false;
  if (kind === 'xlsx') {
    table = await readXlsxTable(file);
  } else {
    const csv = await readCsvTable(file, bar.update);
    excel = csv.delimiter === ';';
    table = csv;
  }
  const result = await importRegister(s.db, s.actor, table, { source: path.basename(file), dryRun: opts.dryRun, skipInvalid: opts.skipInvalid, duplicateOk: opts.duplicateOk }, s.env).finally(() => bar.done());
  const writeRejects = writesRejects && result.rejected.length > 0;
  if (writeRejects) {
    // The rejected rows with their original headers, so that the file can be fixed and imported.
    const columns = [...new Set(result.rejected.flatMap((r) => Object.keys(r.record)))];
    async function* rows() {
      for (const r of result.rejected) yield [String(r.line), r.message, ...columns.map((c) => r.record[c] ?? '')];
    }
    await writeCsv({ header: [t('import.col.line'), t('import.col.error'), ...columns], rows: rows() }, { file: rejectsFile, excel, force: opts.force, database: ctx.dbLocation });
  }
  if (ctx.json) {
    printJson(ctx, { ...result, rejects_file: writeRejects ? path.resolve(rejectsFile) : null });
  } else {
    if (result.dryRun) for (const r of result.rejected) ctx.err(t('import.rejectedRow', { line: r.line, message: r.message }));
    ctx.err(t(result.dryRun ? 'import.summaryDry' : 'import.summary', { file: path.basename(file), total: result.total, added: result.added, skipped: result.skipped, rejected: result.rejected.length }));
    if (writeRejects) ctx.err(t('import.rejects', { path: path.resolve(rejectsFile) }));
    if (result.dryRun) ctx.err(t('import.dryRun'));
  }
  if (result.dryRun && result.rejected.length && !opts.skipInvalid) throw new GaspError('import.dryRunRejected', { count: result.rejected.length });
}

export function register(program: Command, run: Run): void {
  program
    .command('import')
    .description(t('help.import'))
    .argument('<file>', t('help.import.file'))
    .option('--dry-run', t('help.import.dryRun'))
    .option('--skip-invalid', t('help.import.skipInvalid'))
    .option('--duplicate-ok', t('help.import.duplicateOk'))
    .option('--rejects <file>', t('help.import.rejects'))
    .option('--force', t('help.import.force'))
    .action(run((ctx, file: string, opts: ImportOptions) => importAction(ctx, file, opts)));
}
