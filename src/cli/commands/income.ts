// gasp income REGNO [add|remove|import FILE]: the family's incomes of the quarter before the
// quarter of application, line by line or a whole file (CSV or Excel) at once.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { GaspError, UsageError } from '../../errors.js';
import { getLang, t } from '../../i18n/index.js';
import { incomeKindList } from '../../services/reference.js';
import { fileReason } from '../../files.js';
import { type FamilyView, type IncomeFileRow, addIncome, familyView, importIncomes, removeIncome } from '../../services/eligibility.js';
import type { ImportCell, ImportTable } from '../../services/import.js';
import type { Context } from '../context.js';
import type { Run } from '../program.js';
import { readCsvTable } from '../csv.js';
import { readXlsxTable, spreadsheetKind } from '../xlsx.js';
import { printFamily } from '../render/determination.js';
import { printJson } from '../render/output.js';
import { session } from '../session.js';
import { usageOf } from './family.js';

interface IncomeOptions {
  iin?: string;
  kind?: string;
  amount?: string;
  month?: string;
  line?: string;
}

const TAKES: Record<string, (keyof IncomeOptions)[]> = { list: [], add: ['iin', 'kind', 'amount', 'month'], remove: ['line'], import: [] };
const NEEDS: Record<string, (keyof IncomeOptions)[]> = { list: [], add: ['iin', 'kind', 'amount', 'month'], remove: ['line'], import: [] };
const FLAG: Record<keyof IncomeOptions, string> = { iin: '--iin', kind: '--kind', amount: '--amount', month: '--month', line: '--line' };

/** The columns of an income file, by the names a person may give them (any case, ru/kk/en). */
const HEADERS: Record<string, keyof Omit<IncomeFileRow, 'line'>> = {
  iin: 'iin', иин: 'iin', жсн: 'iin',
  kind: 'kind', вид: 'kind', 'вид дохода': 'kind', түрі: 'kind', 'табыс түрі': 'kind',
  month: 'month', месяц: 'month', ай: 'month',
  amount: 'amount', сумма: 'amount', 'сумма, тенге': 'amount', сома: 'amount', 'сомасы': 'amount',
};

const cellText = (c: ImportCell): string => {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return `${c.getUTCFullYear()}-${String(c.getUTCMonth() + 1).padStart(2, '0')}`;
  // A number as JavaScript writes it, its shortest exact form: 4000.5, never rounded here (a
  // third decimal is refused as text is).
  // (A formula's 0.1 + 0.2 is 0.30000000000000004: within a millionth of a tiyn it is read as
  // the tiyn it stands for; 12345.675 is half a tiyn away and stays as it is, to be refused.)
  if (typeof c === 'number') return Math.abs(c * 100 - Math.round(c * 100)) < 1e-6 ? (Math.round(c * 100) / 100).toString() : String(c);
  return String(c);
};

/** A file's rows as income lines: the four columns found by their headers. */
async function fileRows(file: string): Promise<IncomeFileRow[]> {
  let kind: ReturnType<typeof spreadsheetKind>;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    if (st.size === 0) throw new GaspError('import.empty', { path: file });
    kind = spreadsheetKind(file);
  } catch (e) {
    if (e instanceof GaspError) throw e;
    throw new GaspError('import.file', { path: file, reason: fileReason(e) });
  }
  if (kind === 'xls') throw new GaspError('import.xls', { path: file });
  const table: ImportTable = kind === 'xlsx' ? await readXlsxTable(file) : await readCsvTable(file, () => {});
  const at: Partial<Record<keyof Omit<IncomeFileRow, 'line'>, number>> = {};
  table.header.forEach((h, i) => {
    const code = HEADERS[String(h ?? '').replace(/^\ufeff/, '').trim().toLocaleLowerCase()];
    if (code && at[code] === undefined) at[code] = i;
  });
  const missing = (['iin', 'kind', 'month', 'amount'] as const).filter((c) => at[c] === undefined);
  if (missing.length) throw new GaspError('income.fileColumns', { path: file, missing: missing.join(', '), found: table.header.join(', ') });
  const read = new Set(Object.values(at));
  const rows: IncomeFileRow[] = [];
  for await (const r of table.rows) {
    const cell = (c: keyof typeof at) => cellText(r.cells[at[c]!] ?? null).trim();
    if (r.cells.every((c) => cellText(c).trim() === '')) continue;
    // A CSV row with more or fewer fields than the header: a separator inside an amount
    // (1,500 in a comma file) would otherwise shift the columns and lose money.
    if (table.exactWidth && r.cells.length !== table.header.length) {
      throw new GaspError('income.fileWidth', { path: path.basename(file), line: r.line, found: r.cells.length, expected: table.header.length });
    }
    // A value under no header (a trailing separator), or digits right after the amount in a
    // column gasp does not read: the rest of an amount a separator cut (1,500).
    for (let i = 0; i < r.cells.length; i++) {
      if (read.has(i)) continue;
      const v = cellText(r.cells[i] ?? null).trim();
      if (!v) continue;
      const unnamed = !String(table.header[i] ?? '').trim();
      if (unnamed || (i === at.amount! + 1 && /^\d{1,3}$/.test(v))) {
        throw new GaspError('income.fileStray', { path: path.basename(file), line: r.line, value: v, column: unnamed ? i + 1 : table.header[i] });
      }
    }
    // A workbook keeps an ИИН typed as a number without its leading zero.
    const iinCell = r.cells[at.iin!];
    if (typeof iinCell === 'number' && Number.isInteger(iinCell)) r.cells[at.iin!] = String(iinCell).padStart(12, '0');
    rows.push({ line: r.line, iin: cell('iin'), kind: cell('kind'), month: cell('month'), amount: cell('amount') });
  }
  return rows;
}

