// CSV both ways: writing is RFC 4180 (written here in large blocks, byte for byte as csv-stringify
// wrote it before), `--excel` adding the UTF-8 BOM and `;` separators so that a Russian Excel
// opens it with Cyrillic intact; reading goes through a real CSV library loaded only here
// (csv-parse) and takes the separator the header line uses. Rows stream through. Output files go
// through writeNewFile (src/files.ts).
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { GaspError } from '../errors.js';
import { fileReason, writeNewFile } from '../files.js';
import { type MessageKey, t } from '../i18n/index.js';
import { formatLocalPlain } from '../domain/time.js';
import { startsFormula, visible } from '../domain/text.js';
import type { ExportCell } from '../services/export.js';
import type { ImportRow, ImportTable } from '../services/import.js';

/** A cell that a spreadsheet would run as a formula is neutralised with a leading apostrophe. */
export function neutraliseFormula(cell: string): string {
  return startsFormula(cell) ? `'${cell}` : cell;
}

const cellText = (c: ExportCell): string => (c instanceof Date ? formatLocalPlain(c) : typeof c === 'number' ? String(c) : (c ?? ''));

/** A field as RFC 4180 has it, exactly as gasp's files have always been written (csv-stringify,
 * Windows line ends): quoted when it holds a quote, the separator or a CRLF, with its quotes
 * doubled; anything else as it is (a lone CR or LF included). */
function csvField(value: string, delimiter: string, suspect: RegExp): string {
  if (!suspect.test(value)) return value;
  const quote = value.includes('"');
  if (!quote && !value.includes(delimiter) && !value.includes('\r\n')) return value;
  return `"${quote ? value.replaceAll('"', '""') : value}"`;
}

/** Bytes gathered before they are written: large blocks, not a write per row (smaller for a
 * stream, which gets a new buffer each time). */
const BLOCK_BYTES = 1 << 20;
const STREAM_BLOCK_BYTES = 1 << 18;

/** Writes a block to a stream, waiting when the stream asks to (a slow pipe). */
function toStream(stream: NodeJS.WritableStream): (block: Buffer) => Promise<void> | void {
  return (block) => {
    if (stream.write(block)) return;
    return new Promise<void>((resolve, reject) => {
      const done = (e?: Error) => {
        stream.off('drain', done);
        stream.off('error', done);
        if (e) reject(e);
        else resolve();
      };
      stream.on('drain', done);
      stream.on('error', done);
    });
  };
}

/** Writes a block to an open file, all of it. */
function toFile(fd: number): (block: Buffer) => void {
  return (block) => {
    for (let at = 0; at < block.length; ) at += fs.writeSync(fd, block, at, block.length - at);
  };
}

/** Records encoded as UTF-8 straight into a large buffer, each ended with CRLF, handed on when
 * the buffer is full. A stream keeps the buffer it was given, so it gets a new one each time; a
 * file is written at once and the buffer used again. */
class Blocks {
  private block: Buffer;
  private used = 0;

  constructor(
    private readonly out: (block: Buffer) => Promise<void> | void,
    private readonly reuse: boolean,
  ) {
    this.block = Buffer.allocUnsafe(reuse ? BLOCK_BYTES : STREAM_BLOCK_BYTES);
  }

  /** Adds a record; a promise when a full block had to be written first. */
  add(text: string): Promise<void> | void {
    // At most three bytes per UTF-16 unit, and the CRLF.
    if (this.used + text.length * 3 + 2 <= this.block.length) {
      this.end(this.block.write(text, this.used));
      return;
    }
    return this.flushThen(text);
  }

  private end(written: number): void {
    this.used += written;
    this.block[this.used++] = 0x0d;
    this.block[this.used++] = 0x0a;
  }

  private async flushThen(text: string): Promise<void> {
    await this.flush();
    if (text.length * 3 + 2 <= this.block.length) this.end(this.block.write(text, 0));
    else await this.out(Buffer.from(`${text}\r\n`, 'utf8'));
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.block.subarray(0, this.used);
    if (!this.reuse) this.block = Buffer.allocUnsafe(STREAM_BLOCK_BYTES);
    this.used = 0;
    await this.out(full);
  }
}

export async function writeCsv(
  table: { header: string[]; rows: Iterable<ExportCell[]> | AsyncIterable<ExportCell[]> },
  opts: { file?: string; excel?: boolean; force?: boolean; database?: string },
): Promise<number> {
  const delimiter = opts.excel ? ';' : ',';
  const suspect = opts.excel ? /[";\r]/ : /[",\r]/;
  let count = 0;
  // A file keeps the data as it is; a terminal gets control characters made visible.
  const shown = !opts.file && process.stdout.isTTY ? (s: string) => visible(s) : (s: string) => s;
  // A record is joined from its fields in one go (one flat string to encode, not a chain of
  // pieces); the blocks end it with CRLF.
  const fields: string[] = [];
  const record = (cells: readonly ExportCell[]) => {
    fields.length = cells.length;
    for (let i = 0; i < cells.length; i++) fields[i] = csvField(shown(neutraliseFormula(cellText(cells[i]!))), delimiter, suspect);
    return fields.join(delimiter);
  };
  const write = async (out: (block: Buffer) => Promise<void> | void, reuse: boolean) => {
    const blocks = new Blocks(out, reuse);
    // Excel's mark of UTF-8 first, then the header.
    await blocks.add((opts.excel ? '\ufeff' : '') + record(table.header));
    const rows = table.rows;
    if (Symbol.iterator in rows) {
      for (const row of rows) {
        count++;
        const full = blocks.add(record(row));
        if (full) await full;
      }
    } else {
      for await (const row of rows) {
        count++;
        await blocks.add(record(row));
      }
    }
    await blocks.flush();
  };
  if (!opts.file) {
    await write(toStream(process.stdout), false);
    return count;
  }
  const database = opts.database ?? '';
  if (!database) throw new Error('writeCsv: a file is written only knowing the database it must never replace');
  await writeNewFile(opts.file, { force: opts.force, database }, async (tmp) => {
    const fd = fs.openSync(tmp, 'w');
    try {
      await write(toFile(fd), true);
    } finally {
      fs.closeSync(fd);
    }
  });
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
