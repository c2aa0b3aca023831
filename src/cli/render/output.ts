// The only terminal-aware code: tables sized to the terminal, key/value cards, JSON, colour.
import Table from 'cli-table3';
import chalk from 'chalk';
import type { Context } from '../context.js';
import { visible } from '../../domain/text.js';

/** A value shown in red (an overdue deadline). The colour is added after the text is made
 * visible, so that only gasp's own colour codes reach the terminal. */
export class Alert {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type CellValue = string | number | null | undefined | Alert;

export interface Column<T> {
  header: string;
  value: (row: T) => CellValue;
  /** Share of the spare width this column may take; a growing column is shortened with «…»
   * first when the terminal is narrow. */
  grow?: number;
  /** How much the column matters: 0 (default) is never dropped; on a narrow terminal the
   * columns with the highest number go first. */
  drop?: number;
  /** A growing column narrower than this is of little use: on a narrow terminal, droppable
   * columns go before it is shortened below this (default 8). */
  min?: number;
  /** A column repeated in every part when a wide table is split (see `split`). */
  key?: boolean;
}

export interface TableOptions {
  /** Too wide for the terminal: print the columns in several tables, each repeating the key
   * columns, instead of dropping any (for reports where every number counts). */
  split?: boolean;
}

/** Without a terminal and without COLUMNS, text is laid out for this many columns. */
export const DEFAULT_WIDTH = 100;
const MIN_WIDTH = 40;

/** The width to lay out for: COLUMNS when set (also when stdout is not a terminal), else the
 * terminal's width, else DEFAULT_WIDTH. */
export function terminalWidth(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.COLUMNS);
  if (env.COLUMNS && Number.isInteger(fromEnv) && fromEnv > 0) return Math.max(MIN_WIDTH, fromEnv);
  if (process.stdout.isTTY && process.stdout.columns) return Math.max(MIN_WIDTH, process.stdout.columns);
  return DEFAULT_WIDTH;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

const isWide = (cp: number) =>
  (cp >= 0x1100 && cp <= 0x115f) ||
  (cp >= 0x2e80 && cp <= 0xa4cf) ||
  (cp >= 0xac00 && cp <= 0xd7a3) ||
  (cp >= 0xf900 && cp <= 0xfaff) ||
  (cp >= 0xfe30 && cp <= 0xfe4f) ||
  (cp >= 0xff00 && cp <= 0xff60) ||
  (cp >= 0xffe0 && cp <= 0xffe6) ||
  (cp >= 0x1f300 && cp <= 0x1faff) ||
  (cp >= 0x20000 && cp <= 0x3fffd);

const ZERO_WIDTH = /\p{M}|\p{Cf}/u;

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  // Latin and Cyrillic letters (nearly all a screen shows) answer without the Unicode tables:
  // below U+0300 only the soft hyphen takes no room; U+0483–U+0489 are combining marks.
  if (cp < 0x300) return cp === 0xad ? 0 : 1;
  if (cp >= 0x400 && cp <= 0x52f && (cp < 0x483 || cp > 0x489)) return 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  return isWide(cp) ? 2 : 1;
}

// Printable Latin, Cyrillic and Kazakh text, one column a character (no soft hyphen, no control,
// no combining mark): what nearly every cell of a list holds, measured by its length alone.
const ONE_COLUMN_TEXT = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u0400-\u0482\u048a-\u052f]*$/;

/** Columns a text takes on a terminal: colour codes take none, Cyrillic and Kazakh letters one
 * each, combining marks none, CJK two. */
export function displayWidth(s: string): number {
  if (ONE_COLUMN_TEXT.test(s)) return s.length;
  let w = 0;
  for (const ch of stripAnsi(s)) w += charWidth(ch);
  return w;
}

/** Shortens a one-line text to at most `width` columns, ending it with «…». Colour is dropped
 * from a shortened text. */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 0) return '';
  let out = '';
  let w = 0;
  for (const ch of stripAnsi(s)) {
    const cw = charWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return out.trimEnd() + '…';
}

/** Breaks a text into lines of at most `width` columns at spaces; a word longer than a line is
 * cut with «…». */
export function wrapText(s: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of s.split('\n')) {
    let line = '';
    for (const word of para.split(/ +/)) {
      if (!word) continue;
      const candidate = line ? `${line} ${word}` : word;
      if (displayWidth(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = displayWidth(word) <= width ? word : truncate(word, width);
    }
    lines.push(line);
  }
  return lines;
}

/** A value as one line of a table or card: line breaks as spaces, every other control,
 * direction or invisible character made visible (text stored before gasp refused them, or a
 * database edited by hand). */
function cell(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Alert) return chalk.red(cell(v.text));
  return visible(String(v).replace(/\s*\n\s*/g, ' '));
}

// JSON escapes C0 controls and lone surrogates itself; these it leaves raw. They can only stand
// inside strings, so an escape keeps the same data.
const JSON_RAW = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/g;

