// The working calendar: weekends, public holidays (rules per year), the weekend-holiday move,
// Курбан айт by date, transfers of days off by decree or order, and an administrator's own edits
// (which win).
import { addDays, weekday } from './time.js';

export interface HolidayRule {
  date: string; // MM-DD
  name: string;
  /** A holiday on Saturday or Sunday moves the day off to the next working day. */
  moves: boolean;
  from?: number;
  to?: number;
}

export interface DayEntry {
  date: string; // YYYY-MM-DD
  kind: 'off' | 'work';
  note?: string | null;
}

/** A decree transfer: a weekday made a day off in exchange for a weekend day (or a moved day off) worked. */
export interface Transfer {
  off: string; // YYYY-MM-DD
  work: string; // YYYY-MM-DD
  /** The act that made it: kind, date and number as far as they were established. */
  act: string;
  /** Where it was checked. */
  sources: string[];
  /** false when no published source confirmed it. */
  confirmed: boolean;
  note?: string;
}

export interface CalendarData {
  workingHours: [string, string][];
  holidays: HolidayRule[];
  kurbanAit: Record<string, string>;
  kurbanAitName: string;
  transfers: Transfer[];
}

export type DaySource = 'weekend' | 'holiday' | 'moved' | 'decree' | 'admin';
export interface DayInfo {
  date: string;
  working: boolean;
  source: DaySource | null;
  note: string | null;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dotted = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;

/** The day of a transfer as the calendar shows it: which way it moved and by what act. */
function transferDay(t: Transfer, date: string): DayInfo {
  const working = date === t.work;
  const other = working ? `на ${dotted(t.off)}` : `с ${dotted(t.work)}`;
  return { date, working, source: 'decree', note: `${t.act}, ${other}${t.confirmed ? '' : ' (не подтверждено)'}` };
}

export class WorkingCalendar {
  /** Working intervals of a day, in minutes after midnight: [[540, 780], [840, 1080]]. */
  readonly intervals: [number, number][];
  private readonly years = new Map<number, Map<string, DayInfo>>();
  private readonly overrides: Map<string, DayEntry>;
  private readonly working = new Map<string, boolean>();

  constructor(
    private readonly data: CalendarData,
    overrides: DayEntry[] = [],
  ) {
    this.intervals = data.workingHours.map(([a, b]) => [toMinutes(a), toMinutes(b)]);
    this.overrides = new Map(overrides.map((o) => [o.date, o]));
  }

  /** Days that differ from the plain Monday–Friday week in a year: built once per year. */
  private exceptions(year: number): Map<string, DayInfo> {
    let map = this.years.get(year);
    if (map) return map;
    map = new Map();
    const holidays: { date: string; name: string; moves: boolean }[] = [];
    for (const r of this.data.holidays) {
      if ((r.from ?? 0) <= year && year <= (r.to ?? 9999)) holidays.push({ date: `${year}-${r.date}`, name: r.name, moves: r.moves });
    }
    const kurban = this.data.kurbanAit[String(year)];
    if (kurban) holidays.push({ date: kurban, name: this.data.kurbanAitName, moves: false });
    holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)); // ISO dates sort as strings
    for (const h of holidays) map.set(h.date, { date: h.date, working: false, source: 'holiday', note: h.name });
    const decreed = new Map<string, DayInfo>();
    for (const t of this.data.transfers) {
      for (const date of [t.off, t.work]) if (date.startsWith(`${year}-`)) decreed.set(date, transferDay(t, date));
    }
    // The move: in date order, each weekend holiday gives the next weekday that is not off yet
    // (neither a holiday, nor a day off already moved there, nor a decree day off).
    for (const h of holidays) {
      if (!h.moves || !isWeekend(h.date)) continue;
      let d = addDays(h.date, 1);
      while (isWeekend(d) || map.has(d) || decreed.get(d)?.working === false) d = addDays(d, 1);
      map.set(d, { date: d, working: false, source: 'moved', note: h.name });
    }
    // A decree wins over the rules: it may even make a moved day off a working day (11.05.2020).
    for (const [date, info] of decreed) map.set(date, info);
    this.years.set(year, map);
    return map;
  }

  day(date: string): DayInfo {
    const o = this.overrides.get(date);
    if (o) return { date, working: o.kind === 'work', source: 'admin', note: o.note ?? null };
    const e = this.exceptions(Number(date.slice(0, 4))).get(date);
    if (e) return e;
    if (isWeekend(date)) return { date, working: false, source: 'weekend', note: null };
    return { date, working: true, source: null, note: null };
  }

  /** Whether a day is worked, remembered per date (deadlines of a bulk import ask it for the
   * same few hundred days again and again). */
  isWorkingDay(date: string): boolean {
    let working = this.working.get(date);
    if (working === undefined) this.working.set(date, (working = this.day(date).working));
    return working;
  }

  /** Every day of a year that is off on a weekday, or worked on a weekend, in date order. */
  exceptionsOf(year: number): DayInfo[] {
    const out: DayInfo[] = [];
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
      const info = this.day(d);
      if (isWeekend(d) === info.working || info.source === 'admin') out.push(info);
    }
    return out;
  }
}
