// Paper registers and Excel, as offices keep them: separators, gasp's own export read back,
// cases decided on paper, and real .xlsx workbooks both ways.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nextIin, officeDb, officeTemplate, sqlOn } from './helpers';

const T0 = '2013-01-21T10:00:00+06:00';
const ALL_DOCS = 'application,identity,family,income,address';
let template: string;

beforeAll(() => {
  template = officeTemplate(
    [
      ['clerk7', 'Айгерим Сапаровна Жумабаева', 'clerk', ['--office', '7']],
      ['head7', 'Болат Ерланович Ахметов', 'head', ['--office', '7']],
      ['exec7', 'Дина Маратовна Касымова', 'executor', ['--office', '7']],
      ['exec15', 'Ерлан Серікұлы Омаров', 'executor', ['--office', '15']],
    ],
    { adminOffice: '7' },
  );
});

function fresh() {
  const { dir, db, g, ok } = officeDb(template, T0);
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  return { dir, db, g, ok, write };
}

function snapshot(db: string): string {
  return JSON.stringify(['cases order by id', 'events order by id', 'regno_counters order by office, year'].map((t) => sqlOn(db, `select * from ${t}`)));
}

interface Case {
  regno: string;
  state: string;
  iin: string;
  name: string;
  address: string;
  docs: string[];
  received_at: string;
  executor: string | null;
  decision: string | null;
  reason: string | null;
  reason_text: string | null;
  signed_at: string | null;
  issued_at: string | null;
  issue_channel: string | null;
  deadline: string | null;
  overdue: boolean;
  paper_no: string | null;
  phone: string | null;
  missing_docs: string[];
  history: Record<string, unknown>[];
}
const caseOf = (ok: ReturnType<typeof fresh>['ok'], regno: string): Case => JSON.parse(ok('admin', ['case', regno, '--json']).stdout);

