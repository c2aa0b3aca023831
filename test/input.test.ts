// Input that cannot hurt: text gasp stores refuses control, direction and invisible characters,
// bytes that were not UTF-8 and NULs, naming the field, the position and the character, and is
// bounded in length; text stored before (or edited into the database by hand) is printed with
// those characters made visible; years outside 1900–2100 are refused wherever a date is given.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gasp, nextIin, officeDb, officeTemplate, onPostgres, refused, snapshot, sqlOn, tmpDir, type RunResult } from './helpers';
import { checkText, visible } from '../src/domain/text';
import { formatLocalIso } from '../src/domain/time';

const T0 = '2013-01-21T10:00:00+06:00';
let template: string;
/** A database with one case in each of the first states: 1 registered, 2 assigned, 3 reviewed,
 * 4 drafted. Only refusals run on it. */
let shared: ReturnType<typeof officeDb>;
let firstIin: string;

// eslint-disable-next-line no-control-regex
const RAW = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;
const REG = (iin = nextIin(), name = 'Тест Тестович Тестов') => ['register', '--iin', iin, '--name', name, '--address', 'ул. Абая, 1', '--docs', 'application'];

beforeAll(() => {
  template = officeTemplate(
    [
      ['clerk7', 'Айгерим Сапаровна Жумабаева', 'clerk', ['--office', '7']],
      ['head7', 'Болат Ерланович Ахметов', 'head', ['--office', '7']],
      ['dina', 'Дина Маратовна Касымова', 'executor', ['--office', '7']],
      ['aset', 'Асет Нурланович Беков', 'executor', ['--office', '7']],
    ],
    { adminOffice: '7' },
  );
  shared = officeDb(template, T0);
  const { ok } = shared;
  firstIin = nextIin();
  ok('clerk7', REG(firstIin));
  for (const n of [2, 3, 4]) {
    ok('clerk7', REG());
    ok('head7', ['assign', `07-2013-0000${n}`, '--executor', 'dina']);
  }
  ok('dina', ['review', '07-2013-00003']);
  ok('dina', ['review', '07-2013-00004']);
  ok('dina', ['draft', '07-2013-00004', '--grant']);
});

