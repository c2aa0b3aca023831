// Excel workbooks both ways through exceljs, loaded only by the commands that read or write
// one. Writing streams row by row (a year's register never sits in memory): codes such as the
// ИИН and registration numbers as text cells, times as date cells in Asia/Almaty wall-clock
// time, the header frozen with an autofilter. Reading takes the first sheet.
import fs from 'node:fs';
import { GaspError } from '../errors.js';
import { offsetMinutes } from '../domain/time.js';
import type { ExportTable } from '../services/export.js';
import type { ImportCell, ImportRow, ImportTable } from '../services/import.js';
import { writeNewFile } from '../files.js';

/** Excel has no time zones: a cell holds the wall-clock time, which exceljs reads from the UTC
 * fields of a Date. */
const wallClock = (d: Date) => new Date(d.getTime() + offsetMinutes(d.getTime()) * 60_000);

const columnLetter = (n: number): string => (n > 26 ? columnLetter(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));

export async function writeXlsx(table: ExportTable, opts: { file: string; force?: boolean; database: string; sheet: string }): Promise<number> {
  const { default: ExcelJS } = await import('exceljs');
  let count = 0;
  await writeNewFile(opts.file, opts, async (tmp) => {
    const out = fs.createWriteStream(tmp, { highWaterMark: 1 << 20 });
    // Inline strings, not a shared-strings table, which would keep every name in memory.
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    book.creator = 'gasp';
    const sheet = book.addWorksheet(opts.sheet, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({
      key: c.code,
      width: c.width,
      style: c.kind === 'code' ? { numFmt: '@' } : c.kind === 'time' ? { numFmt: 'dd.mm.yyyy hh:mm' } : c.kind === 'tenge' ? { numFmt: '#,##0' } : {},
    }));
    sheet.autoFilter = { from: 'A1', to: `${columnLetter(table.columns.length)}1` };
    const header = sheet.addRow(table.columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    for await (const cells of table.rows) {
      sheet.addRow(cells.map((c) => (c instanceof Date ? wallClock(c) : c === '' ? null : c))).commit();
      count++;
    }
    sheet.commit();
    await book.commit();
  });
  return count;
}

/** A cell's value as the import reads it: text, number, boolean or date; formulas by their
 * result, rich text and links by their text. */
function importCell(v: unknown): ImportCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; formula?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('formula' in o || 'sharedFormula' in o) return importCell(o.result);
    if (typeof o.text === 'string') return o.text;
  }
  return null;
}

/** The first sheet of a workbook: its first row is the header. */
export async function readXlsxTable(file: string): Promise<ImportTable> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.readFile(file);
  } catch {
    throw new GaspError('import.xlsx', { path: file });
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new GaspError('import.xlsx', { path: file });
  const width = sheet.getRow(1).cellCount;
  const cellsOf = (n: number): ImportCell[] => {
    const row = sheet.getRow(n);
    return Array.from({ length: Math.max(width, row.cellCount) }, (_, i) => importCell(row.getCell(i + 1).value));
  };
  const header = cellsOf(1).map((c) => (c === null ? '' : c instanceof Date ? c.toISOString() : String(c)));
  async function* rows(): AsyncGenerator<ImportRow> {
    for (let n = 2; n <= sheet!.rowCount; n++) yield { line: n, cells: cellsOf(n) };
  }
  return { header, rows: rows(), exactWidth: false };
}

/** What a file is by its first bytes: an .xlsx is a zip, an old .xls a compound document. */
export function spreadsheetKind(file: string): 'xlsx' | 'xls' | 'text' {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(8);
  try {
    fs.readSync(fd, buf, 0, 8, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (buf.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'xls';
  return 'text';
}
