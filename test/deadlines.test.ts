// Deadlines over the working calendar of Asia/Almaty.
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../src/domain/calendar';
import { weekday } from '../src/domain/time';
import { addWorkingMinutes, deadlineFrom, workingMinutesBetween } from '../src/domain/deadlines';
import { formatLocalIso } from '../src/domain/time';
import { calendarData, limits } from '../src/services/reference';

const cal = new WorkingCalendar(calendarData());
const at = (s: string) => new Date(s);
const local = (d: Date) => formatLocalIso(d);
const plus = (start: string, minutes: number) => local(addWorkingMinutes(at(start), minutes, cal));

describe('working minutes', () => {
  it('counts within the morning', () => {
    expect(plus('2013-01-21T10:00:00+06:00', 15)).toBe('2013-01-21T10:15:00+06:00');
  });
  it('skips lunch 13:00–14:00', () => {
    expect(plus('2013-01-21T12:50:00+06:00', 30)).toBe('2013-01-21T14:20:00+06:00');
    expect(plus('2013-01-21T13:20:00+06:00', 15)).toBe('2013-01-21T14:15:00+06:00');
  });
  it('carries over the evening to the next morning', () => {
    expect(plus('2013-01-21T17:50:00+06:00', 30)).toBe('2013-01-22T09:20:00+06:00');
    expect(plus('2013-01-21T20:00:00+06:00', 15)).toBe('2013-01-22T09:15:00+06:00');
  });
  it('skips the weekend', () => {
    expect(plus('2013-01-25T17:45:00+06:00', 30)).toBe('2013-01-28T09:15:00+06:00'); // Friday → Monday
    expect(plus('2013-01-26T11:00:00+06:00', 15)).toBe('2013-01-28T09:15:00+06:00'); // Saturday
  });
  it('skips Наурыз 2013 and the Monday it moved to (23 March was a Saturday)', () => {
    expect(cal.day('2013-03-25')).toMatchObject({ working: false, source: 'moved' });
    expect(plus('2013-03-20T17:50:00+06:00', 30)).toBe('2013-03-26T09:20:00+06:00');
  });
  it('follows decree transfers: 14.10.2013 off, Saturday 12.10.2013 worked', () => {
    expect(plus('2013-10-11T17:50:00+06:00', 30)).toBe('2013-10-12T09:20:00+06:00'); // worked Saturday
    // 14 October off by decree, 15 October Курбан айт: Friday evening → Wednesday.
    expect(plus('2013-10-12T17:50:00+06:00', 30)).toBe('2013-10-16T09:20:00+06:00');
    expect(cal.day('2013-12-28')).toMatchObject({ working: true, source: 'decree' });
    expect(cal.day('2014-01-03')).toMatchObject({ working: false, source: 'decree' });
    expect(plus('2012-12-28T17:50:00+06:00', 30)).toBe('2012-12-29T09:20:00+06:00');
    expect(plus('2012-12-29T17:50:00+06:00', 30)).toBe('2013-01-03T09:20:00+06:00'); // 31.12 off, 1–2.01 holidays
  });
  it('does not move 7 January or Курбан айт from a weekend', () => {
    // 7 January 2012 was a Saturday; Monday 9 January 2012 was a working day.
    expect(cal.day('2012-01-09').working).toBe(true);
    expect(cal.day('2012-01-07')).toMatchObject({ working: false, source: 'holiday' });
  });
  it('keeps the rules per year: 25 October from 2022, 1 December until 2021', () => {
    // 1 December 2013 was a Sunday: the day off moved to Monday 2 December.
    expect(cal.day('2013-12-02')).toMatchObject({ working: false, source: 'moved' });
    expect(cal.day('2021-12-01')).toMatchObject({ working: false, source: 'holiday' });
    expect(cal.day('2021-10-25').working).toBe(true);
    expect(cal.day('2022-10-25')).toMatchObject({ working: false, source: 'holiday', note: 'День Республики' });
    expect(cal.day('2023-10-25')).toMatchObject({ working: false, source: 'holiday' });
    // 25 October 2025 was a Saturday: the day off moved to Monday 27 October.
    expect(cal.day('2025-10-27')).toMatchObject({ working: false, source: 'moved', note: 'День Республики' });
    expect(cal.day('2022-12-01')).toMatchObject({ working: true, source: null });
    expect(cal.day('2023-12-01').working).toBe(true);
    // 1 December 2024 was a Sunday, no longer a holiday: Monday 2 December was a working day.
    expect(cal.day('2024-12-02')).toMatchObject({ working: true, source: null });
  });
  it('has 16 December only as Independence Day from 2022 (law of 29.09.2022)', () => {
    expect(cal.day('2021-12-17')).toMatchObject({ working: false, source: 'holiday' });
    expect(cal.day('2022-12-16')).toMatchObject({ working: false, source: 'holiday', note: 'День Независимости' });
    // 17 December 2022 was a Saturday: no longer a holiday, so no day off moved to Monday 19th.
    expect(cal.day('2022-12-17')).toMatchObject({ working: false, source: 'weekend' });
    expect(cal.day('2022-12-19')).toMatchObject({ working: true, source: null });
    // 2023: 16 December a Saturday (its day off moves to Monday 18th), 17 December a plain Sunday
    // (nothing moves to Tuesday 19th).
    expect(cal.day('2023-12-16')).toMatchObject({ working: false, source: 'holiday' });
    expect(cal.day('2023-12-17')).toMatchObject({ working: false, source: 'weekend' });
    expect(cal.day('2023-12-18')).toMatchObject({ working: false, source: 'moved', note: 'День Независимости' });
    expect(cal.day('2023-12-19')).toMatchObject({ working: true, source: null });
    expect(plus('2023-12-15T17:50:00+06:00', 30)).toBe('2023-12-19T09:20:00+06:00');
  });
  it('moves a weekend holiday past a decree day off', () => {
    // A made-up transfer: Monday 9 March 2020 off; 8 March (a Sunday) then moves to Tuesday 10th.
    const data = calendarData();
    const edited = new WorkingCalendar({ ...data, transfers: [...data.transfers, { off: '2020-03-09', work: '2020-03-14', act: 'тест', sources: [], confirmed: false }] });
    expect(edited.day('2020-03-09')).toMatchObject({ working: false, source: 'decree', note: 'тест, с 14.03.2020 (не подтверждено)' });
    expect(edited.day('2020-03-10')).toMatchObject({ working: false, source: 'moved', note: 'Международный женский день' });
    expect(edited.day('2020-03-14')).toMatchObject({ working: true, source: 'decree' });
  });
  it('uses UTC+5 from 1 March 2024', () => {
    expect(plus('2024-03-04T09:00:00+05:00', 15)).toBe('2024-03-04T09:15:00+05:00');
    expect(plus('2024-02-29T17:50:00+06:00', 30)).toBe('2024-03-01T09:20:00+05:00');
  });
  it('measures working time between two instants', () => {
    expect(workingMinutesBetween(at('2013-01-25T17:00:00+06:00'), at('2013-01-28T10:00:00+06:00'), cal)).toBe(120);
  });
  it('lets an administrator override a day', () => {
    const edited = new WorkingCalendar(calendarData(), [{ date: '2013-01-22', kind: 'off' }]);
    expect(local(addWorkingMinutes(at('2013-01-21T17:50:00+06:00'), 30, edited))).toBe('2013-01-23T09:20:00+06:00');
  });
});

