// End-to-end: `gasp calendar --year Y` on the real binary shows the holidays of that year's law and
// the transfers of days off; a calendar-day limit that ends on a day off ends on the next working day.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gasp, json, tmpDb, tmpDir } from './helpers';

interface Day {
  date: string;
  working: boolean;
  source: string | null;
  note: string | null;
}

let db: string;
beforeAll(() => {
  db = tmpDb();
  const r = gasp(['--db', db, 'init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов'], { env: { GASP_NOW: '2013-01-14T09:00:00+06:00' } });
  if (r.code !== 0) throw new Error(r.stderr);
});

const year = (y: number): Map<string, Day> => new Map(json<Day[]>(gasp(['--db', db, 'calendar', '--year', String(y), '--json'])).map((d) => [d.date, d]));

describe('gasp calendar --year', () => {
  it('2021 still has 1 December and 16–17 December, and no 25 October', () => {
    const days = year(2021);
    expect(days.get('2021-12-01')).toMatchObject({ working: false, source: 'holiday' });
    expect(days.get('2021-12-16')).toMatchObject({ working: false, source: 'holiday' });
    expect(days.get('2021-12-17')).toMatchObject({ working: false, source: 'holiday' });
    expect(days.has('2021-10-25')).toBe(false);
  });

  it('2022 has 25 October and 16 December only, with the transfers of decree № 713 and its addition', () => {
    const days = year(2022);
    expect(days.get('2022-10-25')).toMatchObject({ working: false, source: 'holiday', note: 'День Республики' });
    expect(days.get('2022-12-16')).toMatchObject({ working: false, source: 'holiday' });
    // Saturday 17 December is a plain weekend: not listed, and nothing moved to Monday 19th.
    expect(days.has('2022-12-17')).toBe(false);
    expect(days.has('2022-12-19')).toBe(false);
    expect(days.has('2022-12-01')).toBe(false);
    for (const [off, work] of [['2022-03-07', '2022-03-05'], ['2022-08-29', '2022-08-27'], ['2022-10-24', '2022-10-22']]) {
      expect(days.get(off)).toMatchObject({ working: false, source: 'decree' });
      expect(days.get(work)).toMatchObject({ working: true, source: 'decree' });
    }
    expect(days.get('2022-03-07')!.note).toContain('№ 713');
  });

  it('2023 moves Saturday 16 December to Monday 18th and nothing for Sunday 17th', () => {
    const days = year(2023);
    expect(days.get('2023-12-18')).toMatchObject({ working: false, source: 'moved', note: 'День Независимости' });
    expect(days.has('2023-12-19')).toBe(false);
    expect(days.has('2023-12-01')).toBe(false);
    expect(days.get('2023-10-25')).toMatchObject({ working: false, source: 'holiday' });
    expect(days.get('2023-07-07')).toMatchObject({ working: false, source: 'decree' });
    expect(days.get('2023-07-01')).toMatchObject({ working: true, source: 'decree' });
  });

  it('shows worked Sundays and the 2020 Monday that the decree made a working day', () => {
    const y2014 = year(2014);
    expect(y2014.get('2014-05-04')).toMatchObject({ working: true, source: 'decree' });
    expect(y2014.get('2014-05-11')).toMatchObject({ working: true, source: 'decree' });
    const y2020 = year(2020);
    expect(y2020.get('2020-05-08')).toMatchObject({ working: false, source: 'decree' });
    expect(y2020.has('2020-05-11')).toBe(false); // a plain working Monday again
    expect(y2020.get('2020-01-05')).toMatchObject({ working: true, source: 'decree' });
    expect(year(2025).get('2025-01-05')).toMatchObject({ working: true, source: 'decree' });
  });

  it('names the transfer in the table, in the user language', () => {
    const r = gasp(['--db', db, '--lang', 'en', 'calendar', '--year', '2024'], { env: { COLUMNS: '200' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2024-05-08 Wed.*day off.*17\.04\.2024, с 04\.05\.2024 \(transfer of a day off\)/);
    expect(r.stdout).toMatch(/2024-05-04 Sat.*working day.*на 08\.05\.2024 \(transfer of a day off\)/);
  });
});

describe('calendar-day limits of a case', () => {
  it('end on the next working day at the same time when they fall on a day off', () => {
    const at = (now: string, args: string[]) => gasp(['--db', db, '--no-input', ...args], { env: { GASP_NOW: now } });
    const ok = (now: string, args: string[]) => {
      const r = at(now, args);
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    ok('2013-01-14T09:00:00+06:00', ['--as', 'admin', 'staff', 'add', 'clerk7', '--name', 'Айгерим Сапаровна Жумабаева', '--role', 'clerk', '--office', '7']);
    ok('2013-01-14T09:00:00+06:00', ['--as', 'admin', 'staff', 'add', 'head7', '--name', 'Болат Ерланович Ахметов', '--role', 'head', '--office', '7']);
    ok('2013-01-14T09:00:00+06:00', ['--as', 'admin', 'staff', 'add', 'exec7', '--name', 'Дина Маратовна Касымова', '--role', 'executor', '--office', '7']);
    const reg = json<{ regno: string }>(ok('2013-01-18T10:00:00+06:00', ['--as', 'clerk7', 'register', '--iin', '850315400124', '--name', 'Әлия Құрманқызы Нұрланова', '--address', 'ул. Титова, 12', '--docs', 'application,identity,family,income,address', '--json']));
    const deadline = () => json<{ deadline: string }>(ok('2013-01-25T09:00:00+06:00', ['--as', 'head7', 'case', reg.regno, '--json'])).deadline;
    // Assigned on Friday 18 January at 15:00: one calendar day ends on Saturday → Monday 21st 15:00.
    ok('2013-01-18T15:00:00+06:00', ['--as', 'head7', 'assign', reg.regno, '--executor', 'exec7']);
    expect(deadline()).toBe('2013-01-21T15:00:00+06:00');
    // Reviewed on Thursday 24 January at 11:00: nine calendar days end on Saturday 2 February → Monday 4th.
    ok('2013-01-24T11:00:00+06:00', ['--as', 'exec7', 'review', reg.regno]);
    expect(deadline()).toBe('2013-02-04T11:00:00+06:00');
  });
});
