// Administration end to end: export, report, import, backup, check.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { gasp, gaspAsync, nextIin, officeDb, officeTemplate, onPostgres, snapshot, sqlOn, sqliteOnly } from './helpers';

const ALL_DOCS = 'application,identity,family,income,address';
/** The documents of ALL_DOCS as an export writes them: by name, separated by «;». */
const ALL_DOC_NAMES = 'Заявление о назначении государственной адресной социальной помощи; Документ, удостоверяющий личность; Сведения о составе семьи; Сведения о доходах членов семьи; Адресная справка о месте жительства';
const T0 = '2013-01-21T10:00:00+06:00';
let template: string;

beforeAll(() => {
  template = officeTemplate(
    [
      ['root', 'Областной Администратор', 'admin', []],
      ['clerk7', 'Айгерим Сапаровна Жумабаева', 'clerk', ['--office', '7']],
      ['head7', 'Болат Ерланович Ахметов', 'head', ['--office', '7']],
      ['exec7', 'Дина Маратовна Касымова', 'executor', ['--office', '7']],
      ['clerk15', 'Сауле Талгаровна Омарова', 'clerk', ['--office', '15']],
    ],
    { adminOffice: '7' },
  );
});

const fresh = () => officeDb(template, T0);

/** Registers an applicant with a ИИН of their own, and returns that ИИН. */
const reg = (ok: ReturnType<typeof fresh>['ok'], as: string, name: string, now: string, address = 'ул. Абая, 1', iin = nextIin()) => {
  ok(as, ['register', '--iin', iin, '--name', name, '--address', address, '--docs', ALL_DOCS], now);
  return iin;
};

