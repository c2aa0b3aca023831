// gasp import FILE.csv [--dry-run] [--skip-invalid] [--rejects FILE]: bulk registration (admin).
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import type { Command } from 'commander';
import { GaspError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { type ImportRecord, checkImportColumns, importRegister } from '../../services/import.js';
import type { Context } from '../context.js';
import { writeCsv } from '../csv.js';
import { checkWritableTarget } from '../documents.js';
import type { Run } from '../program.js';
import { printJson } from '../render/output.js';
import { session } from '../session.js';

interface ImportOptions {
  dryRun?: boolean;
  skipInvalid?: boolean;
  rejects?: string;
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

async function* readRecords(file: string, onBytes: (n: number) => void): AsyncGenerator<ImportRecord> {
  const { parse } = await import('csv-parse');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      onBytes(bytes);
      cb(null, chunk);
    },
  });
  const parser = fs.createReadStream(file).pipe(counter).pipe(
    parse({
      bom: true,
      delimiter: [',', ';'],
      trim: true,
      skip_empty_lines: true,
      info: true,
      columns: (header: string[]) => {
        const cols = header.map((h) => h.trim().toLowerCase());
        checkImportColumns(cols, file);
        return cols;
      },
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { line: info.lines, record };
    }
  } catch (e) {
    if (e instanceof GaspError) throw e;
    throw new GaspError('import.csv', { path: file, reason: (e as Error).message });
  }
}

async function importAction(ctx: Context, file: string, opts: ImportOptions) {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    throw new GaspError('import.file', { path: file, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
  }
  const rejectsFile = opts.rejects ?? file.replace(/(\.csv)?$/i, '.rejects.csv');
  if (opts.skipInvalid) checkWritableTarget(rejectsFile);
  const s = await session(ctx);
  const bar = progressBar(ctx, size);
  const result = await importRegister(s.db, s.actor, readRecords(file, bar.update), { source: path.basename(file), dryRun: opts.dryRun, skipInvalid: opts.skipInvalid }, s.env).finally(() => bar.done());
  if (result.rejected.length) {
    const columns = [...new Set(result.rejected.flatMap((r) => Object.keys(r.record)))];
    async function* rows() {
      for (const r of result.rejected) yield [String(r.line), r.message, ...columns.map((c) => r.record[c] ?? '')];
    }
    await writeCsv({ header: ['line', 'error', ...columns], rows: rows() }, { file: rejectsFile });
  }
  if (ctx.json) {
    return printJson(ctx, { ...result, rejects_file: result.rejected.length ? path.resolve(rejectsFile) : null });
  }
  ctx.err(t('import.summary', { file: path.basename(file), total: result.total, added: result.added, skipped: result.skipped, rejected: result.rejected.length }));
  if (result.rejected.length) ctx.err(t('import.rejects', { path: path.resolve(rejectsFile) }));
  if (result.dryRun) ctx.err(t('import.dryRun'));
}

export function register(program: Command, run: Run): void {
  program
    .command('import')
    .description(t('help.import'))
    .argument('<file>', t('help.import.file'))
    .option('--dry-run', t('help.import.dryRun'))
    .option('--skip-invalid', t('help.import.skipInvalid'))
    .option('--rejects <file>', t('help.import.rejects'))
    .action(run((ctx, file: string, opts: ImportOptions) => importAction(ctx, file, opts)));
}