async function incomeAction(ctx: Context, regno: string, action: string | undefined, file: string | undefined, opts: IncomeOptions) {
  const a = usageOf('gasp income', action, opts, TAKES, NEEDS, FLAG);
  if (a === 'import' && !file) throw new UsageError('usage.needsFile', { command: 'gasp income REGNO import' });
  if (a !== 'import' && file) throw new UsageError('usage.extraArgument', { value: file });
  const rows = a === 'import' ? await fileRows(file!) : [];
  const s = await session(ctx);
  let view: FamilyView & { added?: number; skipped?: number };
  if (a === 'add') view = await addIncome(s.db, s.actor, regno, { iin: opts.iin!, kind: opts.kind!, amount: opts.amount!, month: opts.month! }, s.env);
  else if (a === 'remove') view = await removeIncome(s.db, s.actor, regno, { line: opts.line! }, s.env);
  else if (a === 'import') view = await importIncomes(s.db, s.actor, regno, rows, path.basename(file!), s.env);
  else view = await familyView(s.db, s.actor, regno);
  if (ctx.json) return printJson(ctx, view);
  if (a === 'add') ctx.err(t('income.done.add', { no: view.incomes[view.incomes.length - 1]?.no ?? '', regno: view.regno }));
  if (a === 'remove') ctx.err(t('income.done.remove', { no: opts.line!.trim(), regno: view.regno }));
  if (a === 'import') ctx.err(t('income.done.import', { file: path.basename(file!), added: view.added ?? 0, skipped: view.skipped ?? 0 }));
  printFamily(ctx, view);
}

/** The income kinds of data/eligibility.json with their names, for `gasp income --help`. */
function incomeKindsHelp(): string {
  const lang = getLang() === 'kk' ? 'kk' : getLang() === 'en' ? 'en' : 'ru';
  const kinds = incomeKindList();
  const width = Math.max(...kinds.map((k) => k.code.length));
  return `\n${t('help.income.kinds')}\n${kinds.map((k) => `  ${k.code.padEnd(width)}  ${k.include ? '*' : ' '} ${k[lang]}`).join('\n')}`;
}

export function register(program: Command, run: Run): void {
  program
    .command('income')
    .description(t('help.income'))
    .argument('<regno>', t('help.common.regno'))
    .argument('[action]', t('help.income.action'))
    .argument('[file]', t('help.income.file'))
    .option('--iin <iin>', t('help.income.iin'))
    .option('--kind <code>', t('help.income.kind'))
    .option('--amount <tenge>', t('help.income.amount'))
    .option('--month <yyyy-mm>', t('help.income.month'))
    .option('--line <no>', t('help.income.line'))
    .addHelpText('after', () => incomeKindsHelp())
    .action(run((ctx, regno: string, action: string | undefined, file: string | undefined, opts: IncomeOptions) => incomeAction(ctx, regno, action, file, opts)));
}
