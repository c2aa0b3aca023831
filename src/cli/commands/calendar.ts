// gasp calendar [--year Y]: the days off of a year; gasp calendar set DATE off|work (admin).
import type { Command } from 'commander';
import { hasMessage, t } from '../../i18n/index.js';
import type { DayInfo } from '../../domain/calendar.js';
import { calendarYear, setCalendarDay } from '../../services/calendar.js';
import { localDate, weekday } from '../../domain/time.js';
import type { Context } from '../context.js';
import type { Run } from '../program.js';
import { printJson, printTable } from '../render/output.js';
import { session } from '../session.js';

const WEEKDAYS: Record<string, string[]> = {
  ru: ['вс', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб'],
  kk: ['жс', 'дс', 'сс', 'ср', 'бс', 'жм', 'сн'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

/** Why a day is what it is, in the user's language; a transfer may be a decree or a minister's order. */
function sourceLabel(d: DayInfo): string {
  if (d.source === 'decree') return t('calendar.transfer');
  return d.source && hasMessage(`source.${d.source}`) ? t(`source.${d.source}` as 'source.holiday') : '';
}

async function showAction(ctx: Context, opts: { year?: string }) {
  const { db } = await ctx.store();
  // A year given empty or as anything but digits is refused, naming it as typed.
  const year = opts.year === undefined ? Number(localDate(ctx.now()).slice(0, 4)) : /^\s*\d{1,6}\s*$/.test(opts.year) ? Number(opts.year) : NaN;
  const days = await calendarYear(db, Number.isNaN(year) ? (opts.year as unknown as number) : year);
  if (ctx.json) return printJson(ctx, days.map((d) => ({ date: d.date, working: d.working, source: d.source, note: d.note })));
  printTable(ctx, days, [
    { header: t('label.date'), value: (d) => `${d.date} ${WEEKDAYS[ctx.lang]![weekday(d.date)]}` },
    { header: t('label.kind'), value: (d) => t(d.working ? 'day.work' : 'day.off'), drop: 1 },
    { header: t('label.note'), grow: 1, value: (d) => [d.note, sourceLabel(d) && `(${sourceLabel(d)})`].filter(Boolean).join(' ') },
  ]);
}

async function setAction(ctx: Context, date: string, kind: string, opts: { note?: string }) {
  const { db, actor, env } = await session(ctx);
  const day = await setCalendarDay(db, actor, { date, kind, note: opts.note }, env.now);
  if (ctx.json) return printJson(ctx, day);
  ctx.err(t('calendar.set', { date: day.date, kind: t(day.working ? 'day.work' : 'day.off') }));
}

export function register(program: Command, run: Run): void {
  const calendar = program
    .command('calendar')
    .description(t('help.calendar'))
    .option('--year <year>', t('help.calendar.year'))
    .action(run((ctx, opts: { year?: string }) => showAction(ctx, opts)));
  calendar
    .command('set')
    .description(t('help.calendar.set'))
    .argument('<date>', t('help.calendar.set.date'))
    .argument('<kind>', t('help.calendar.set.kind'))
    .option('--note <text>', t('help.calendar.set.note'))
    .action(run((ctx, date: string, kind: string, opts: { note?: string }) => setAction(ctx, date, kind, opts)));
}