describe('separators', () => {
  it('imports a ; file that a Russian Excel saved: BOM, CRLF, commas inside quoted addresses, docs separated by commas', () => {
    const { ok, write } = fresh();
    const file = write(
      'excel.csv',
      '\ufeffiin;name;address;phone;received_at;docs\r\n' +
        '850315400124;Әлия Құрманқызы Нұрланова;"пос. Боролдай, ул. Московская, 2";;10.12.2012 10:00;"application,identity,family,income,address"\r\n' +
        '751111300120;Серік Болатұлы Жақсылықов;"г. Талгар, ул. Ленина, 5, кв. 3";8 701 111 22 33;11.12.2012 11:30;application,identity\r\n',
    );
    const r = JSON.parse(ok('admin', ['import', file, '--json']).stdout);
    expect(r).toMatchObject({ total: 2, added: 2, rejected: [] });
    const first = caseOf(ok, '07-2012-00001');
    expect(first).toMatchObject({ address: 'пос. Боролдай, ул. Московская, 2', docs: ALL_DOCS.split(','), received_at: '2012-12-10T10:00:00+06:00' });
    expect(caseOf(ok, '07-2012-00002')).toMatchObject({ address: 'г. Талгар, ул. Ленина, 5, кв. 3', docs: ['application', 'identity'] });
  });

  it('imports a tab-separated file, docs separated by semicolons, and a comma file with ; in docs', () => {
    const { ok, write } = fresh();
    const tab = write('tab.tsv', 'iin\tname\taddress\treceived_at\tdocs\n850315400124\tӘлия Нұрланова\tул. Абая, 1; кв. 2\t2012-12-10 10:00\tapplication;identity\n');
    expect(JSON.parse(ok('admin', ['import', tab, '--json']).stdout)).toMatchObject({ added: 1, rejected: [] });
    expect(caseOf(ok, '07-2012-00001')).toMatchObject({ address: 'ул. Абая, 1; кв. 2', docs: ['application', 'identity'] });
    const comma = write('comma.csv', 'iin,name,address,received_at,docs\n751111300120,Серік Жақсылықов,ул. Ленина 2,2012-12-11 11:30,application;income\n');
    expect(JSON.parse(ok('admin', ['import', comma, '--json']).stdout)).toMatchObject({ added: 1, rejected: [] });
    expect(caseOf(ok, '07-2012-00002').docs).toEqual(['application', 'income']);
  });

  it('a row whose unquoted address holds the separator is rejected, not shifted into other columns', () => {
    const { g, db, write } = fresh();
    const file = write('shifted.csv', 'iin;name;address;received_at\n850315400124;Әлия Нұрланова;ул. Абая; 1;2012-12-10 10:00\n');
    const before = snapshot(db);
    const r = g('admin', ['import', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Импорт отменён, ничего не записано: строка 2: В строке 5 полей, а в заголовке 4: проверьте разделители (адрес, в котором есть разделитель, берут в кавычки).');
    expect(snapshot(db)).toBe(before);
  });

  it('names the line of a CSV error in the user\'s language', () => {
    const { g, db, write } = fresh();
    const file = write('broken.csv', 'iin,name,address,received_at\n850315400124,Әлия Нұрланова,ул. Абая 1,2012-12-10 10:00\n751111300120,"Серік" Жақсылықов,ул. Ленина 2,2012-12-11 11:30\n');
    const before = snapshot(db);
    const r = g('admin', ['import', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`Файл ${file} не разбирается как CSV в строке 3: после закрывающей кавычки идут другие знаки.`);
    const kk = g('admin', ['--lang', 'kk', 'import', file]);
    expect(kk.stderr.trim()).toBe(`${file} файлы 3-жолда CSV ретінде талданбайды: жабатын тырнақшадан кейін басқа таңбалар тұр.`);
    expect(snapshot(db)).toBe(before);
  });
});

describe('dry run', () => {
  it('lists every bad row with its line and rule, writes nothing and exits 1', () => {
    const { g, db, write } = fresh();
    const file = write(
      'paper.csv',
      [
        'iin,name,address,received_at,state,decision,reason,executor,signed_at,issued_at,issue_channel',
        '850315400124,Хорошая Строка,ул. Абая 1,2012-12-10 10:00,,,,,,,',
        '850315400125,Плохой ИИН,ул. Абая 2,2012-12-10 10:00,,,,,,,',
        '751111300120,Выдано Без Способа,ул. Абая 3,2012-12-10 10:00,issued,grant,,exec7,2012-12-11 10:00,2012-12-12 10:00,',
        '751111300120,Неизвестная Причина,ул. Абая 4,2012-12-10 11:00,signed,refuse,bad-luck,exec7,2012-12-11 10:00,,',
        '751111300120,Чужой Исполнитель,ул. Абая 5,2012-12-10 12:00,assigned,,,exec15,,,',
        '751111300120,Подписано Раньше,ул. Абая 6,2012-12-10 13:00,signed,grant,,exec7,2012-12-09 10:00,,',
        '751111300120,Выдано Завтра,ул. Абая 7,2012-12-10 14:00,issued,grant,,exec7,2012-12-11 10:00,2013-01-22 10:00,post',
        '751111300120,Решение Без Подписи,ул. Абая 8,2012-12-10 15:00,assigned,grant,,exec7,,,',
      ].join('\n'),
    );
    const before = snapshot(db);
    const r = g('admin', ['import', file, '--dry-run']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.slice(0, 7)).toEqual([
      'строка 3: ИИН 850315400125 неверен: контрольная (12-я) цифра 5, а должна быть 4.',
      'строка 4: Для состояния «выдано» нужно поле issue_channel.',
      'строка 5: Причина отказа «bad-luck» не из перечня: допустимы incomplete-documents (в связи с представлением неполного пакета документов), false-information (в связи с представлением недостоверных сведений), income-above-poverty-line (в связи с тем, что среднедушевой доход семьи не ниже черты бедности), not-registered-unemployed (в связи с отсутствием регистрации трудоспособных членов семьи в качестве безработных), other (в связи с иной причиной).',
      'строка 6: «exec15» не является действующим исполнителем отдела 07: укажите логин исполнителя (gasp staff list).',
      'строка 7: Время signed_at 2012-12-09T10:00:00+06:00 раньше, чем received_at 2012-12-10T13:00:00+06:00: шаги идут по порядку.',
      'строка 8: Время issued_at 2013-01-22T10:00:00+06:00 позже текущего (2013-01-21T10:00:00+06:00): шаг не может быть выполнен в будущем.',
      'строка 9: Поле decision («grant») заполнено, а дело в состоянии «исполнитель назначен», где этого шага ещё не было.',
    ]);
    expect(r.stderr).toContain('строк 8, было бы зарегистрировано 1, уже были 0, отклонено 7.');
    expect(r.stderr).toContain('без --skip-invalid импорт был бы отменён целиком');
    expect(snapshot(db)).toBe(before);
    expect(fs.existsSync(path.join(path.dirname(file), 'paper.rejects.csv'))).toBe(false);
  });
});

describe('cases decided on paper', () => {
  it('enter in their state with the paper number, an imported history, no overdue step, and a silent check', () => {
    const { ok, g, write } = fresh();
    const file = write(
      'decided.csv',
      [
        'iin,name,address,received_at,office,state,decision,reason,reason_text,executor,signed_at,issued_at,issue_channel,paper_no',
        '850315400124,Выдано Назначение,ул. Абая 1,03.12.2012 10:00,7,issued,grant,,,exec7,05.12.2012 11:00,05.12.2012 15:00,in-person,П-101',
        '751111300120,Выдано Отказ,ул. Абая 2,04.12.2012 10:00,7,issued,refuse,income-above-poverty-line,,Дина Маратовна Касымова,06.12.2012 11:00,07.12.2012 09:30,почтой,П-102',
        '850315400124,Подписано,ул. Абая 3,05.12.2012 10:00,7,signed,refuse,other,переехал в другой район,exec7,07.12.2012 12:00,,,П-103',
        '751111300120,Назначен Исполнитель,ул. Абая 4,06.12.2012 10:00,7,assigned,,,,exec7,,,,П-104',
      ].join('\n'),
    );
    const r = JSON.parse(ok('admin', ['import', file, '--json']).stdout);
    expect(r).toMatchObject({ total: 4, added: 4, rejected: [] });

    const grant = caseOf(ok, '07-2012-00001');
    expect(grant).toMatchObject({
      state: 'issued',
      decision: 'grant',
      executor: 'exec7',
      signed_at: '2012-12-05T11:00:00+06:00',
      issued_at: '2012-12-05T15:00:00+06:00',
      issue_channel: 'in-person',
      paper_no: 'П-101',
      deadline: null,
      overdue: false,
    });
    expect(grant.history).toHaveLength(2);
    expect(grant.history[0]).toMatchObject({ step: 'register', at: '2012-12-03T10:00:00+06:00', state: 'registered', imported: true, paper_no: 'П-101' });
    expect(grant.history[1]).toMatchObject({ step: 'import', at: T0, state: 'issued', imported: true, decision: 'grant', issued_at: '2012-12-05T15:00:00+06:00' });

    expect(caseOf(ok, '07-2012-00002')).toMatchObject({ state: 'issued', decision: 'refuse', reason: 'income-above-poverty-line', executor: 'exec7', issue_channel: 'post', paper_no: 'П-102', deadline: null });
    // A signed case waits to be issued; its deadline runs from the import, not from paper.
    const signed = caseOf(ok, '07-2012-00003');
    expect(signed).toMatchObject({ state: 'signed', reason: 'other', reason_text: 'переехал в другой район', deadline: '2013-01-21T10:15:00+06:00', overdue: false, paper_no: 'П-103' });
    const assigned = caseOf(ok, '07-2012-00004');
    expect(assigned).toMatchObject({ state: 'assigned', executor: 'exec7', overdue: false, paper_no: 'П-104' });
    expect(assigned.deadline).toBe('2013-01-22T10:00:00+06:00');

    expect(JSON.parse(ok('admin', ['overdue', '--json']).stdout)).toEqual([]);
    const check = g('admin', ['check']);
    expect(check.code).toBe(0);
    expect(check.stdout + check.stderr).toBe('');

    // The case card shows the imported history; the work goes on in gasp from there.
    const card = ok('admin', ['case', '07-2012-00001']).stdout;
    expect(card).toContain('Перенесено с бумаги в состоянии');
    expect(card).toContain('П-101');
    ok('exec7', ['issue', '07-2012-00003', '--post'], '2013-01-21T10:10:00+06:00');
    expect(caseOf(ok, '07-2012-00003').state).toBe('issued');
    expect(g('admin', ['check']).code).toBe(0);
  });
});

describe('one open case per ИИН', () => {
  it('rejects a row whose ИИН has an open case in the database or earlier in the file; a re-run skips, not rejects', () => {
    const { ok, g, write } = fresh();
    const open = nextIin();
    const closed = nextIin();
    ok('clerk7', ['register', '--iin', open, '--name', 'Уже Зарегистрированная', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS]);
    const file = write(
      'dup.csv',
      [
        'iin;name;address;received_at;state;decision;signed_at;issued_at;issue_channel;executor',
        `${open};Повтор Из Журнала;ул. Абая 2;2013-01-10 10:00;;;;;;`,
        `${closed};Выданная Ранее;ул. Абая 3;2013-01-09 10:00;issued;grant;2013-01-10 10:00;2013-01-10 11:00;in-person;exec7`,
        `${closed};Снова Пришла;ул. Абая 3;2013-01-15 10:00;;;;;;`,
        `${closed};И Ещё Раз;ул. Абая 3;2013-01-16 10:00;;;;;;`,
      ].join('\n'),
    );
    const all = g('admin', ['import', file]);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/строка 2: .*уже есть открытое дело 07-2013-00001/);
    const r = JSON.parse(ok('admin', ['import', file, '--skip-invalid', '--force', '--json']).stdout);
    expect(r).toMatchObject({ total: 4, added: 2 });
    expect(r.rejected.map((x: { line: number }) => x.line)).toEqual([2, 5]);
    expect(r.rejected[0].message).toMatch(/07-2013-00001/);
    expect(r.rejected[1].message).toMatch(/в строке 4 этого файла/);
    const again = JSON.parse(ok('admin', ['import', file, '--skip-invalid', '--force', '--json']).stdout);
    expect(again).toMatchObject({ added: 0, skipped: 2 });
    expect(again.rejected).toHaveLength(2);
    // Told it is intended, the import takes them and says so in their history.
    const forced = JSON.parse(ok('admin', ['import', file, '--duplicate-ok', '--json']).stdout);
    expect(forced).toMatchObject({ added: 2, skipped: 2, rejected: [] });
    const cases = JSON.parse(ok('admin', ['cases', '--iin', open, '--json']).stdout) as Case[];
    expect(cases).toHaveLength(2);
    const second = JSON.parse(ok('admin', ['case', cases.find((c) => c.regno !== '07-2013-00001')!.regno, '--json']).stdout) as Case;
    expect(second.history[0]).toMatchObject({ step: 'register', imported: true, duplicate_ok: true, duplicate_of: '07-2013-00001' });
  });
});

describe('round trip', () => {
  it('gasp export --excel imports back into a fresh database as the same cases', () => {
    const src = fresh();
    const reg = (name: string, now: string, address: string) =>
      src.ok('clerk7', ['register', '--iin', nextIin(), '--name', name, '--address', address, '--docs', ALL_DOCS], now);
    reg('Әлия Құрманқызы Нұрланова', '2013-01-14T10:00:00+06:00', '+7 пос. "Боролдай", ул. Московская, 2');
    reg('=Формула Заявитель', '2013-01-14T11:00:00+06:00', 'ул. Абая; 1');
    reg('Серік Болатұлы Жақсылықов', '2013-01-14T12:00:00+06:00', 'ул. Ленина 2');
    reg('Назначенный Исполнитель', '2013-01-14T12:30:00+06:00', 'ул. Ленина 3');
    src.ok('clerk7', ['register', '--iin', nextIin(), '--name', 'Отозвавший Заявитель', '--address', 'ул. Ленина 4', '--phone', '8 701 555 12 34', '--docs', 'application,identity'], '2013-01-14T13:00:00+06:00');
    src.ok('clerk7', ['withdraw', '07-2013-00005', '--comment', 'отозвал'], '2013-01-14T15:00:00+06:00');
    for (const n of ['1', '2', '3', '4']) src.ok('head7', ['assign', `07-2013-0000${n}`, '--executor', 'exec7'], '2013-01-14T14:10:00+06:00');
    for (const n of ['1', '2', '3']) src.ok('exec7', ['review', `07-2013-0000${n}`], '2013-01-15T10:00:00+06:00');
    src.ok('exec7', ['draft', '07-2013-00001', '--grant'], '2013-01-16T10:00:00+06:00');
    src.ok('exec7', ['draft', '07-2013-00002', '--refuse', '--reason', 'other', '--reason-text', 'выехал: за пределы области'], '2013-01-16T10:00:00+06:00');
    src.ok('exec7', ['draft', '07-2013-00003', '--refuse', '--reason', 'false-information'], '2013-01-16T10:00:00+06:00');
    for (const n of ['1', '2', '3']) src.ok('head7', ['sign', `07-2013-0000${n}`], '2013-01-16T11:00:00+06:00');
    src.ok('exec7', ['issue', '07-2013-00001', '--in-person'], '2013-01-16T11:10:00+06:00');
    src.ok('exec7', ['issue', '07-2013-00002', '--post'], '2013-01-16T11:10:00+06:00');
    const exported = path.join(src.dir, 'register.csv');
    src.ok('admin', ['export', 'cases', '--excel', '-o', exported]);
    expect(fs.statSync(exported).mode & 0o777).toBe(0o600);

    const dst = fresh();
    const r = JSON.parse(dst.ok('admin', ['import', exported, '--json']).stdout);
    expect(r).toMatchObject({ total: 5, added: 5, rejected: [] });
    const again = dst.ok('admin', ['export', 'cases', '--excel']).stdout;
    const original = src.ok('admin', ['export', 'cases', '--excel']).stdout;
    // The same rows, save the current deadlines, which run from the import for cases in work.
    const strip = (csv: string) => csv.split('\r\n').map((l) => l.split(';').filter((_, i) => i !== 12 && i !== 13).join(';'));
    expect(strip(again)).toEqual(strip(original));
    const first = caseOf(dst.ok, '07-2013-00001');
    expect(first).toMatchObject({ address: '+7 пос. "Боролдай", ул. Московская, 2', state: 'issued', issue_channel: 'in-person', paper_no: '07-2013-00001' });
    expect(caseOf(dst.ok, '07-2013-00002')).toMatchObject({ name: '=Формула Заявитель', reason: 'other', reason_text: 'выехал: за пределы области', issue_channel: 'post' });
    expect(caseOf(dst.ok, '07-2013-00004')).toMatchObject({ state: 'assigned', executor: 'exec7', overdue: false });
    // A withdrawn case, its phone and its documents come back too.
    expect(caseOf(dst.ok, '07-2013-00005')).toMatchObject({ state: 'withdrawn', phone: '8 701 555 12 34', docs: ['application', 'identity'], deadline: null });
    expect(caseOf(dst.ok, '07-2013-00001')).toMatchObject({ docs: ['application', 'identity', 'family', 'income', 'address'], missing_docs: [] });
    const card = dst.g('admin', ['case', '07-2013-00005'], T0, { COLUMNS: '400' }).stdout;
    expect(card).toContain('Перенесено с бумаги в состоянии «отозвано заявителем»');
    expect(card).toMatch(/из бумажного журнала: register\.csv, строка \d+/);
    expect(card).not.toMatch(/source|imported|line:/);
    expect(dst.g('admin', ['check']).code).toBe(0);
    // In Kazakh headers and labels too.
    const kk = path.join(src.dir, 'kk.csv');
    src.ok('admin', ['--lang', 'kk', 'export', 'cases', '--excel', '-o', kk]);
    const third = fresh();
    expect(JSON.parse(third.ok('admin', ['import', kk, '--json']).stdout)).toMatchObject({ added: 5, rejected: [] });
    expect(strip(third.ok('admin', ['export', 'cases', '--excel']).stdout)).toEqual(strip(original));
  });
});

describe('xlsx', () => {
  it('exports a real workbook: ИИН as text, dates as dates, frozen header with autofilter; file 0600, no overwrite without --force', async () => {
    const { ok, g, dir } = fresh();
    ok('clerk7', ['register', '--iin', '010203600679', '--name', 'Әлия Нұрланова', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS], '2013-01-21T10:05:00+06:00');
    ok('head7', ['assign', '07-2013-00001', '--executor', 'exec7'], '2013-01-21T10:20:00+06:00');
    const file = path.join(dir, 'day.xlsx');
    const usage = g('admin', ['export', 'register', '--date', '2013-01-21', '--xlsx']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('-o FILE.xlsx');
    const r = g('admin', ['export', 'register', '--date', '2013-01-21', '--xlsx', '-o', file], '2013-01-21T11:00:00+06:00');
    expect(r.code, r.stderr).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Регистрационный номер',
      'Дата и время приёма',
      'ФИО заявителя',
      'ИИН',
      'Адрес',
      'Место приёма',
      'Состояние',
      'Исполнитель',
      'Решение',
      'Причина отказа',
      'Подписано',
      'Выдано',
      'Способ выдачи',
      'Срок текущего шага',
      'Просрочено',
      'Телефон',
      'Документы',
      'Сумма в месяц, тенге',
      'Сумма за период, тенге',
    ]);
    const iin = sheet.getCell('D2');
    expect(iin.type).toBe(ExcelJS.ValueType.String);
    expect(iin.value).toBe('010203600679');
    expect(sheet.getCell('A2').value).toBe('07-2013-00001');
    const received = sheet.getCell('B2');
    expect(received.type).toBe(ExcelJS.ValueType.Date);
    // Excel keeps wall-clock time: 10:05 in Almaty.
    expect(received.value).toEqual(new Date(Date.UTC(2013, 0, 21, 10, 5)));
    expect(sheet.getCell('N2').value).toEqual(new Date(Date.UTC(2013, 0, 22, 10, 20)));
    expect(sheet.getCell('N2').type).toBe(ExcelJS.ValueType.Date);
    expect(sheet.getCell('H2').value).toBe('Дина Маратовна Касымова');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(3).width).toBeGreaterThan(20);

    const again = g('admin', ['export', 'register', '--date', '2013-01-21', '--xlsx', '-o', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');
    expect(g('admin', ['export', 'register', '--date', '2013-01-21', '--xlsx', '-o', file, '--force']).code).toBe(0);
    // The CSV export keeps to the same rule.
    const csv = path.join(dir, 'day.csv');
    fs.writeFileSync(csv, 'keep');
    expect(g('admin', ['export', 'register', '--date', '2013-01-21', '--excel', '-o', csv]).code).toBe(1);
    expect(fs.readFileSync(csv, 'utf8')).toBe('keep');
  });

  it('imports the first sheet of a workbook: ИИН as text or as a number, dates as Excel dates in Almaty time', async () => {
    const { ok, dir } = fresh();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Журнал');
    book.addWorksheet('Другой лист').addRow(['не читается']);
    sheet.addRow(['ИИН', 'ФИО заявителя', 'Адрес', 'Дата и время приёма', 'office', 'docs', 'Состояние', 'Исполнитель', 'Решение', 'Подписано', 'Выдано', 'Способ выдачи', 'paper_no']);
    sheet.addRow(['010203600679', 'Әлия Нұрланова', 'ул. Абая, 1', new Date(Date.UTC(2012, 11, 10, 10, 0)), 7, 'application,identity']);
    sheet.addRow([10203600679, 'Серік Жақсылықов', 'ул. Ленина, 2', new Date(Date.UTC(2012, 11, 11, 16, 30)), 7, null, 'выдано', 'exec7', 'назначить помощь', new Date(Date.UTC(2012, 11, 12, 9, 0)), new Date(Date.UTC(2012, 11, 12, 12, 0)), 'лично', 1017]);
    sheet.getCell('D2').numFmt = 'dd.mm.yyyy hh:mm';
    sheet.getCell('D3').numFmt = 'dd.mm.yyyy hh:mm';
    const file = path.join(dir, 'paper.xlsx');
    await book.xlsx.writeFile(file);

    const r = JSON.parse(ok('admin', ['import', file, '--json']).stdout);
    expect(r).toMatchObject({ total: 2, added: 2, rejected: [] });
    expect(caseOf(ok, '07-2012-00001')).toMatchObject({ iin: '010203600679', received_at: '2012-12-10T10:00:00+06:00', docs: ['application', 'identity'], state: 'registered' });
    expect(caseOf(ok, '07-2012-00002')).toMatchObject({
      iin: '010203600679',
      received_at: '2012-12-11T16:30:00+06:00',
      state: 'issued',
      signed_at: '2012-12-12T09:00:00+06:00',
      issued_at: '2012-12-12T12:00:00+06:00',
      issue_channel: 'in-person',
      paper_no: '1017',
    });
    // A re-run adds nothing.
    expect(JSON.parse(ok('admin', ['import', file, '--json']).stdout)).toMatchObject({ added: 0, skipped: 2 });
  });

  it('refuses an old .xls and a file that is not a workbook', () => {
    const { g, dir } = fresh();
    const xls = path.join(dir, 'old.xls');
    fs.writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const r = g('admin', ['import', xls]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`Файл ${xls} в старом формате Excel (.xls): сохраните его как книгу .xlsx или как CSV.`);
    const fake = path.join(dir, 'fake.xlsx');
    fs.writeFileSync(fake, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(20)]));
    const bad = g('admin', ['import', fake]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('не читается как книга Excel');
  });
});
