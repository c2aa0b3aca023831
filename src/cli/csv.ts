// Writing CSV: RFC 4180 through csv-stringify (loaded only here); --excel adds the UTF-8 BOM and
// `;` separators so that a Russian Excel opens it with Cyrillic intact. Rows stream through.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportTable } from '../services/export.js';

/** A cell that a spreadsheet would run as a formula is neutralised with a leading apostrophe. */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export async function writeCsv(table: ExportTable, opts: { file?: string; excel?: boolean }): Promise<number> {
  const { stringify } = await import('csv-stringify');
  let count = 0;
  async function* records() {
    yield table.header;
    for await (const row of table.rows) {
      count++;
      yield row.map(neutraliseFormula);
    }
  }
  const stringifier = stringify({ delimiter: opts.excel ? ';' : ',', record_delimiter: 'windows', bom: Boolean(opts.excel) });
  if (!opts.file) {
    await pipeline(Readable.from(records()), stringifier, process.stdout, { end: false });
    return count;
  }
  const tmp = `${opts.file}.${process.pid}.tmp`;
  try {
    await pipeline(Readable.from(records()), stringifier, fs.createWriteStream(tmp, { highWaterMark: 1 << 20 }));
    fs.renameSync(tmp, opts.file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return count;
}
