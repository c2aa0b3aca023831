// The working calendar as the offices see and edit it.
import { GaspError } from '../errors.js';
import type { DayInfo } from '../domain/calendar.js';
import { checkOptionalText } from '../domain/text.js';
import { requireDate } from '../domain/time.js';
import type { Db } from '../store/db.js';
import { upsertCalendarDay } from '../store/cases.js';
import { writeTransaction } from '../store/tx.js';
import { loadCalendar } from './reference.js';
import { type Actor, requireRole } from './staff.js';

export async function calendarYear(db: Db, year: number): Promise<DayInfo[]> {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new GaspError('calendar.year', { value: year });
  return (await loadCalendar(db)).exceptionsOf(year);
}

export async function setCalendarDay(
  db: Db,
  actor: Actor,
  input: { date: string; kind: string; note?: string },
  now: Date,
): Promise<DayInfo> {
  requireRole(actor, ['admin'], 'calendar set');
  requireDate(input.date);
  checkOptionalText(input.note, 'calendarNote', 'text');
  if (input.kind !== 'off' && input.kind !== 'work') throw new GaspError('calendar.kind', { value: input.kind });
  await writeTransaction(db, (tx) =>
    upsertCalendarDay(tx, {
      date: input.date,
      kind: input.kind,
      note: input.note?.trim() || null,
      set_by: actor.login,
      set_at: now.toISOString(),
    }),
  );
  return { date: input.date, working: input.kind === 'work', source: 'admin', note: input.note ?? null };
}

