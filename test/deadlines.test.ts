// Deadlines over the working calendar of Asia/Almaty.
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../src/domain/calendar';
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
    expect(cal.day('2023-10-25').working).toBe(false);
    expect(cal.day('2021-10-25').working).toBe(true);
    expect(cal.day('2022-12-01').working).toBe(true);
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

describe('step limits from data/limits.json', () => {
  const l = limits();
  it('are the limits of Appendix 5', () => {
    expect(l.register).toEqual({ amount: 15, unit: 'working-minutes' });
    expect(l.assign).toEqual({ amount: 30, unit: 'working-minutes' });
    expect(l.review).toEqual({ amount: 1, unit: 'calendar-days' });
    expect(l.draft).toEqual({ amount: 9, unit: 'calendar-days' });
    expect(l.sign).toEqual({ amount: 30, unit: 'working-minutes' });
    expect(l.issue).toEqual({ amount: 15, unit: 'working-minutes' });
  });
  it('count calendar days through weekends and holidays', () => {
    expect(local(deadlineFrom(at('2013-03-20T16:00:00+06:00'), l.review, cal))).toBe('2013-03-21T16:00:00+06:00');
    expect(local(deadlineFrom(at('2013-03-18T11:00:00+06:00'), l.draft, cal))).toBe('2013-03-27T11:00:00+06:00');
  });
  it('count forwarding as a working day', () => {
    expect(local(deadlineFrom(at('2013-01-25T15:00:00+06:00'), l.forward, cal))).toBe('2013-01-28T15:00:00+06:00');
  });
});