describe('text that gasp stores', () => {
  it('refuses each kind of forbidden character, naming the field, the position and the character', () => {
    const { db, g } = shared;
    const cases: [string, string, RegExp][] = [
      ['\x1b[2J', 'U+001B', /управляющий/],
      ['\x01', 'U+0001', /управляющий/],
      ['\x7f', 'U+007F', /управляющий/],
      ['\x9b', 'U+009B', /управляющий/],
      ['\t', 'U+0009', /управляющий/],
      ['\u2028', 'U+2028', /управляющий/],
      ['\u202e', 'U+202E', /направления текста/],
      ['\u2066', 'U+2066', /направления текста/],
      ['\u200f', 'U+200F', /направления текста/],
      ['\u061c', 'U+061C', /направления текста/],
      ['\u200b', 'U+200B', /невидимый/],
      ['\u2060', 'U+2060', /невидимый/],
      ['\ufeff', 'U+FEFF', /невидимый/],
      ['\ufffd', 'U+FFFD', /UTF-8/],
    ];
    for (const [ch, code, kind] of cases) {
      const r = refused(db, () => g('clerk7', REG(nextIin(), `Иванов${ch} Иван`)), /^ФИО заявителя: /, code, 'позиции 7', kind);
      expect(r.stderr, code).not.toMatch(RAW);
    }
  });

  it('counts the position in characters, not in bytes', () => {
    const { db, g } = shared;
    // 𝔸 is one character (two UTF-16 units, four bytes); Cyrillic letters take two bytes each.
    refused(db, () => g('clerk7', REG(nextIin(), 'Жанна 𝔸б\x1bв')), 'U+001B', 'позиции 9');
  });

  it('names the field in every command that stores text', () => {
    const { db, g } = shared;
    const bad = 'Текст\x1b[2J';
    const cases: [string, string[], string][] = [
      ['clerk7', ['register', '--iin', nextIin(), '--name', 'Тест Тестов', '--address', bad], 'Адрес'],
      ['clerk7', ['register', '--iin', nextIin(), '--name', 'Тест Тестов', '--address', 'ул. Абая, 1', '--phone', '+7 701\u200b1112233'], 'Телефон'],
      ['clerk7', ['register', '--iin', firstIin, '--name', 'Тест Тестов', '--address', 'ул. Абая, 1', '--duplicate-ok', '--comment', bad], 'Комментарий'],
      ['head7', ['assign', '07-2013-00001', '--executor', 'dina', '--resolution', bad], 'Резолюция'],
      ['dina', ['review', '07-2013-00002', '--note', bad], 'Заметка'],
      ['dina', ['draft', '07-2013-00003', '--refuse', '--reason', 'other', '--reason-text', bad], 'Текст причины отказа'],
      ['head7', ['return', '07-2013-00004', '--comment', bad], 'Комментарий'],
      ['clerk7', ['withdraw', '07-2013-00001', '--comment', bad], 'Комментарий'],
      ['head7', ['reassign', '07-2013-00002', '--executor', 'aset', '--comment', bad], 'Комментарий'],
      ['clerk7', ['correct', '07-2013-00001', '--name', bad, '--comment', 'Опечатка'], 'ФИО заявителя'],
      ['clerk7', ['correct', '07-2013-00001', '--address', 'ул. Новая, 2', '--comment', bad], 'Комментарий'],
      ['admin', ['staff', 'add', 'newbie', '--name', bad, '--role', 'clerk', '--office', '7'], 'ФИО сотрудника'],
      ['admin', ['staff', 'add', 'newbie', '--name', 'Новый Сотрудник', '--role', 'clerk', '--office', '7', '--os-user', bad], 'Пользователь ОС'],
      ['admin', ['staff', 'disable', 'dina', '--handover', 'aset', '--comment', bad], 'Комментарий'],
      ['admin', ['calendar', 'set', '2013-03-11', 'off', '--note', bad], 'Примечание к дню календаря'],
    ];
    for (const [as, args, field] of cases) {
      const r = refused(db, () => g(as, args), new RegExp(`^${field}: `), /U\+(001B|200B)/, /позиции \d+/);
      expect(r.stderr).not.toMatch(RAW);
    }
  });

  it('checks the first administrator before a database is created for it', () => {
    const file = path.join(tmpDir(), 'new.sqlite');
    const r = gasp(['--db', file, 'init', '--admin', 'admin', '--name', 'Админ\x1b[2J']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ФИО сотрудника: недопустимый управляющий символ U\+001B в позиции 6/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('allows a tab in free text only, and bounds the lengths with the limit in the message', () => {
    const { db, g, ok } = officeDb(template, T0);
    ok('clerk7', REG());
    refused(db, () => g('clerk7', REG(nextIin(), 'Ж'.repeat(201))), 'ФИО заявителя: 201 символов, допускается не более 200.');
    refused(db, () => g('clerk7', ['register', '--iin', nextIin(), '--name', 'Тест Тестов', '--address', 'д'.repeat(501)]), 'Адрес: 501 символов, допускается не более 500.');
    refused(db, () => g('clerk7', ['withdraw', '07-2013-00001', '--comment', 'к'.repeat(2001)]), 'Комментарий: 2001 символов, допускается не более 2000.');
    refused(db, () => g('clerk7', REG(nextIin(), 'Иванов\tИван')), 'U+0009', 'позиции 7');
    // At the limits, and a tab in a comment: taken.
    ok('clerk7', REG(nextIin(), 'Ж'.repeat(200)));
    ok('clerk7', ['withdraw', '07-2013-00001', '--comment', `Отозвал\tлично ${'к'.repeat(1983)}`]);
    const history = JSON.parse(ok('clerk7', ['--json', 'case', '07-2013-00001']).stdout).history as { comment?: string }[];
    expect(history.at(-1)!.comment).toMatch(/^Отозвал\tлично к+$/);
  });

  it('says it in Kazakh and in English', () => {
    const { db, g } = shared;
    refused(db, () => g('clerk7', ['--lang', 'kk', ...REG(nextIin(), 'Иванов\u202e Иван')]), 'Өтініш берушінің Т.А.Ә.: 7-орындағы U+202E');
    refused(db, () => g('clerk7', ['--lang', 'en', ...REG(nextIin(), 'Иванов\u200b Иван')]), "Applicant's name: invisible character U+200B at position 7");
  });
});

describe('imported files', () => {
  const header = 'iin,name,address,received_at';
  const row = (name: string | Buffer, address = 'ул. Абая 3') =>
    Buffer.concat([Buffer.from(`${nextIin()},`), typeof name === 'string' ? Buffer.from(name) : name, Buffer.from(`,${address},2012-12-10 10:00\n`)]);

  it('reports bytes that are not UTF-8, and NULs, naming the line, the column and the position', () => {
    const { db, dir, g } = officeDb(template, T0);
    const file = path.join(dir, 'paper.csv');
    // Line 3: two bytes of another encoding in the name; line 4: a NUL in the address.
    const notUtf8 = Buffer.concat([Buffer.from('Серік Бол'), Buffer.from([0xff, 0xfe]), Buffer.from('ов')]);
    fs.writeFileSync(file, Buffer.concat([Buffer.from(`${header}\n`), row('Серік Болатов'), row(notUtf8), row('Дана Серікова', 'ул.\0 Абая'), row('Анар Болатова')]));
    refused(db, () => g('admin', ['import', file]), 'строка 3', 'столбец «name», позиция 10: байты не в кодировке UTF-8');
    const dry = g('admin', ['import', file, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toMatch(/строка 3: столбец «name», позиция 10: байты не в кодировке UTF-8/);
    expect(dry.stderr).toMatch(/строка 4: столбец «address», позиция 4: недопустимый символ U\+0000/);
    const skip = JSON.parse(g('admin', ['import', file, '--skip-invalid', '--json']).stdout);
    expect(skip).toMatchObject({ total: 4, added: 2 });
    expect(skip.rejected.map((r: { line: number }) => r.line)).toEqual([3, 4]);
  });

  it('refuses an empty file, a file of headers only, and headers that are not UTF-8', () => {
    const { db, dir, g } = officeDb(template, T0);
    const write = (name: string, content: Buffer | string) => {
      fs.writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    refused(db, () => g('admin', ['import', write('empty.csv', '')]), 'empty.csv', 'нет ни одной строки с данными');
    refused(db, () => g('admin', ['import', write('blank.csv', '\ufeff\n\n')]), 'blank.csv', 'нет ни одной строки с данными');
    refused(db, () => g('admin', ['import', write('header.csv', `${header}\n`)]), 'В файле header.csv нет ни одной строки с данными');
    refused(db, () => g('admin', ['import', write('cp1251.csv', Buffer.concat([Buffer.from('iin,'), Buffer.from([0xc8, 0xcc, 0xdf]), Buffer.from(',address,received_at\n')]))]), 'строка 1 (заголовки), столбец 2, позиция 1: байты не в кодировке UTF-8');
  });
});

describe('text stored before these rules', () => {
  const NAME = 'Иванов \x1b[2J\u202eнавИ\x9b\x07';
  let db: string;
  let g: ReturnType<typeof officeDb>['g'];

  beforeAll(() => {
    ({ db, g } = officeDb(template, T0));
    const r = g('clerk7', REG());
    expect(r.code, r.stderr).toBe(0);
    // PostgreSQL's text holds no NUL at all; the other controls it keeps as SQLite does.
    sqlOn(db, ['update cases set name = ?, address = ?', [NAME, `ул.${onPostgres ? '' : '\0'} Абая\u200b,\n1`]], ['update staff set name = ? where login = ?', ['Айгерим\x1b]0;owned\x07 Жумабаева', 'clerk7']]);
  });

  const clean = (r: RunResult, what: string) => {
    expect(r.code, `${what}: ${r.stderr}`).toBe(0);
    expect(r.stdout + r.stderr, what).not.toMatch(RAW);
    return r.stdout;
  };

  it('prints them visibly in the case, the lists, the talon and the staff list', () => {
    const card = clean(g('clerk7', ['case', '07-2013-00001'], T0, { COLUMNS: '200' }), 'case');
    expect(card).toContain('Иванов ␛[2J<U+202E>навИ<U+009B>␇');
    expect(card).toContain(onPostgres ? 'ул. Абая<U+200B>, 1' : 'ул.␀ Абая<U+200B>, 1');
    expect(card).toContain('Айгерим␛]0;owned␇ Жумабаева (clerk7)');
    for (const args of [['cases'], ['find', '07-2013-00001'], ['overdue']]) {
      expect(clean(g('head7', args, '2013-01-23T10:00:00+06:00', { COLUMNS: '200' }), args[0]!)).toContain('Иванов ␛[2J<U+202E>навИ<U+009B>␇');
    }
    const talon = clean(g('clerk7', ['talon', '07-2013-00001']), 'talon');
    expect(talon).toContain('Уважаемая Иванов ␛[2J<U+202E>навИ<U+009B>␇, Ваши документы приняты');
    expect(talon).toContain('ФИО лица, принявшего документы: Айгерим␛]0;owned␇ Жумабаева');
    expect(talon.split('\n').length).toBeGreaterThan(5);
    expect(clean(g('admin', ['staff', 'list']), 'staff list')).toContain('Айгерим␛]0;owned␇');
  });

  it('keeps JSON the same data, with the characters escaped', () => {
    const r = g('clerk7', ['--json', 'case', '07-2013-00001']);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('\\u202e');
    expect(JSON.parse(r.stdout).name).toBe(NAME);
  });

  it('writes the characters as codes into a PDF', () => {
    const dir = tmpDir();
    const pdf = path.join(dir, 'talon.pdf');
    expect(g('clerk7', ['talon', '07-2013-00001', '--pdf', pdf]).code).toBe(0);
    // pdftotext ends a page with a form feed.
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\f/g, '\n');
    expect(text).not.toMatch(RAW);
    expect(text.replace(/\s+/g, ' ')).toContain('<U+001B>[2J<U+202E>навИ<U+009B><U+0007>');
  });

  it('shows what a refusal repeats visibly, and refuses a correction until the name is clean', () => {
    const before = snapshot(db);
    for (const [as, args, fragment] of [
      ['clerk7', ['case', '07-2013-\x1b[2J'], '«07-2013-␛[2J»'],
      ['x\x1b]0;owned\x07', ['cases'], '«x␛]0;owned␇»'],
      ['clerk7', ['correct', '07-2013-00001', '--address', 'ул. Новая, 2', '--comment', 'Опечатка'], 'ФИО заявителя: недопустимый управляющий символ U+001B в позиции 8'],
    ] as [string, string[], string][]) {
      const r = g(as, args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(fragment);
      expect(r.stderr).not.toMatch(RAW);
    }
    expect(snapshot(db)).toBe(before);
  });
});

describe('years outside 1900–2100', () => {
  it('are refused wherever a date or a time is given', () => {
    const { db, g } = shared;
    const cases: [string, string[], string][] = [
      ['clerk7', [...REG(), '--received-at', '0001-01-01'], 'Дата «0001-01-01»: год 1 вне допустимых 1900–2100.'],
      ['clerk7', [...REG(), '--received-at', '31.12.9999 10:00'], 'год 9999'],
      ['clerk7', [...REG(), '--received-at', '2101-01-01T00:00+06:00'], 'год 2101'],
      ['clerk7', ['cases', '--date', '9999-12-31'], 'год 9999'],
      ['admin', ['export', 'register', '--date', '1899-12-31'], 'год 1899'],
      ['admin', ['export', 'cases', '--date', '0001-01-01'], 'год 1'],
      ['admin', ['report', '--from', '0001-01-01'], 'год 1'],
      ['admin', ['report', '--to', '9999-12-31'], 'год 9999'],
      ['admin', ['calendar', 'set', '1899-12-31', 'off'], 'год 1899'],
      ['admin', ['calendar', 'set', '2101-01-01', 'work'], 'год 2101'],
    ];
    for (const [as, args, fragment] of cases) refused(db, () => g(as, args), fragment);
  });

  it('are refused in GASP_NOW, whose year 0001 was read as 1901 with a garbage offset', () => {
    const r = shared.g('clerk7', REG(), '0001-01-01T10:00:00+06:00');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('GASP_NOW «0001-01-01T10:00:00+06:00»: год 1 вне допустимых 1900–2100.');
    expect(formatLocalIso(new Date('0001-01-01T00:00:00Z'))).toMatch(/^0001-01-01T\d\d:\d\d:00\+0\d:\d\d$/);
  });

  it('take 1900 and 2100 themselves, but not a report that ends before it starts', () => {
    const { db, g, ok } = officeDb(template, T0);
    ok('admin', ['calendar', 'set', '1900-01-01', 'work']);
    ok('admin', ['calendar', 'set', '2100-12-31', 'off']);
    refused(db, () => g('admin', ['report', '--from', '2013-02-01', '--to', '2013-01-31']), 'Начало периода 2013-02-01 позже его конца 2013-01-31');
    refused(db, () => g('admin', ['calendar', 'set', '0001-01-01', 'off']), 'год 1');
  });

  it('are refused in imported rows, naming the line', () => {
    const { db, dir, g } = officeDb(template, T0);
    const file = path.join(dir, 'paper.csv');
    fs.writeFileSync(
      file,
      [
        'iin,name,address,received_at,state,executor,decision,signed_at',
        `${nextIin()},Серік Болатов,ул. Абая 3,01.01.0001 10:00,,,,`,
        `${nextIin()},Дана Серікова,ул. Абая 4,2012-12-10 10:00,signed,dina,grant,9999-12-31 10:00`,
      ].join('\n'),
    );
    const r = g('admin', ['import', file, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/строка 2: Дата «01\.01\.0001 10:00»: год 1 вне допустимых 1900–2100/);
    expect(r.stderr).toMatch(/строка 3: Дата «9999-12-31 10:00»: год 9999/);
    refused(db, () => g('admin', ['import', file]), 'строка 2');
  });
});

describe('the text rule itself', () => {
  it('shows every forbidden character and leaves other text alone', () => {
    expect(visible('Әлия Құрманқызы — «Нұрланова»')).toBe('Әлия Құрманқызы — «Нұрланова»');
    expect(visible('a\x1b[2Jb\x00c\x7fd\x9be\u202ef\u200bg\tend')).toBe('a␛[2Jb␀c␡d<U+009B>e<U+202E>f<U+200B>g end');
    expect(visible('one\r\ntwo\x1b', { lines: true })).toBe('one\r\ntwo␛');
    expect(visible('x\x1b\u202e', { form: 'codes' })).toBe('x<U+001B><U+202E>');
    expect(visible('\ud800 \udc00 😀')).toBe('<U+D800> <U+DC00> 😀');
    expect(() => checkText('😀😀', 'name', 'name')).not.toThrow();
    let error: unknown;
    try {
      checkText('a\ud800', 'name', 'name');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ key: 'text.utf8', params: { field: 'name', position: 2, code: 'U+D800' } });
  });
});
