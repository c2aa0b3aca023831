// The only terminal-aware code: tables sized to the terminal, key/value cards, JSON, colour.
import Table from 'cli-table3';
import chalk from 'chalk';
import type { Context } from '../context.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  /** Share of the spare width this column may take when the terminal is narrow. */
  grow?: number;
}

function cell(v: string | number | null | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

export function printJson(ctx: Context, value: unknown): void {
  ctx.out(JSON.stringify(value, null, 2));
}

export function printTable<T>(ctx: Context, rows: T[], columns: Column<T>[]): void {
  if (!ctx.color) chalk.level = 0;
  const data = rows.map((r) => columns.map((c) => cell(c.value(r))));
  const natural = columns.map((c, i) => Math.max(c.header.length, ...data.map((d) => longestLine(d[i]!))) + 2);
  const total = natural.reduce((a, b) => a + b, 0) + columns.length + 1;
  const width = process.stdout.isTTY ? process.stdout.columns || 120 : 0;
  let colWidths = natural;
  if (width && total > width) {
    // Give the fixed columns what they need and share the rest among the growing ones.
    const fixed = columns.reduce((s, c, i) => s + (c.grow ? 0 : natural[i]!), 0);
    const growTotal = columns.reduce((s, c) => s + (c.grow ?? 0), 0) || 1;
    const spare = Math.max(width - fixed - columns.length - 1, columns.length * 6);
    colWidths = columns.map((c, i) =>
      c.grow ? Math.max(6, Math.min(natural[i]!, Math.floor((spare * c.grow) / growTotal))) : natural[i]!,
    );
  }
  const table = new Table({
    head: columns.map((c) => chalk.bold(c.header)),
    colWidths,
    wordWrap: true,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const d of data) table.push(d);
  ctx.out(table.toString());
}

/** One record as label: value lines. */
export function printCard(ctx: Context, pairs: [string, string | number | null | undefined][]): void {
  if (!ctx.color) chalk.level = 0;
  const w = Math.max(...pairs.map(([k]) => k.length));
  ctx.out(pairs.filter(([, v]) => cell(v) !== '').map(([k, v]) => `${chalk.bold(k.padEnd(w))}  ${cell(v)}`).join('\n'));
}

function longestLine(s: string): number {
  return Math.max(0, ...s.split('\n').map((l) => l.length));
}
