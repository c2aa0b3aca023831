// Local time of the offices: Asia/Almaty (UTC+6, UTC+5 from 2024-03-01; the IANA database knows).
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

export const TIME_ZONE = 'Asia/Almaty';

const local = (d: Date) => dayjs(d).tz(TIME_ZONE);

/** The local civil date, YYYY-MM-DD. */
export function localDate(d: Date): string {
  return local(d).format('YYYY-MM-DD');
}

/** Minutes since local midnight. */
export function localMinutes(d: Date): number {
  const l = local(d);
  return l.hour() * 60 + l.minute() + l.second() / 60 + l.millisecond() / 60000;
}

/** The instant of a local date and a number of minutes after its midnight. */
export function atLocal(date: string, minutes: number): Date {
  const midnight = dayjs.tz(`${date} 00:00`, 'YYYY-MM-DD HH:mm', TIME_ZONE);
  return midnight.add(minutes, 'minute').toDate();
}

/** ISO 8601 with the local offset: 2013-01-21T10:15:00+06:00. */
export function formatLocalIso(d: Date): string {
  return local(d).format('YYYY-MM-DDTHH:mm:ssZ');
}

/** Short local form for tables: 21.01.2013 10:15. */
export function formatLocalShort(d: Date): string {
  return local(d).format('DD.MM.YYYY HH:mm');
}

export function addCalendarDays(d: Date, days: number): Date {
  return local(d).add(days, 'day').toDate();
}

/** Parses an ISO 8601 time; without an offset it is local time at the office. Null if invalid. */
export function parseTime(value: string): Date | null {
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(v)) return null;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(v) && v.length > 10;
  const d = hasZone ? new Date(v) : dayjs.tz(v.replace(' ', 'T'), TIME_ZONE).toDate();
  if (Number.isNaN(d.getTime())) return null;
  // Reject dates that roll over (2013-02-30).
  const datePart = v.slice(0, 10);
  const check = new Date(`${datePart}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== datePart) return null;
  return d;
}

/** A plain date YYYY-MM-DD, validated. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Civil date arithmetic on YYYY-MM-DD. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