const escapeRaw = (json: string) => json.replace(JSON_RAW, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function printJson(ctx: Context, value: unknown): void {
  ctx.out(escapeRaw(JSON.stringify(value, null, 2)));
}

/** A JSON array written item by item as the items come (a listing of a million cases, a batch
 * at a time), in blocks, and byte for byte what printJson writes for the same array. */
export async function printJsonArray(ctx: Context, batches: AsyncIterable<unknown[]> | Iterable<unknown[]>): Promise<void> {
  const BLOCK = 1 << 16;
  let block = '';
  let first = true;
  for await (const batch of batches) for (const item of batch) {
    // JSON.stringify(array, null, 2) indents each item by two more spaces; JSON has no raw line
    // breaks inside strings, so every line break is the item's own layout.
    block += (first ? '[\n  ' : ',\n  ') + escapeRaw(JSON.stringify(item, null, 2)).replace(/\n/g, '\n  ');
    first = false;
    if (block.length >= BLOCK) {
      const flushed = ctx.write(block);
      block = '';
      if (!flushed) await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
  ctx.write(first ? '[]\n' : `${block}\n]\n`);
}

const PAD = 2; // one space each side of a cell

interface Laid {
  index: number;
  natural: number;
  min: number;
  width: number;
}

/** The width of each column's content, or null when even the narrowest layout does not fit. */
function layout<T>(columns: Column<T>[], data: string[][], indexes: number[], width: number): Laid[] | null {
  const cols: Laid[] = indexes.map((i) => {
    const c = columns[i]!;
    const cellsWidth = Math.max(0, ...data.map((d) => displayWidth(d[i]!)));
    const headerWord = Math.max(0, ...c.header.split(' ').map(displayWidth));
    const natural = Math.max(cellsWidth, displayWidth(c.header));
    // A header may wrap at its spaces; a growing column may shrink its cells down to a few letters.
    const min = c.grow ? Math.min(natural, Math.max(headerWord, c.min ?? 8)) : Math.max(cellsWidth, Math.min(headerWord, natural));
    return { index: i, natural, min, width: min };
  });
  const overhead = cols.length * (PAD + 1) + 1;
  let spare = width - overhead - cols.reduce((s, c) => s + c.min, 0);
  if (spare < 0) return null;
  // Fixed columns first get back their full header, then the growing ones share what is left.
  for (const c of cols) {
    if (columns[c.index]!.grow) continue;
    const add = Math.min(spare, c.natural - c.width);
    c.width += add;
    spare -= add;
  }
  while (spare > 0) {
    const open = cols.filter((c) => columns[c.index]!.grow && c.width < c.natural);
    if (!open.length) break;
    const total = open.reduce((s, c) => s + columns[c.index]!.grow!, 0);
    let given = 0;
    for (const c of open) {
      const add = Math.min(c.natural - c.width, Math.max(1, Math.floor((spare * columns[c.index]!.grow!) / total)), spare - given);
      c.width += add;
      given += add;
    }
    if (!given) break;
    spare -= given;
  }
  return cols;
}

function renderTable(ctx: Context, columns: Column<unknown>[], data: string[][], cols: Laid[]): string {
  const head = cols.map((c) => chalk.bold(wrapText(columns[c.index]!.header, c.width).map((l) => truncate(l, c.width)).join('\n')));
  const widths = cols.map((c) => c.width + PAD);
  const body = data.map((d) => cols.map((c) => truncate(d[c.index]!, c.width)));
  return drawTable(head, body, widths) ?? cliTable(head, body, widths);
}

export function cliTable(head: string[], body: string[][], widths: number[]): string {
  const table = new Table({
    head,
    colWidths: widths,
    wordWrap: false,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of body) table.push(row);
  return table.toString();
}

const SGR = /\x1b\[(?:\d*;){0,5}\d*m/g;
// Text whose every character cli-table3 (string-width) counts as one column: printable ASCII,
// Latin, Greek, Cyrillic and Kazakh letters, dashes, quotes, «…», №.
const ONE_COLUMN = /^[\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u10ff\u2010-\u2027\u2030-\u205e\u2100-\u214f]*$/;

/** The table cli-table3 draws with the options above (borders, no lines between rows, one space
 * of padding, cells already cut to their column), drawn directly: cli-table3 builds an object
 * per cell and measures every text with the Unicode tables, which costs a list of fifty cases
 * more than reading them. Null when a cell holds anything but one-column characters, or does not
 * fit: cli-table3 itself then draws the table, so that the output is always the same. */
export function drawTable(head: string[], body: string[][], widths: number[]): string | null {
  const rows = [head, ...body];
  const lines: string[] = ['┌' + widths.map((w) => '─'.repeat(w)).join('┬') + '┐'];
  for (const row of rows) {
    // cli-table3 carries colour from line to line of a cell: such a cell is left to it.
    if (row.some((content) => content.includes('\x1b') && content.includes('\n'))) return null;
    const cells = row.map((content) => content.split('\n'));
    const height = Math.max(1, ...cells.map((c) => c.length));
    for (let n = 0; n < height; n++) {
      let line = '';
      for (let i = 0; i < cells.length; i++) {
        const text = cells[i]![n];
        const room = widths[i]! - PAD;
        if (text === undefined) {
          line += '│' + ' '.repeat(room + PAD);
          continue;
        }
        const plain = text.includes('\x1b') ? text.replace(SGR, '') : text;
        if (!ONE_COLUMN.test(plain) || plain.length > room) return null;
        line += '│ ' + text + ' '.repeat(room - plain.length) + ' ';
      }
      lines.push(line + '│');
    }
  }
  lines.push('└' + widths.map((w) => '─'.repeat(w)).join('┴') + '┘');
  return lines.join('\n');
}

export function printTable<T>(ctx: Context, rows: T[], columns: Column<T>[], options: TableOptions = {}): void {
  if (!ctx.color) chalk.level = 0;
  const width = terminalWidth(ctx.env);
  const data = rows.map((r) => columns.map((c) => cell(c.value(r))));
  // A droppable column with nothing in it is not shown at all.
  const all = columns.map((_, i) => i).filter((i) => !columns[i]!.drop || data.some((d) => d[i] !== ''));
  const any = columns as Column<unknown>[];
  const fits = layout(columns, data, all, width);
  if (fits) return ctx.out(renderTable(ctx, any, data, fits));
  if (options.split) {
    const keys = all.filter((i) => columns[i]!.key);
    const parts: string[] = [];
    let chunk: number[] = [];
    for (const i of all.filter((i) => !columns[i]!.key)) {
      if (!chunk.length || layout(columns, data, [...keys, ...chunk, i], width)) chunk.push(i);
      else {
        parts.push(renderPart(columns, data, [...keys, ...chunk], width, ctx));
        chunk = [i];
      }
    }
    if (chunk.length) parts.push(renderPart(columns, data, [...keys, ...chunk], width, ctx));
    return ctx.out(parts.join('\n'));
  }
  // Drop the least useful columns until the rest fit.
  const shown = [...all];
  // When even the droppable columns are gone, growing columns may shrink below their `min`.
  const droppable = all.filter((i) => columns[i]!.drop).sort((a, b) => columns[b]!.drop! - columns[a]!.drop! || b - a);
  for (const i of droppable) {
    shown.splice(shown.indexOf(i), 1);
    const laid = layout(columns, data, shown, width);
    if (laid) return ctx.out(renderTable(ctx, any, data, laid));
  }
  const relaxed = columns.map((c) => ({ ...c, min: 4 }));
  const laid = layout(relaxed, data, shown, width);
  if (laid) return ctx.out(renderTable(ctx, any, data, laid));
  ctx.out(renderTable(ctx, any, data, squeeze(columns, data, shown, width)));
}

function renderPart<T>(columns: Column<T>[], data: string[][], indexes: number[], width: number, ctx: Context): string {
  return renderTable(ctx, columns as Column<unknown>[], data, layout(columns, data, indexes, width) ?? squeeze(columns, data, indexes, width));
}

/** Nothing left to drop: the widest columns give up width until the table fits. */
function squeeze<T>(columns: Column<T>[], data: string[][], indexes: number[], width: number): Laid[] {
  const cols: Laid[] = indexes.map((i) => {
    const natural = Math.max(displayWidth(columns[i]!.header), ...data.map((d) => displayWidth(d[i]!)));
    return { index: i, natural, min: 1, width: natural };
  });
  const room = width - cols.length * (PAD + 1) - 1;
  let total = cols.reduce((s, c) => s + c.width, 0);
  while (total > room) {
    const widest = cols.reduce((a, b) => (b.width > a.width ? b : a));
    if (widest.width <= 1) break;
    widest.width--;
    total--;
  }
  return cols;
}

/** One record as label: value lines; a long value wraps under itself. */
export function printCard(ctx: Context, pairs: [string, CellValue][]): void {
  if (!ctx.color) chalk.level = 0;
  const width = terminalWidth(ctx.env);
  const shown = pairs.filter(([, v]) => cell(v) !== '');
  const w = Math.min(Math.max(0, ...shown.map(([k]) => displayWidth(k))), Math.floor(width / 3));
  const valueWidth = width - w - 2;
  const lines: string[] = [];
  for (const [k, v] of shown) {
    const label = truncate(k, w);
    const text = cell(v);
    // Coloured values (a deadline in red) are short; keep their colour unless they must wrap.
    const parts = displayWidth(text) <= valueWidth ? [text] : wrapText(stripAnsi(text), valueWidth);
    parts.forEach((p, n) => lines.push(`${n ? ' '.repeat(w) : chalk.bold(label + ' '.repeat(w - displayWidth(label)))}  ${p}`));
  }
  ctx.out(lines.join('\n'));
}

/** Text lines that start at `first` and continue under an indent, within the terminal. */
export function hangingLines(ctx: Context, first: string, rest: string, indent: number): string[] {
  const width = terminalWidth(ctx.env);
  const body = wrapText(visible(rest.replace(/\s*\n\s*/g, ' ')), Math.max(10, width - indent));
  first = visible(first);
  const head = displayWidth(first) < indent ? [first + ' '.repeat(indent - displayWidth(first)) + (body.shift() ?? '')] : first ? [first] : [];
  return [...head, ...body.map((l) => ' '.repeat(indent) + l)].map((l) => (displayWidth(l) > width ? truncate(l, width) : l));
}