const weekdayName = (date: string) => ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekday(date)];

describe('decree transfers of days off, 2014–2025', () => {
  // [day off, day worked instead]: as the decrees and orders say (checked against published sources).
  const expected: [string, string][] = [
    ['2014-05-02', '2014-05-04'],
    ['2014-05-08', '2014-05-11'],
    ['2016-03-07', '2016-03-05'],
    ['2017-03-20', '2017-03-18'],
    ['2017-07-07', '2017-07-01'],
    ['2018-03-09', '2018-03-03'],
    ['2018-04-30', '2018-04-28'],
    ['2018-05-08', '2018-05-05'],
    ['2018-08-31', '2018-08-25'],
    ['2018-12-31', '2018-12-29'],
    ['2019-05-10', '2019-05-04'],
    ['2020-01-03', '2020-01-05'],
    ['2020-05-08', '2020-05-11'],
    ['2020-12-18', '2020-12-20'],
    ['2021-07-05', '2021-07-03'],
    ['2022-03-07', '2022-03-05'],
    ['2022-08-29', '2022-08-27'],
    ['2022-10-24', '2022-10-22'],
    ['2023-07-07', '2023-07-01'],
    ['2024-05-08', '2024-05-04'],
    ['2025-01-03', '2025-01-05'],
  ];
  const data = calendarData();
  const shipped = data.transfers.filter((t) => t.off >= '2014-05' && t.off < '2026');
  const rulesOnly = new WorkingCalendar({ ...data, transfers: [] });

  it('are all shipped, each with its act and sources', () => {
    expect(shipped.map((t) => [t.off, t.work])).toEqual(expected);
    for (const t of data.transfers) {
      expect(t.act.length, t.off).toBeGreaterThan(0);
      expect(t.sources.length, t.off).toBeGreaterThan(0);
      expect(typeof t.confirmed, t.off).toBe('boolean');
    }
  });
  it.each(expected)('%s is off and %s worked', (off, work) => {
    expect(cal.day(off)).toMatchObject({ working: false, source: 'decree' });
    expect(cal.day(work)).toMatchObject({ working: true, source: 'decree' });
    // Without the transfer the day off was a working weekday.
    expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).toContain(weekdayName(off));
    expect(rulesOnly.day(off)).toMatchObject({ working: true, source: null });
  });
  it('works weekends, some of them Sundays, and in 2020 a Monday that was a moved day off', () => {
    const worked = Object.fromEntries(expected.map(([, work]) => [work, weekdayName(work)]));
    expect(Object.entries(worked).filter(([, d]) => d === 'Sun').map(([w]) => w)).toEqual(['2014-05-04', '2014-05-11', '2020-01-05', '2020-12-20', '2025-01-05']);
    expect(Object.entries(worked).filter(([, d]) => d !== 'Sat' && d !== 'Sun')).toEqual([['2020-05-11', 'Mon']]);
    // 9 May 2020 (Victory Day) was a Saturday: its day off moved to Monday 11 May, which the decree
    // then moved to Friday 8 May.
    expect(rulesOnly.day('2020-05-11')).toMatchObject({ working: false, source: 'moved', note: 'День Победы' });
    expect(plus('2020-05-06T17:50:00+06:00', 30)).toBe('2020-05-11T09:20:00+06:00');
  });
  it('counts working time through a worked Sunday', () => {
    // Saturday 3 May 2014 off, Sunday 4 May worked.
    expect(plus('2014-05-02T12:00:00+06:00', 30)).toBe('2014-05-04T09:30:00+06:00');
  });
});

