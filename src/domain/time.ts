// Local time of the offices: Asia/Almaty. Since the end of its last summer time (31 October 2004)
// it has had two offsets, UTC+6 until 1 March 2024 and UTC+5 since (IANA tzdata): a built-in
// table answers for those years without loading the time-zone machinery that every command would
// otherwise pay for. Outside the table (dates before November 2004) the IANA database in Node's
// ICU is asked, once per hour of UTC time, cached: deadline arithmetic runs for every row of a
// bulk import.
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { GaspError } from '../errors.js';

dayjs.extend(customParseFormat);

export const TIME_ZONE = 'Asia/Almaty';
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** 2004-10-31 02:00 standard time (+06): summer time ended, and UTC+6 held from then on. */
export const TABLE_FROM = Date.UTC(2004, 9, 30, 20);
/** 2024-03-01 00:00 at UTC+6: the offices moved to UTC+5. */
export const UTC5_FROM = Date.UTC(2024, 1, 29, 18);
/** The table answers up to the end of the last year gasp accepts. */
export const TABLE_TO = Date.UTC(2101, 0, 1) - 5 * HOUR;

let formatter: Intl.DateTimeFormat | undefined;
const offsets = new Map<number, number>();

/** Minutes to add to UTC to get local time at an instant. */
export function offsetMinutes(ms: number): number {
  if (ms >= TABLE_FROM && ms < TABLE_TO) return ms < UTC5_FROM ? 360 : 300;
  return offsetFromIcu(ms);
}

/** The offset as Node's ICU time-zone database gives it (the years before the table). */
export function offsetFromIcu(ms: number): number {
  const bucket = Math.floor(ms / HOUR);
  let off = offsets.get(bucket);
  if (off === undefined) {
    formatter ??= new Intl.DateTimeFormat('en-US', {
      timeZone: TIME_ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    const p = Object.fromEntries(formatter.formatToParts(new Date(bucket * HOUR)).map((x) => [x.type, x.value]));
    // Date.UTC reads years 0–99 as 1900–1999: the year is set apart.
    const wall = new Date(Date.UTC(2000, Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)));
    wall.setUTCFullYear(Number(p.year));
    const asUtc = wall.getTime();
    off = Math.round((asUtc - bucket * HOUR) / MINUTE);
    offsets.set(bucket, off);
  }
  return off;
}

const shifted = (d: Date) => new Date(d.getTime() + offsetMinutes(d.getTime()) * MINUTE);

/** The local civil date, YYYY-MM-DD. */
export function localDate(d: Date): string {
  return shifted(d).toISOString().slice(0, 10);
}

/** Minutes since local midnight (fractional). */
export function localMinutes(d: Date): number {
  const l = shifted(d);
  return l.getUTCHours() * 60 + l.getUTCMinutes() + l.getUTCSeconds() / 60 + l.getUTCMilliseconds() / MINUTE;
}

/** The instant of a local date and a number of minutes after its midnight. */
export function atLocal(date: string, minutes: number): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
  let ms = wall - offsetMinutes(wall) * MINUTE;
  ms = wall - offsetMinutes(ms) * MINUTE; // settle across an offset change
  return new Date(ms);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO 8601 with the local offset: 2013-01-21T10:15:00+06:00. */
export function formatLocalIso(d: Date): string {
  const off = offsetMinutes(d.getTime());
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${shifted(d).toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Local time for spreadsheets and tables: 2013-01-21 10:15. */
export function formatLocalPlain(d: Date): string {
  return shifted(d).toISOString().slice(0, 16).replace('T', ' ');
}

export function addCalendarDays(d: Date, days: number): Date {
  return atLocal(addDays(localDate(d), days), localMinutes(d));
}

const LOCAL_FORMATS = ['YYYY-MM-DD', 'YYYY-MM-DD[T]HH:mm', 'YYYY-MM-DD[T]HH:mm:ss', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm:ss', 'DD.MM.YYYY', 'DD.MM.YYYY HH:mm', 'DD.MM.YYYY HH:mm:ss'];

/** The years gasp accepts in any date or time it is given. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** Refuses a year outside MIN_YEAR–MAX_YEAR, naming the value as it was given. */
export function checkYear(year: number, value: string): void {
  if (!(year >= MIN_YEAR && year <= MAX_YEAR)) throw new GaspError('date.year', { value, year, min: MIN_YEAR, max: MAX_YEAR });
}

/** The local year of an instant. */
export function localYear(d: Date): number {
  return shifted(d).getUTCFullYear();
}

/** A plain date YYYY-MM-DD as typed (--date, --from, calendar set): validated, and its year
 * within MIN_YEAR–MAX_YEAR. */
export function requireDate(value: string): string {
  if (!isIsoDate(value)) throw new GaspError('date.invalid', { value });
  checkYear(Number(value.slice(0, 4)), value);
  return value;
}

/** Parses a time: ISO 8601 with an offset, or local time at the office (ISO without offset, or
 * DD.MM.YYYY [HH:mm] as paper registers write it). Null if invalid; a year outside
 * MIN_YEAR–MAX_YEAR is refused with its own sentence. */
export function parseTime(value: string): Date | null {
  const v = value.trim();
  // The year as written (2013-…, 21.01.2013 …), also when the rest would not parse (0001 is not a
  // year the date library reads), then the local year of the instant.
  const written = /^(\d{4})-\d{2}-\d{2}(?:[T ]|$)/.exec(v)?.[1] ?? /^\d{2}\.\d{2}\.(\d{4})(?:\s|$)/.exec(v)?.[1];
  if (written !== undefined) checkYear(Number(written), v);
  const d = parseAnyTime(v);
  if (d) checkYear(localYear(d), v);
  return d;
}

function parseAnyTime(value: string): Date | null {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) || !isIsoDate(v.slice(0, 10)) ? null : d;
  }
  // The common case without dayjs: an ISO local time (bulk imports parse one per row).
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
  if (iso) {
    const [, date, hh = '0', mm = '0', ss = '0'] = iso;
    if (!isIsoDate(date!) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null;
    return atLocal(date!, Number(hh) * 60 + Number(mm) + Number(ss) / 60);
  }
  const local = dayjs(v, LOCAL_FORMATS, true);
  if (!local.isValid()) return null;
  return atLocal(local.format('YYYY-MM-DD'), local.hour() * 60 + local.minute() + local.second() / 60);
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