describe('export register', () => {
  it('writes the day as RFC 4180 CSV with formulas neutralised', () => {
    const { ok, g } = fresh();
    reg(ok, 'clerk7', '=HYPERLINK("http://x")', '2013-01-21T10:00:00+06:00', '+7 пос. "Боролдай", ул. Московская', '850315400124');
    const second = reg(ok, 'clerk7', 'Әлия Құрманқызы Нұрланова', '2013-01-21T11:00:00+06:00');
    reg(ok, 'clerk7', 'Другой День', '2013-01-22T10:00:00+06:00');
    reg(ok, 'clerk15', 'Талгарский Заявитель', '2013-01-21T12:00:00+06:00');
    ok('head7', ['assign', '07-2013-00002', '--executor', 'exec7'], '2013-01-21T11:10:00+06:00');
    const r = g('admin', ['export', 'register', '--date', '2013-01-21', '--office', '7'], '2013-01-21T18:00:00+06:00');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe('Регистрационный номер,Дата и время приёма,ФИО заявителя,ИИН,Адрес,Место приёма,Состояние,Исполнитель,Решение,Причина отказа,Подписано,Выдано,Срок текущего шага,Просрочено,Телефон,Документы,"Сумма в месяц, тенге","Сумма за период, тенге"');
    expect(lines[1]).toBe(`07-2013-00001,2013-01-21 10:00,"'=HYPERLINK(""http://x"")",850315400124,"'+7 пос. ""Боролдай"", ул. Московская",Отдел 07,зарегистрировано,,,,,,2013-01-21 10:30,да,,"${ALL_DOC_NAMES}",,`);
    expect(lines[2]).toBe(`07-2013-00002,2013-01-21 11:00,Әлия Құрманқызы Нұрланова,${second},"ул. Абая, 1",Отдел 07,исполнитель назначен,Дина Маратовна Касымова,,,,,2013-01-22 11:10,,,"${ALL_DOC_NAMES}",,`);
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('writes the exact bytes of the --excel preset to a file', () => {
    const { ok, g, dir } = fresh();
    reg(ok, 'clerk7', 'Нұрланова; Әлия', '2013-01-21T10:00:00+06:00', 'ул. Абая, 1', '850315400124');
    const file = path.join(dir, 'day.csv');
    const r = g('admin', ['--lang', 'en', 'export', 'register', '--date', '2013-01-21', '--excel', '-o', file], '2013-01-21T10:05:00+06:00');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const expected =
      '\ufeffRegistration number;Received at;Applicant;IIN;Address;Intake;State;Executor;Decision;Refusal reason;Signed at;Issued;Current deadline;Overdue;Phone;Documents;Monthly amount, tenge;Total for the period, tenge\r\n' +
      `07-2013-00001;2013-01-21 10:00;"Нұрланова; Әлия";850315400124;ул. Абая, 1;Office 07;registered;;;;;;2013-01-21 10:30;;;"${ALL_DOC_NAMES}";;\r\n`;
    expect(fs.readFileSync(file)).toEqual(Buffer.from(expected, 'utf8'));
  });

  it('keeps a head to their own office and refuses a bad date', () => {
    const { g, db } = fresh();
    const before = snapshot(db);
    const other = g('head7', ['export', 'register', '--date', '2013-01-21', '--office', '15']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/отдела 15/);
    expect(g('clerk7', ['export', 'register', '--date', '2013-01-21']).code).toBe(1);
    const bad = g('admin', ['export', 'register', '--date', '21.01.2013']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('«21.01.2013»');
    expect(snapshot(db)).toBe(before);
  });

  it('exports cases with the filters of gasp cases, headers in Kazakh', () => {
    const { ok, g } = fresh();
    reg(ok, 'clerk7', 'Бірінші', '2013-01-21T10:00:00+06:00');
    reg(ok, 'clerk7', 'Екінші', '2013-01-21T11:00:00+06:00');
    ok('head7', ['assign', '07-2013-00002', '--executor', 'exec7'], '2013-01-21T11:10:00+06:00');
    const r = g('head7', ['--lang', 'kk', 'export', 'cases', '--state', 'assigned']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\r\n');
    expect(lines[0]!.startsWith('Тіркеу нөмірі,')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['07-2013-00002']);
  });
});

describe('report', () => {
  it('counts per office and in total, with refusals by reason and median step times', () => {
    const { ok } = fresh();
    reg(ok, 'clerk7', 'Один', '2013-01-21T10:00:00+06:00');
    reg(ok, 'clerk7', 'Два', '2013-01-21T10:05:00+06:00');
    reg(ok, 'clerk7', 'Три', '2013-01-21T10:10:00+06:00');
    reg(ok, 'clerk15', 'Четыре', '2013-01-21T10:15:00+06:00');
    ok('head7', ['assign', '07-2013-00001', '--executor', 'exec7'], '2013-01-21T10:20:00+06:00');
    ok('exec7', ['review', '07-2013-00001'], '2013-01-21T12:20:00+06:00');
    ok('exec7', ['draft', '07-2013-00001', '--refuse', '--reason', 'false-information'], '2013-01-22T12:20:00+06:00');
    ok('head7', ['sign', '07-2013-00001'], '2013-01-22T12:40:00+06:00');
    ok('head7', ['assign', '07-2013-00002', '--executor', 'exec7'], '2013-01-21T10:45:00+06:00');
    ok('clerk7', ['withdraw', '07-2013-00003', '--comment', 'передумал'], '2013-01-21T11:00:00+06:00');
    const r = JSON.parse(ok('admin', ['report', '--from', '2013-01-01', '--to', '2013-01-31', '--json'], '2013-01-25T10:00:00+06:00').stdout);
    expect(r.offices.map((o: { office: number }) => o.office)).toEqual([7, 15]);
    // In work: 00001 signed (waiting to be issued) and 00002 assigned; both past their deadlines.
    expect(r.offices[0]).toMatchObject({ office: 7, received: 3, in_work: 2, granted: 0, refused: 1, refused_by_reason: { 'false-information': 1 }, withdrawn: 1, overdue: 2 });
    expect(r.offices[0].median_minutes).toMatchObject({ register: 0, assign: 30, review: 120, draft: 1440, sign: 20, issue: null });
    expect(r.total).toMatchObject({ office: 'total', received: 4, in_work: 3, refused: 1, withdrawn: 1, overdue: 3 });
    const none = JSON.parse(ok('admin', ['report', '--from', '2013-02-01', '--json']).stdout);
    expect(none.total.received).toBe(0);
    const csv = ok('head7', ['report', '--csv'], '2013-01-25T10:00:00+06:00').stdout.split('\r\n');
    expect(csv[0]!.split(',').slice(0, 7)).toEqual(['Отдел', 'Поступило', 'В работе', 'Назначено', 'Отказано', 'Отозвано', 'Просрочено сейчас']);
    expect(csv[1]!.startsWith('07,3,2,0,1,1,2,')).toBe(true);
    expect(csv).toHaveLength(4); // head7 sees office 07 only, the total, and the final newline
    expect(ok('admin', ['report']).stdout).toContain('Итого');
  });

  it('times a draft made again after a return twice and a print not at all, from what the cases hold, not from the history', () => {
    const { ok, db } = fresh();
    reg(ok, 'clerk7', 'Один', '2013-01-21T10:00:00+06:00', 'ул. Абая, 1', '900215400013');
    ok('head7', ['assign', '07-2013-00001', '--executor', 'exec7'], '2013-01-21T10:20:00+06:00');
    ok('clerk7', ['talon', '07-2013-00001'], '2013-01-21T10:50:00+06:00');
    ok('exec7', ['review', '07-2013-00001'], '2013-01-21T11:20:00+06:00');
    ok('exec7', ['draft', '07-2013-00001', '--grant'], '2013-01-21T12:20:00+06:00');
    ok('head7', ['return', '07-2013-00001', '--comment', 'переделать'], '2013-01-21T12:30:00+06:00');
    ok('exec7', ['draft', '07-2013-00001', '--grant'], '2013-01-21T13:00:00+06:00');
    ok('head7', ['sign', '07-2013-00001'], '2013-01-21T13:10:00+06:00');
    reg(ok, 'clerk15', 'Два', '2013-01-21T10:05:00+06:00', 'ул. Абая, 2', '871212300015');
    ok('clerk15', ['talon', '15-2013-00001'], '2013-01-21T10:30:00+06:00');
    const medians = () => JSON.parse(ok('admin', ['report', '--json'], '2013-01-25T10:00:00+06:00').stdout).total.median_minutes;
    // The review from the assignment (the talon printed between does not count); the drafts 60
    // and 30 minutes (the second from the return).
    const expected = { register: 0, forward: null, assign: 20, review: 60, draft: 45, sign: 10, issue: null };
    expect(medians()).toEqual(expected);
    // The history set aside: the report is the same, it never reads the events.
    sqlOn(db, 'alter table events rename to events_kept', 'create table events as select * from events_kept where 1 = 0');
    expect(medians()).toEqual(expected);
  });
});

describe('import', () => {
  const header = 'iin,name,address,phone,received_at,office,akimat,docs';
  const good1 = '850315400124,Әлия Құрманқызы Нұрланова,"пос. Боролдай, ул. Московская, 2",,2012-12-10 10:00,,,"application,identity,family,income,address"';
  const good2 = '751111300120,Серік Болатұлы Жақсылықов,ул. Ленина 2,8 701 111 22 33,11.12.2012 11:30,15,,application';
  const viaAkimat = '900215400013,Нұрлан Ақжол,ул. Абая 5,,2012-12-12 09:15,,07-02,';
  const badIin = '850315400125,Плохой ИИН,ул. Ленина 3,,2012-12-12 10:00,7,,';
  const badDate = '751111300120,Плохая Дата,ул. Ленина 4,,2012-13-40,7,,';

  it('aborts on a bad row, naming the line and the rule, and writes nothing', () => {
    const { g, db, dir } = fresh();
    const file = path.join(dir, 'paper.csv');
    fs.writeFileSync(file, [header, good1, badIin, good2].join('\n'));
    const before = snapshot(db);
    const r = g('admin', ['import', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/строка 3/);
    expect(r.stderr).toMatch(/контрольная/);
    expect(snapshot(db)).toBe(before);
  });

  it('with --skip-invalid registers the good rows and reports the bad ones; a re-run adds nothing', () => {
    const { g, ok, db, dir } = fresh();
    const file = path.join(dir, 'paper.csv');
    fs.writeFileSync(file, `\ufeff${[header, good1, badIin, good2, viaAkimat, badDate, good1].join('\r\n')}\r\n`);
    const r = g('admin', ['import', file, '--skip-invalid', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ total: 6, added: 3, skipped: 1, dryRun: false });
    expect(result.rejected.map((x: { line: number }) => x.line)).toEqual([3, 6]);
    const rejects = fs.readFileSync(path.join(dir, 'paper.rejects.csv'), 'utf8').split('\r\n');
    expect(rejects[0]).toBe('Строка,Ошибка,iin,name,address,phone,received_at,office,akimat,docs');
    expect(rejects[1]).toMatch(/^3,"ИИН 850315400125 неверен/);
    expect(rejects[2]).toMatch(/^6,"Время приёма «2012-13-40» неверно/);
    const cases = JSON.parse(ok('admin', ['cases', '--json']).stdout) as { regno: string; akimat: string | null; received_at: string; state: string }[];
    expect(cases.map((c) => c.regno).sort()).toEqual(['07-2012-00001', '07-2012-00002', '15-2012-00001']);
    expect(cases.find((c) => c.regno === '07-2012-00002')).toMatchObject({ akimat: '07-02', received_at: '2012-12-12T09:15:00+06:00', state: 'registered' });
    expect(cases.find((c) => c.regno === '15-2012-00001')!.received_at).toBe('2012-12-11T11:30:00+06:00');
    const history = JSON.parse(ok('admin', ['case', '07-2012-00001', '--json']).stdout).history;
    expect(history[0]).toMatchObject({ step: 'register', actor: 'admin', imported: true, source: 'paper.csv', line: 2 });

    const before = snapshot(db);
    // The rejects file of the first run is not replaced without --force.
    const refused = g('admin', ['import', file, '--skip-invalid']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--force');
    expect(snapshot(db)).toBe(before);
    const again = JSON.parse(ok('admin', ['import', file, '--skip-invalid', '--force', '--json']).stdout);
    expect(again).toMatchObject({ total: 6, added: 0, skipped: 4 });
    expect(snapshot(db)).toBe(before);
    // The next registration continues the sequence without a gap.
    expect(JSON.parse(ok('clerk7', ['register', '--iin', nextIin(), '--name', 'Новая Заявительница', '--address', 'ул. Абая, 9', '--docs', ALL_DOCS, '--json', '--received-at', '2012-12-20T10:00:00+06:00'], '2012-12-20T10:00:00+06:00').stdout).regno).toBe('07-2012-00003');
    expect(g('admin', ['check']).code).toBe(0);
  });

  it('checks without writing on --dry-run, reads semicolons, and refuses a file without the columns', () => {
    const { g, db, dir } = fresh();
    const semi = path.join(dir, 'semi.csv');
    fs.writeFileSync(semi, 'iin;name;address;phone;received_at\n850315400124;Әлия Нұрланова;ул. Абая 1;;2012-12-10 10:00\n');
    const before = snapshot(db);
    const dry = g('admin', ['import', semi, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/строк 1, было бы зарегистрировано 1/);
    expect(snapshot(db)).toBe(before);
    expect(g('admin', ['import', semi]).code).toBe(0);
    expect(snapshot(db)).not.toBe(before);
    const noCols = path.join(dir, 'nocols.csv');
    fs.writeFileSync(noCols, 'ИИН,Телефон\n850315400124,87011112233\n');
    const r = g('admin', ['import', noCols]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/нет обязательных столбцов: name, address, received_at\./);
    const missing = g('admin', ['import', path.join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.csv');
    expect(g('clerk7', ['import', semi]).code).toBe(1);
  });

  it('sends rows without office to the importing user\'s office, and refuses them for an admin without one', () => {
    const { g, dir } = fresh();
    const file = path.join(dir, 'no-office.csv');
    fs.writeFileSync(file, 'iin,name,address,phone,received_at\n850315400124,Әлия Нұрланова,ул. Абая 1,,2012-12-10 10:00\n');
    const r = g('root', ['import', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/office или akimat/);
    const ok = JSON.parse(g('admin', ['import', file, '--json']).stdout);
    expect(ok.added).toBe(1);
  });
});

describe('backup and check', () => {
  /** Three cases registered in office 7, on which check is silent: the ground faults are planted on. */
  function threeRegistered() {
    const f = fresh();
    reg(f.ok, 'clerk7', 'Первая', T0);
    reg(f.ok, 'clerk7', 'Вторая', T0);
    reg(f.ok, 'clerk7', 'Третья', T0);
    const clean = f.g('admin', ['check']);
    expect(clean.code).toBe(0);
    expect(clean.stdout + clean.stderr).toBe('');
    return f;
  }

  // On PostgreSQL the backup is pg_dump's (test/postgres.test.ts).
  it.skipIf(sqliteOnly)('takes a consistent backup while another process registers', async () => {
    const { db, dir, ok } = fresh();
    reg(ok, 'clerk7', 'Первая', T0);
    const writers = Array.from({ length: 6 }, (_, i) =>
      gaspAsync(['--db', db, '--as', 'clerk7', '--no-input', 'register', '--iin', nextIin(), '--name', `Заявитель ${i}`, '--address', 'ул. Абая, 1', '--docs', ALL_DOCS], { env: { GASP_NOW: T0 } }),
    );
    const file = path.join(dir, 'backup.sqlite');
    const backup = gaspAsync(['--db', db, '--as', 'admin', 'backup', file]);
    const results = await Promise.all([...writers, backup]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const copy = new Database(file, { readonly: true });
    const n = (copy.prepare('select count(*) as n from cases').get() as { n: number }).n;
    copy.close();
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(7);
    // The copy is a database gasp can open, and its invariants hold at the moment it was taken.
    const check = gasp(['--db', file, '--as', 'admin', 'check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toBe('');
    const again = gasp(['--db', db, '--as', 'admin', 'backup', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(file);
  });

  it('prints nothing on a sound database and lists planted inconsistencies', () => {
    const { db, g } = threeRegistered();
    sqlOn(db, "update cases set state = 'signed' where regno = '07-2013-00001'", "update cases set seq = 5, regno = '07-2013-00005' where regno = '07-2013-00003'");
    const r = g('admin', ['check']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('Отдел 07, 2013 год: пропущены номера 3, 4.');
    expect(lines).toContain('Отдел 07, 2013 год: счётчик стоит на 3, а последний номер 5.');
    expect(lines).toContain('Дело 07-2013-00001: состояние «подписано», а история ведёт к «зарегистрировано».');
    expect(r.stderr).toMatch(/Найдено проблем: 3/);
    expect(g('clerk7', ['check']).code).toBe(1);
  });

  it('finds kept counts and search words that no longer say what the cases say', () => {
    const { db, g } = threeRegistered();
    const [{ id: second }] = sqlOn<{ id: number }>(db, "select id from cases where regno = '07-2013-00002'");
    sqlOn(
      db,
      "update case_counts set n = n + 5 where office = 7 and state = 'registered'",
      ['delete from case_words where case_id = ? and word = (select min(word) from case_words where case_id = ?)', [second, second]],
      "update case_words set office = 8 where case_id = (select id from cases where regno = '07-2013-00003')",
    );
    const r = g('admin', ['check']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('Учёт дел отдела 07 (акимат —) в состоянии «зарегистрировано» хранит 8, а дел 3: итоги списков будут неверны.');
    expect(lines).toContain('Дело 07-2013-00002: слова для поиска не совпадают с ФИО — gasp find его не найдёт как должно.');
    expect(lines).toContain('Дело 07-2013-00003: слова для поиска не совпадают с ФИО — gasp find его не найдёт как должно.');
    expect(r.stderr).toMatch(/Найдено проблем: 3/);
  });

  it('finds step times, repeats and phone keys that no longer say what the history and the cases say', () => {
    const { db, g, ok } = fresh();
    // Two cases drafted again after a return (a repeat each), five minutes apart.
    for (const [n, name, iin] of [[1, 'Один', '900215400013'], [2, 'Два', '871212300015']] as const) {
      const at = (h: number, m: number) => `2013-01-21T${h}:${String(m + (n - 1) * 5).padStart(2, '0')}:00+06:00`;
      const regno = `07-2013-0000${n}`;
      reg(ok, 'clerk7', name, at(10, 0), `ул. Абая, ${n}`, iin);
      ok('head7', ['assign', regno, '--executor', 'exec7'], at(10, 20));
      ok('exec7', ['review', regno], at(11, 20));
      ok('exec7', ['draft', regno, '--grant'], at(12, 20));
      ok('head7', ['return', regno, '--comment', 'переделать'], at(12, 30));
      ok('exec7', ['draft', regno, '--grant'], at(13, 0));
    }
    reg(ok, 'clerk7', 'Три', '2013-01-21T10:10:00+06:00', 'ул. Абая, 3');
    reg(ok, 'clerk7', 'Четыре', '2013-01-21T10:15:00+06:00', 'ул. Абая, 4');
    expect(g('admin', ['check'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const ids = new Map(sqlOn<{ regno: string; id: number }>(db, 'select regno, id from cases').map((r) => [r.regno, r.id]));
    const id = (n: number) => ids.get(`07-2013-0000${n}`)!;
    expect(sqlOn<{ n: number }>(db, 'select count(*) as n from step_repeats')[0]!.n).toBe(2);
    // A first time changed; a repeat's time changed; a case's row moved to another office; a
    // phone key written by hand; a row for no case at all.
    sqlOn(
      db,
      // PostgreSQL enforces the reference of a row for no case: set aside, as by hand with a superuser.
      ...(onPostgres ? ['set session_replication_role = replica'] : []),
      ['update case_steps set review_ms = 0 where case_id = ?', [id(1)]],
      ['update step_repeats set ms = ms + 60000 where event_id in (select id from events where case_id = ?)', [id(2)]],
      ['update case_steps set office = 8 where case_id = ?', [id(3)]],
      ["update cases set phone_key = '1234' where id = ?", [id(4)]],
      "insert into case_steps (office, registered_at, case_id, register_ms) values (7, '2013-01-21T04:00:00.000Z', 999, 0)",
    );
    const r = g('admin', ['check']);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'Дело 07-2013-00004: ключ поиска по телефону не совпадает с телефоном — gasp cases --phone его не найдёт как должно.',
      'Дело 07-2013-00001: времена шагов для отчёта не совпадают с историей — медианы gasp report будут неверны.',
      'Дело 07-2013-00002: времена шагов для отчёта не совпадают с историей — медианы gasp report будут неверны.',
      'Дело 07-2013-00003: времена шагов для отчёта не совпадают с историей — медианы gasp report будут неверны.',
      'Строк времён шагов, не принадлежащих делу там, где они стоят: 2 — gasp report их посчитает.',
    ]);
    expect(r.stderr).toMatch(/Найдено проблем: 5/);
  });

  it.skipIf(sqliteOnly)("runs SQLite's full integrity check with --full: an index out of step with its table, which the quick check does not read", () => {
    const { db, g, ok } = fresh();
    const iin = reg(ok, 'clerk7', 'Первая', T0);
    expect(g('admin', ['check', '--full'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    // One digit of the ИИН changed in the index alone, in the file's bytes, as damage would.
    const raw = new Database(db);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const root = raw.prepare(`select rootpage from sqlite_master where name = 'cases_iin'`).pluck().get() as number;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const page = Buffer.alloc(pageSize);
    const fd = fs.openSync(db, 'r+');
    fs.readSync(fd, page, 0, pageSize, (root - 1) * pageSize);
    const at = page.indexOf(Buffer.from(iin));
    expect(at).toBeGreaterThan(0);
    page[at + 11] = page[at + 11] === 0x39 ? 0x38 : page[at + 11]! + 1;
    fs.writeSync(fd, page, 0, pageSize, (root - 1) * pageSize);
    fs.closeSync(fd);
    expect(g('admin', ['check'])).toMatchObject({ code: 0, stdout: '' });
    const full = g('admin', ['check', '--full']);
    expect(full.code).toBe(1);
    expect(full.stdout).toMatch(/^Целостность базы данных: .*cases_iin/m);
    expect(full.stderr).toMatch(/Найдено проблем: 1/);
  });
});
