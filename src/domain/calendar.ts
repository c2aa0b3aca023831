// The working calendar: weekends, public holidays (rules per year), the weekend-holiday move,
// Курбан айт by date, decree transfers, and an administrator's own edits (which win).
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

export interface CalendarData {
  workingHours: [string, string][];
  holidays: HolidayRule[];
  kurbanAit: Record<string, string>;
  kurbanAitName: string;
  transfers: DayEntry[];
}

export type DaySource = 'weekend' | 'holiday' | 'moved' | 'decree' | 'admin';
export interface DayInfo {
  date: string;
  working: boolean;
  source: DaySource | null;
  note: string | null;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export class WorkingCalendar {
  /** Working intervals of a day, in minutes after midnight: [[540, 780], [840, 1080]]. */
  readonly intervals: [number, number][];
  private readonly years = new Map<number, Map<string, DayInfo>>();
  private readonly overrides: Map<string, DayEntry>;

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
    holidays.sort((a, b) => a.date.localeCompare(b.date));
    for (const h of holidays) map.set(h.date, { date: h.date, working: false, source: 'holiday', note: h.name });
    // The move: in date order, each weekend holiday gives the next weekday that is not off yet.
    for (const h of holidays) {
      const wd = weekday(h.date);
      if (!h.moves || (wd !== 0 && wd !== 6)) continue;
      let d = addDays(h.date, 1);
      while (weekday(d) === 0 || weekday(d) === 6 || map.has(d)) d = addDays(d, 1);
      map.set(d, { date: d, working: false, source: 'moved', note: h.name });
    }
    for (const t of this.data.transfers) {
      if (!t.date.startsWith(`${year}-`)) continue;
      map.set(t.date, { date: t.date, working: t.kind === 'work', source: 'decree', note: t.note ?? null });
    }
    this.years.set(year, map);
    return map;
  }

  day(date: string): DayInfo {
    const o = this.overrides.get(date);
    if (o) return { date, working: o.kind === 'work', source: 'admin', note: o.note ?? null };
    const e = this.exceptions(Number(date.slice(0, 4))).get(date);
    if (e) return e;
    const wd = weekday(date);
    if (wd === 0 || wd === 6) return { date, working: false, source: 'weekend', note: null };
    return { date, working: true, source: null, note: null };
  }

  isWorkingDay(date: string): boolean {
    return this.day(date).working;
  }

  /** Every day of a year that is off on a weekday, or worked on a weekend, in date order. */
  exceptionsOf(year: number): DayInfo[] {
    const out: DayInfo[] = [];
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
      const info = this.day(d);
      const weekend = weekday(d) === 0 || weekday(d) === 6;
      if ((weekend && info.working) || (!weekend && !info.working) || info.source === 'admin') out.push(info);
    }
    return out;
  }
}
