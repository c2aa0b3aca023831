// A case on the terminal: its card, its deadline, and its history; and lists of cases.
import chalk from 'chalk';
import { hasMessage, t } from '../../i18n/index.js';
import type { CaseView } from '../../services/cases.js';
import type { Context } from '../context.js';
import { printCard, printTable } from './output.js';

const word = (prefix: string, v: string | null | undefined) => {
  const key = `${prefix}.${v}`;
  return v ? (hasMessage(key) ? t(key) : v) : '';
};
const short = (isoLocal: string | null) => (isoLocal ? `${isoLocal.slice(8, 10)}.${isoLocal.slice(5, 7)}.${isoLocal.slice(0, 4)} ${isoLocal.slice(11, 16)}` : '');

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

export function deadlineText(c: CaseView, now: Date, lang: string): string {
  if (!c.deadline) return '';
  const diff = new Date(c.deadline).getTime() - now.getTime();
  const rel = diff >= 0 ? t('case.left', { time: humanDuration(diff, lang) }) : t('case.overdueBy', { time: humanDuration(diff, lang) });
  const text = `${short(c.deadline)} (${rel})`;
  return c.overdue ? chalk.red(text) : text;
}

export function printCase(ctx: Context, c: CaseView, now: Date, withHistory: boolean): void {
  printCard(ctx, [
    [t('label.regno'), c.regno],
    [t('label.state'), word('state', c.state)],
    [t('label.step'), word('step', c.step)],
    [t('label.deadline'), deadlineText(c, now, ctx.lang)],
    [t('label.applicant'), c.name],
    [t('label.iin'), c.iin],
    [t('label.birth'), c.birth_date],
    [t('label.sex'), word('sex', c.sex)],
    [t('col.address'), c.address],
    [t('col.phone'), c.phone],
    [t('col.office'), String(c.office).padStart(2, '0')],
    [t('label.akimat'), c.akimat],
    [t('label.received'), short(c.received_at)],
    [t('label.clerk'), c.clerk],
    [t('label.docs'), c.docs.join(', ')],
    [t('label.missing'), c.missing_docs.join(', ')],
    [t('label.executor'), c.executor],
    [t('label.resolution'), c.resolution],
    [t('label.decision'), word('decision', c.decision)],
    [t('label.reason'), [c.reason, c.reason_text].filter(Boolean).join(': ')],
    [t('label.signed'), c.signed_by ? `${short(c.signed_at)} ${c.signed_by}` : ''],
    [t('label.issued'), c.issued_at ? `${short(c.issued_at)} ${word('channel', c.issue_channel)}` : ''],
  ]);
  if (!withHistory || !c.history) return;
  ctx.out(`\n${chalk.bold(t('label.history'))}`);
  printTable(ctx, c.history, [
    { header: t('label.at'), value: (e) => short(e.at) },
    { header: t('label.event'), value: (e) => word('step', e.step) },
    { header: t('label.actor'), value: (e) => e.actor },
    {
      header: t('label.details'),
      grow: 1,
      value: (e) =>
        Object.entries(e)
          .filter(([k, v]) => !['step', 'actor', 'at'].includes(k) && v !== null && v !== false && !(Array.isArray(v) && !v.length))
          .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
          .join('; '),
    },
  ]);
}

export function printCaseList(ctx: Context, cases: CaseView[], now: Date): void {
  printTable(ctx, cases, [
    { header: t('label.regno'), value: (c) => c.regno },
    { header: t('label.state'), value: (c) => word('state', c.state) },
    { header: t('label.applicant'), value: (c) => c.name, grow: 2 },
    { header: t('label.iin'), value: (c) => c.iin },
    { header: t('label.executor'), value: (c) => c.executor },
    { header: t('label.deadline'), value: (c) => deadlineText(c, now, ctx.lang), grow: 1 },
  ]);
}

/** One line after a move: the case, its new state, and the next deadline. */
export function printMoved(ctx: Context, c: CaseView, now: Date): void {
  const line = `${t('case.moved', { regno: c.regno, state: word('state', c.state) })}`;
  const next = c.deadline ? ` ${word('step', c.step)}: ${deadlineText(c, now, ctx.lang)}` : '';
  ctx.out(line + next);
}
