// CSV both ways, through a real CSV library loaded only here: writing is RFC 4180 (csv-stringify),
// `--excel` adding the UTF-8 BOM and `;` separators so that a Russian Excel opens it with
// Cyrillic intact; reading (csv-parse) takes the separator the header line uses. Rows stream
// through. Output files go through writeNewFile (src/files.ts).
import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GaspError } from '../errors.js';
import { fileReason, writeNewFile } from '../files.js';
import { type MessageKey, t } from '../i18n/index.js';
import { formatLocalPlain } from '../domain/time.js';
import { visible } from '../domain/text.js';
import type { ExportCell } from '../services/export.js';
import type { ImportRow, ImportTable } from '../services/import.js';

/** A cell that a spreadsheet would run as a formula is neutralised with a leading apostrophe. */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

const cellText = (c: ExportCell): string => (c instanceof Date ? formatLocalPlain(c) : (c ?? ''));

export async function writeCsv(
  table: { header: string[]; rows: AsyncIterable<ExportCell[]> },
  opts: { file?: string; excel?: boolean; force?: boolean; database?: string },
): Promise<number> {
  const { stringify } = await import('csv-stringify');
  let count = 0;
  // A file keeps the data as it is; a terminal gets control characters made visible.
  const shown = !opts.file && process.stdout.isTTY ? (s: string) => visible(s) : (s: string) => s;
  async function* records() {
    yield table.header;
    for await (const row of table.rows) {
      count++;
      yield row.map((c) => shown(neutraliseFormula(cellText(c))));
    }
  }
  const stringifier = stringify({ delimiter: opts.excel ? ';' : ',', record_delimiter: 'windows', bom: Boolean(opts.excel) });
  if (!opts.file) {
    await pipeline(Readable.from(records()), stringifier, process.stdout, { end: false });
    return count;
  }
  const database = opts.database ?? '';
  if (!database) throw new Error('writeCsv: a file is written only knowing the database it must never replace');
  await writeNewFile(opts.file, { force: opts.force, database }, (tmp) => pipeline(Readable.from(records()), stringifier, fs.createWriteStream(tmp, { highWaterMark: 1 << 20 })));
  return count;
}

const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The separator of a file: the one its header line uses most, outside quotes (`,` when none). */
export function detectDelimiter(file: string): Delimiter {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(64 * 1024);
  let n: number;
  try {
    n = fs.readSync(fd, buf, 0, buf.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const text = buf.subarray(0, n).toString('utf8').replace(/^\ufeff/, '');
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

const PARSE_REASONS: Record<string, MessageKey> = {
  CSV_QUOTE_NOT_CLOSED: 'import.csv.quote',
  CSV_INVALID_CLOSING_QUOTE: 'import.csv.afterQuote',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'import.csv.afterQuote',
  CSV_INVALID_OPENING_QUOTE: 'import.csv.openingQuote',
};

/** A CSV file as a header and its rows, one separator for the whole file. */
export async function readCsvTable(file: string, onBytes: (n: number) => void): Promise<ImportTable & { delimiter: Delimiter }> {
  const { parse } = await import('csv-parse');
  const delimiter = detectDelimiter(file);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      onBytes(bytes);
      cb(null, chunk);
    },
  });
  const source = fs.createReadStream(file);
  const parser = source.pipe(counter).pipe(
    // Spaces around a quoted field are allowed, except in a tab-separated file (a tab is one).
    parse({ bom: true, delimiter, trim: delimiter !== '\t', skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  // pipe() does not pass a read error on: without this, a file that cannot be read is an
  // unhandled stream error instead of a sentence.
  source.on('error', (e) => parser.destroy(e));
  const records = (parser as AsyncIterable<{ record: string[]; info: { lines: number } }>)[Symbol.asyncIterator]();
  const next = async () => {
    try {
      return await records.next();
    } catch (e) {
      if ((e as { syscall?: string }).syscall) throw new GaspError('import.file', { path: file, reason: fileReason(e) });
      const err = e as { code?: string; lines?: number };
      const reason = t(PARSE_REASONS[err.code ?? ''] ?? 'import.csv.other');
      throw new GaspError('import.csv', { path: file, line: err.lines ?? '?', reason });
    }
  };
  const first = await next();
  const header = first.done ? [] : first.value.record;
  async function* rows(): AsyncGenerator<ImportRow> {
    for (let r = await next(); !r.done; r = await next()) yield { line: r.value.info.lines, cells: r.value.record };
  }
  return { header, rows: rows(), exactWidth: true, delimiter };
}
