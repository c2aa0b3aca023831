// Deadlines: working minutes count only the office's working hours on working days; calendar
// days count calendar time, and one that ends on a day off ends on the next working day.
import type { WorkingCalendar } from './calendar.js';
import type { Step } from './procedure.js';
import { addCalendarDays, addDays, atLocal, localDate, localMinutes } from './time.js';

export type LimitUnit = 'working-minutes' | 'working-days' | 'calendar-days';
export interface Limit {
  amount: number;
  unit: LimitUnit;
  /**
   * Calendar days only: a limit whose last day is a day off ends at the same clock time on the
   * next working day (as the Civil Code of Kazakhstan does for periods). On unless set to false.
   */
  endsOnWorkingDay?: boolean;
}
export type Limits = Record<Step, Limit>;

const MAX_DAYS = 3660;

/** The instant when `minutes` of working time have passed after `start`. */
export function addWorkingMinutes(start: Date, minutes: number, cal: WorkingCalendar): Date {
  let remaining = minutes;
  let date = localDate(start);
  let from = localMinutes(start);
  for (let i = 0; i < MAX_DAYS; i++, date = addDays(date, 1), from = 0) {
    if (!cal.isWorkingDay(date)) continue;
    for (const [a, b] of cal.intervals) {
      if (from >= b) continue;
      const begin = Math.max(from, a);
      const available = b - begin;
      if (remaining <= available) return atLocal(date, begin + remaining);
      remaining -= available;
    }
  }
  throw new Error(`no working time within ${MAX_DAYS} days of ${start.toISOString()}`);
}

/** Working minutes between two instants (0 if b is before a). */
export function workingMinutesBetween(a: Date, b: Date, cal: WorkingCalendar): number {
  if (b <= a) return 0;
  let total = 0;
  const endDate = localDate(b);
  const endMin = localMinutes(b);
  let date = localDate(a);
  let from = localMinutes(a);
  for (let i = 0; i < MAX_DAYS; i++, date = addDays(date, 1), from = 0) {
    const last = date === endDate;
    if (cal.isWorkingDay(date)) {
      for (const [x, y] of cal.intervals) {
        const begin = Math.max(from, x);
        const end = last ? Math.min(y, endMin) : y;
        if (end > begin) total += end - begin;
      }
    }
    if (last) break;
  }
  return Math.round(total);
}

export function deadlineFrom(start: Date, limit: Limit, cal: WorkingCalendar): Date {
  switch (limit.unit) {
    case 'working-minutes':
      return addWorkingMinutes(start, limit.amount, cal);
    case 'working-days': {
      const perDay = cal.intervals.reduce((s, [a, b]) => s + (b - a), 0);
      return addWorkingMinutes(start, limit.amount * perDay, cal);
    }
    case 'calendar-days': {
      const end = addCalendarDays(start, limit.amount);
      return limit.endsOnWorkingDay === false ? end : onWorkingDay(end, cal);
    }
  }
}

/** The same clock time on the first working day from the instant's own date on. */
function onWorkingDay(end: Date, cal: WorkingCalendar): Date {
  let date = localDate(end);
  if (cal.isWorkingDay(date)) return end;
  for (let i = 0; i < MAX_DAYS && !cal.isWorkingDay(date); i++) date = addDays(date, 1);
  if (!cal.isWorkingDay(date)) throw new Error(`no working day within ${MAX_DAYS} days of ${end.toISOString()}`);
  return atLocal(date, localMinutes(end));
}
