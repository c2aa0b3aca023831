// A case on the terminal: its card, its deadline, and its history; and lists of cases.
import chalk from 'chalk';
import { type Lang, t } from '../../i18n/index.js';
import type { CaseLine, CaseView } from '../../services/cases.js';
import type { Context } from '../context.js';
import { docList, eventText, person, reasonPhrase, shortTime, word } from './labels.js';
import { Alert, type CellValue, hangingLines, printCard, printTable, terminalWidth, wrapText } from './output.js';
import { visible } from '../../domain/text.js';
import { grantText } from '../../documents/amounts.js';
import { printDetermination } from './determination.js';

/** 2 дн 3 ч, 45 мин: a calendar duration for people. */
export function humanDuration(ms: number, lang: string): string {
  const mins = Math.round(Math.abs(ms) / 60000);
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  const u = lang === 'en' ? ['d', 'h', 'min'] : lang === 'kk' ? ['күн', 'сағ', 'мин'] : ['дн', 'ч', 'мин'];
  const parts = [d ? `${d} ${u[0]}` : '', h ? `${h} ${u[1]}` : '', !d && m ? `${m} ${u[2]}` : ''].filter(Boolean);
  return parts.join(' ') || `0 ${u[2]}`;
}

/** The current deadline and how long is left, or how far it is overdue (an Alert: red). */
export function deadlineValue(c: CaseView, now: Date, lang: string): string | Alert {
  if (!c.deadline) return '';
  const diff = new Date(c.deadline).getTime() - now.getTime();
  const rel = diff >= 0 ? t('case.left', { time: humanDuration(diff, lang) }) : t('case.overdueBy', { time: humanDuration(diff, lang) });
  const text = `${shortTime(c.deadline)} (${rel})`;
  return c.overdue ? new Alert(text) : text;
}

export function deadlineText(c: CaseView, now: Date, lang: string): string {
  const v = deadlineValue(c, now, lang);
  return v instanceof Alert ? chalk.red(visible(v.text)) : visible(v);
}

/** The card of a case: every field in words, staff by name. */
export function caseCard(c: CaseView, now: Date, lang: Lang): [string, CellValue][] {
  const names = c.staff_names;
  const docLang = (c as unknown as Record<string, unknown>).doc_lang;
  return [
    [t('label.regno'), c.regno],
    [t('label.state'), word('state', c.state)],
    [t('label.step'), word('step', c.step)],
    [t('label.deadline'), deadlineValue(c, now, lang)],
    [t('label.applicant'), c.name],
    [t('label.iin'), c.iin],
    [t('label.birth'), shortTime(c.birth_date)],
    [t('label.sex'), word('sex', c.sex)],
    [t('col.address'), c.address],
    [t('col.phone'), c.phone],
    [t('col.office'), String(c.office).padStart(2, '0')],
    [t('label.intake'), c.akimat ? `${word('intake', c.intake)} ${c.akimat}` : word('intake', c.intake)],
    [t('label.received'), shortTime(c.received_at)],
    [t('label.clerk'), person(c.clerk, names)],
    [t('label.docs'), c.docs.length ? docList(c.docs, lang) : ''],
    [t('label.missing'), c.missing_docs.length ? docList(c.missing_docs, lang) : ''],
    [t('label.docLang'), typeof docLang === 'string' ? word('lang', docLang) : ''],
    [t('label.executor'), person(c.executor, names)],
    [t('label.resolution'), c.resolution],
    [t('label.decision'), word('decision', c.decision)],
    [t('label.reason'), c.decision === 'refuse' || c.reason ? reasonPhrase(c.reason, c.reason_text, lang) : ''],
    ...(c.grant ? ([[t('label.amount'), grantText(c.grant, lang === 'kk' ? 'kk' : 'ru')]] as [string, CellValue][]) : []),
    ...(c.override_comment ? ([[t('label.override'), c.override_comment]] as [string, CellValue][]) : []),
    [t('label.signed'), c.signed_at ? `${shortTime(c.signed_at)} ${c.signed_by ? person(c.signed_by, names) : ''}`.trim() : ''],
    [t('label.issued'), c.issued_at ? `${shortTime(c.issued_at)} ${word('channel', c.issue_channel)}` : ''],
  ];
}

/** The history: each event one sentence, after its time and who made it. */
export function historyLines(ctx: Context, c: CaseView): string[] {
  const lines: string[] = [];
  for (const e of c.history ?? []) {
    const who = person(e.actor, c.staff_names);
    lines.push(...hangingLines(ctx, shortTime(e.at), `${who}: ${eventText(e, c.staff_names, ctx.lang)}`, 18));
  }
  return lines;
}

export function printCase(ctx: Context, c: CaseView, now: Date, withHistory: boolean): void {
  if (!ctx.color) chalk.level = 0;
  printCard(ctx, caseCard(c, now, ctx.lang));
  if (c.determination) {
    ctx.out('');
    printDetermination(ctx, c.regno, c.determination, false);
  }
  if (!withHistory || !c.history) return;
  ctx.out(`\n${chalk.bold(t('label.history'))}`);
  ctx.out(historyLines(ctx, c).join('\n'));
}

/** A list's deadline cell: an overdue step by how long it is late (what a head acts on), any
 * other by its date and time, with the year in two digits so that it fits beside the name. */
function listDeadline(c: CaseLine, now: Date, lang: string): CellValue {
  if (!c.deadline) return '';
  const diff = new Date(c.deadline).getTime() - now.getTime();
  if (diff < 0) {
    // A day or more late: whole days, so that the cell stays short on a narrow terminal.
    const day = 86_400_000;
    const late = -diff >= day ? -Math.floor(-diff / day) * day : diff;
    return new Alert(t('case.overdueBy', { time: humanDuration(late, lang) }));
  }
  const at = shortTime(c.deadline);
  return `${at.slice(0, 6)}${at.slice(8)}`;
}

/** Cases as a table. On a narrow terminal the ИИН goes first; then, in a list of overdue cases
 * (`overdue`), the state, which they share, before the executor, who must act on them; in other
 * lists the executor before the state. The deadline always stays. */
export function printCaseList(ctx: Context, cases: CaseLine[], now: Date, kind: 'cases' | 'overdue' = 'cases'): void {
  if (!ctx.color) chalk.level = 0;
  const late = cases.some((c) => c.overdue);
  printTable(ctx, cases, [
    { header: t('label.regno'), value: (c) => c.regno },
    { header: t('label.state'), value: (c) => word('state', c.state), grow: 1, min: 12, drop: kind === 'overdue' ? 3 : 2 },
    { header: t('label.applicant'), value: (c) => c.name, grow: 2, min: 14 },
    { header: t('label.iin'), value: (c) => c.iin, drop: 4 },
    { header: t('label.executor'), value: (c) => person(c.executor, c.staff_names), grow: 1, min: 10, drop: kind === 'overdue' ? 2 : 3 },
    { header: t('label.deadline'), value: (c) => listDeadline(c, now, ctx.lang), grow: 1, min: late ? 19 : 14 },
  ]);
}

/** One line after a move: the case, its new state, and the next deadline. */
export function printMoved(ctx: Context, c: CaseView, now: Date): void {
  const line = `${t('case.moved', { regno: c.regno, state: word('state', c.state) })}`;
  const step = visible(word('step', c.step));
  const next = c.deadline ? ` ${step.charAt(0).toLocaleUpperCase() + step.slice(1)}: ${deadlineText(c, now, ctx.lang)}` : '';
  if (!ctx.color) chalk.level = 0;
  ctx.out(wrapText(line + next, terminalWidth(ctx.env)).join('\n'));
}