describe('step limits from data/limits.json', () => {
  const l = limits();
  it('are the limits of Appendix 5', () => {
    expect(l.register).toEqual({ amount: 15, unit: 'working-minutes' });
    expect(l.assign).toEqual({ amount: 30, unit: 'working-minutes' });
    expect(l.review).toEqual({ amount: 1, unit: 'calendar-days', endsOnWorkingDay: true });
    expect(l.draft).toEqual({ amount: 9, unit: 'calendar-days', endsOnWorkingDay: true });
    expect(l.sign).toEqual({ amount: 30, unit: 'working-minutes' });
    expect(l.issue).toEqual({ amount: 15, unit: 'working-minutes' });
  });
  const from = (start: string, limit = l.draft) => local(deadlineFrom(at(start), limit, cal));
  it('count calendar days through weekends and holidays', () => {
    expect(from('2013-03-19T16:00:00+06:00', l.review)).toBe('2013-03-20T16:00:00+06:00');
    expect(from('2013-03-18T11:00:00+06:00')).toBe('2013-03-27T11:00:00+06:00');
  });
  it('end a calendar-day limit that falls on a day off at the same time on the next working day', () => {
    // Thursday + 9 days = Saturday 26 January 2013 → Monday 28th.
    expect(from('2013-01-17T11:00:00+06:00')).toBe('2013-01-28T11:00:00+06:00');
    // Tuesday 12 March + 9 days = Наурыз (21–23 March, 23rd a Saturday moved to Monday 25th) → Tuesday 26th.
    expect(from('2013-03-12T10:30:00+06:00')).toBe('2013-03-26T10:30:00+06:00');
    // Review: Friday + 1 day = Saturday → Monday; 20 March + 1 day = Наурыз → 26 March.
    expect(from('2013-01-18T15:00:00+06:00', l.review)).toBe('2013-01-21T15:00:00+06:00');
    expect(from('2013-03-20T16:00:00+06:00', l.review)).toBe('2013-03-26T16:00:00+06:00');
    // A Saturday worked by decree is a working day: 28 April 2018 stays.
    expect(from('2018-04-19T10:00:00+06:00')).toBe('2018-04-28T10:00:00+06:00');
    // Across the change to UTC+5: Sunday 3 March 2024 → Monday 4th, same clock time.
    expect(from('2024-02-23T10:00:00+06:00')).toBe('2024-03-04T10:00:00+05:00');
  });
  it('keep the calendar end when the setting is off', () => {
    const off = { ...l.draft, endsOnWorkingDay: false };
    expect(from('2013-01-17T11:00:00+06:00', off)).toBe('2013-01-26T11:00:00+06:00');
    expect(from('2013-03-12T10:30:00+06:00', off)).toBe('2013-03-21T10:30:00+06:00');
    expect(from('2013-03-20T16:00:00+06:00', { ...l.review, endsOnWorkingDay: false })).toBe('2013-03-21T16:00:00+06:00');
  });
  it('move the end when the setting is absent', () => {
    expect(from('2013-01-17T11:00:00+06:00', { amount: 9, unit: 'calendar-days' })).toBe('2013-01-28T11:00:00+06:00');
  });
  it('count forwarding as a working day', () => {
    expect(local(deadlineFrom(at('2013-01-25T15:00:00+06:00'), l.forward, cal))).toBe('2013-01-28T15:00:00+06:00');
  });
});
