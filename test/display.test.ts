// What a person reads: labels instead of codes, each history event a sentence, tables within
// the terminal's width.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gasp, nextIin, root, tmpDb, tmpDir, type RunResult } from './helpers';
import { Context } from '../src/cli/context';
import { caseCard, historyLines } from '../src/cli/render/case';
import { eventText } from '../src/cli/render/labels';
import { displayWidth, truncate } from '../src/cli/render/output';
import type { CaseView, HistoryEntry } from '../src/services/cases';

let db: string;
const T = (time: string) => `2013-01-21T${time}:00+06:00`;
const g = (as: string, args: string[], env: Record<string, string> = {}): RunResult =>
  gasp(['--db', db, '--as', as, '--no-input', ...args], { env: { GASP_NOW: T('10:00'), ...env } });
const ok = (r: RunResult) => {
  expect(r.code, r.stderr).toBe(0);
  return r;
};

beforeAll(() => {
  db = tmpDb();
  ok(gasp(['--db', db, 'init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов'], { env: { GASP_NOW: T('09:00') } }));
  ok(g('admin', ['staff', 'add', 'aigerim', '--name', 'Айгерим Сапаровна Жумабаева', '--role', 'clerk', '--office', '7']));
  ok(g('admin', ['staff', 'add', 'bolat', '--name', 'Болат Ерланович Ахметов', '--role', 'head', '--office', '7']));
  ok(g('admin', ['staff', 'add', 'dina', '--name', 'Дина Маратовна Касымова', '--role', 'executor', '--office', '7']));
  const at = (time: string) => ({ GASP_NOW: T(time) });
  ok(g('aigerim', ['register', '--iin', '850315400124', '--name', 'Әлия Құрманқызы Нұрланова', '--address', 'пос. Боролдай, ул. Московская, 2', '--docs', 'application,identity,family', '--received-at', '2013-01-21T09:50']));
  ok(g('bolat', ['assign', '07-2013-00001', '--executor', 'dina', '--resolution', 'Рассмотреть в срок'], at('10:20')));
  ok(g('dina', ['review', '07-2013-00001', '--note', 'Доходы проверены'], at('11:00')));
  ok(g('dina', ['draft', '07-2013-00001', '--refuse', '--reason', 'income-above-poverty-line'], at('11:10')));
  ok(g('bolat', ['return', '07-2013-00001', '--comment', 'Проверьте справку о доходах'], at('11:20')));
  ok(g('dina', ['draft', '07-2013-00001', '--grant'], at('11:30')));
  ok(g('bolat', ['sign', '07-2013-00001'], at('11:40')));
  ok(g('dina', ['issue', '07-2013-00001', '--in-person'], at('11:50')));
  // A second case, still open and soon overdue, with a long name for the tables.
  ok(g('aigerim', ['register', '--iin', '751111300120', '--name', 'Серікбай Болатбекұлы Жақсылықов-Нұрмағанбетов', '--address', 'Илийский район, село Байсерке, улица Аркбаева, 3', '--docs', 'application,identity,family,income,address'], at('12:00')));
});

const data = (f: string) => JSON.parse(fs.readFileSync(path.join(root, 'data', f), 'utf8')) as { code: string }[];
const CODES = [
  'received_by_akimat', 'registered', 'assigned', 'reviewed', 'drafted', 'signed', 'issued', 'withdrawn',
  'in-person', 'post', 'grant', 'refuse', 'clerk', 'head', 'executor', 'received_at', 'next_deadline', 'deadline',
  'missing_docs', 'returned_decision', 'comment', 'resolution', 'true', 'false', 'null', 'undefined',
  ...data('documents.json').map((d) => d.code),
  ...data('reasons.json').map((r) => r.code),
];

describe('a case on the screen', () => {
  it('shows no internal code in Russian or Kazakh, from registration to issue', () => {
    for (const lang of ['ru', 'kk']) {
      const out = ok(g('bolat', ['--lang', lang, 'case', '07-2013-00001'], { GASP_NOW: T('12:30') })).stdout;
      for (const code of CODES) expect(out, `${lang}: ${code}`).not.toMatch(new RegExp(`(^|[^\\p{L}\\w-])${code}($|[^\\p{L}\\w-])`, 'u'));
      expect(out).not.toMatch(/\w+: [\w-]+;|\[object/);
    }
  });

  it('tells each event as one sentence in the user\'s language', () => {
    const ru = ok(g('bolat', ['case', '07-2013-00001'], { GASP_NOW: T('12:30'), COLUMNS: '400' })).stdout;
    expect(ru).toContain(
      'Зарегистрировано; документы: Заявление о назначении государственной адресной социальной помощи, Документ, удостоверяющий личность, Сведения о составе семьи; не представлены: Сведения о доходах членов семьи, Адресная справка о месте жительства; документы приняты 21.01.2013 09:50',
    );
    expect(ru).toContain('Болат Ерланович Ахметов (bolat): Назначен исполнитель: Дина Маратовна Касымова (dina); резолюция: Рассмотреть в срок');
    expect(ru).toContain('Дина Маратовна Касымова (dina): Документы рассмотрены; заметка: Доходы проверены');
    expect(ru).toContain('Подготовлен проект решения: отказать в связи с тем, что среднедушевой доход семьи не ниже черты бедности');
    expect(ru).toContain('Возвращено на доработку: Проверьте справку о доходах; возвращённый проект: отказать');
    expect(ru).toContain('Подписано: назначить помощь');
    expect(ru).toContain('Выдано лично');
    expect(ru).toMatch(/Выдано\s+21\.01\.2013 11:50 лично/);
    const kk = ok(g('bolat', ['--lang', 'kk', 'case', '07-2013-00001'], { GASP_NOW: T('12:30'), COLUMNS: '400' })).stdout;
    expect(kk).toContain('Тіркелді; құжаттар: Мемлекеттік атаулы әлеуметтік көмек тағайындау туралы өтініш');
    expect(kk).toContain('Пысықтауға қайтарылды: Проверьте справку о доходах');
    expect(kk).toContain('Қол қойылды: көмек тағайындау');
    expect(kk).toContain('Жеке қолына берілді');
    expect(kk).toContain('бас тарту отбасының жан басына шаққандағы орташа табысының кедейлік шегінен төмен болмауына байланысты');
  });

  it('keeps the codes in --json', () => {
    const c = JSON.parse(ok(g('bolat', ['case', '07-2013-00001', '--json'])).stdout) as CaseView;
    expect(c.state).toBe('issued');
    expect(c.issue_channel).toBe('in-person');
    expect(c.history!.map((h) => h.step)).toEqual(['register', 'assign', 'review', 'draft', 'return', 'draft', 'sign', 'issue']);
  });

  it('names staff by name with the login in brackets when the case carries their names', () => {
    const c = JSON.parse(ok(g('bolat', ['case', '07-2013-00001', '--json'])).stdout) as CaseView;
    c.staff_names = { aigerim: 'Айгерим Сапаровна Жумабаева', bolat: 'Болат Ерланович Ахметов', dina: 'Дина Маратовна Касымова' };
    const ctx = new Context({ lang: 'ru' }, { COLUMNS: '400' });
    const card = Object.fromEntries(caseCard(c, new Date(T('12:30')), 'ru'));
    expect(card['Принял']).toBe('Айгерим Сапаровна Жумабаева (aigerim)');
    expect(card['Исполнитель']).toBe('Дина Маратовна Касымова (dina)');
    expect(card['Подписано']).toBe('21.01.2013 11:40 Болат Ерланович Ахметов (bolat)');
    const lines = historyLines(ctx, c);
    expect(lines[1]).toBe('21.01.2013 10:20  Болат Ерланович Ахметов (bolat): Назначен исполнитель: Дина Маратовна Касымова (dina); резолюция: Рассмотреть в срок');
  });
});

describe('events of other kinds', () => {
  const names = { dina: 'Дина Маратовна Касымова', aset: 'Асет Нурланович Беков' };
  const e = (step: string, details: Record<string, unknown>): HistoryEntry => ({ step, actor: 'bolat', at: '2013-01-21T10:00:00+06:00', ...details });

  it('a reassignment, a hand-over, a correction, a paper-register entry and unknown details', () => {
    expect(eventText(e('reassign', { from: 'dina', to: 'aset', comment: 'отпуск' }), names, 'ru')).toBe(
      'Исполнитель заменён: Дина Маратовна Касымова (dina) → Асет Нурланович Беков (aset); комментарий: отпуск',
    );
    expect(eventText(e('reassign', { from: 'dina', to: 'aset', comment: 'увольнение', handover: true }), names, 'kk')).toBe(
      'Орындаушы ауыстырылды: Дина Маратовна Касымова (dina) → Асет Нурланович Беков (aset); есептік жазба өшірілгенде істер тапсырылды; түсініктеме: увольнение',
    );
    const correct = eventText(
      e('correct', {
        changes: {
          name: { old: 'Әлия Нұрланова', new: 'Әлия Құрманқызы Нұрланова' },
          sex: { old: 'male', new: 'female' },
          docs: { old: ['application'], new: ['application', 'income'] },
          doc_lang: { old: 'ru', new: 'kk' },
          birth_date: { old: '1985-03-15', new: '1985-03-16' },
        },
        comment: 'ошибка при вводе',
      }),
      names,
      'ru',
    );
    expect(correct).toBe(
      'Исправлено; ФИО заявителя: «Әлия Нұрланова» → «Әлия Құрманқызы Нұрланова»; Пол: «мужской» → «женский»; ' +
        'Документы: «Заявление о назначении государственной адресной социальной помощи» → «Заявление о назначении государственной адресной социальной помощи, Сведения о доходах членов семьи»; ' +
        'Язык документов: «русский» → «казахский»; Дата рождения: «15.03.1985» → «16.03.1985»; комментарий: ошибка при вводе',
    );
    const reg = eventText(
      e('register', { state: 'registered', docs: ['application'], missing_docs: [], imported: true, paper_no: '17', duplicate_ok: true, duplicate_of: '07-2013-00001', comment: 'другой член семьи', doc_lang: 'kk' }),
      names,
      'ru',
    );
    expect(reg).toBe(
      'Зарегистрировано; документы: Заявление о назначении государственной адресной социальной помощи; повторное заявление (уже есть дело 07-2013-00001); комментарий: другой член семьи; № в бумажном журнале: 17; язык документов: казахский (из бумажного журнала)',
    );
    expect(eventText(e('review', { checked_by_phone: true, family_size: 4, when: '2013-01-22T10:00:00+06:00' }), names, 'ru')).toBe(
      'Документы рассмотрены; checked_by_phone: да; family_size: 4; when: 22.01.2013 10:00',
    );
    expect(eventText(e('audit', { source: { office: 7 } }), names, 'en')).toBe('Audit; source: office: 7');
  });

  it('prints', () => {
    expect(eventText(e('print', { document: 'notice', lang: 'kk', draft: true, pdf: null }), names, 'ru')).toBe('Напечатан проект уведомления; язык документов: казахский');
    expect(eventText(e('print', { document: 'notice', lang: 'ru', batch: true, pdf: '/tmp/n.pdf' }), names, 'kk')).toBe(
      'Хабарлама басып шығарылды; қол қойылған хабарламалар топтамасында; PDF: /tmp/n.pdf; құжаттар тілі: орыс тілі',
    );
  });
});

describe('tables within the terminal', () => {
  const commands: [string, string[]][] = [
    ['bolat', ['cases']],
    ['bolat', ['overdue']],
    ['admin', ['report']],
    ['admin', ['staff', 'list']],
    ['bolat', ['case', '07-2013-00001']],
    ['bolat', ['case', '07-2013-00002']],
    ['bolat', ['offices']],
    ['bolat', ['akimats']],
    ['bolat', ['calendar', '--year', '2013']],
  ];

  it('no line is wider than COLUMNS=80, in any language', () => {
    for (const lang of ['ru', 'kk', 'en']) {
      for (const [as, args] of commands) {
        const out = ok(g(as, ['--lang', lang, ...args], { GASP_NOW: '2013-01-25T10:00:00+06:00', COLUMNS: '80' })).stdout;
        expect(out.length, args.join(' ')).toBeGreaterThan(0);
        for (const line of out.split('\n')) expect([...line].length, `${lang} ${args.join(' ')}: ${line}`).toBeLessThanOrEqual(80);
      }
    }
  });

  it('shortens long cells with «…» and shows more columns on a wider terminal', () => {
    const narrow = ok(g('bolat', ['cases'], { COLUMNS: '80' })).stdout;
    const wide = ok(g('bolat', ['cases'], { COLUMNS: '200' })).stdout;
    expect(narrow).not.toContain('ИИН');
    expect(wide).toContain('ИИН');
    expect(wide).toContain('Серікбай Болатбекұлы Жақсылықов-Нұрмағанбетов');
    expect(ok(g('bolat', ['offices'], { COLUMNS: '80' })).stdout).toContain('…');
    // Without a terminal and without COLUMNS: 100 columns.
    const plain = ok(g('bolat', ['offices'])).stdout;
    expect(Math.max(...plain.split('\n').map((l) => [...l].length))).toBe(100);
  });

  it('keeps the whole report at 80 columns, in parts that repeat the office', () => {
    const out = ok(g('admin', ['report'], { COLUMNS: '80' })).stdout;
    expect(out.match(/│ Отдел/g)!.length).toBeGreaterThan(1);
    for (const h of ['Поступило', 'Назначено', 'Отказано', 'Медиана:', 'подписание', 'выдача']) expect(out).toContain(h);
    expect(out).not.toContain('…');
  });

  it('measures Cyrillic, Kazakh and coloured text by what the eye sees', () => {
    expect(displayWidth('Әлия Құрманқызы')).toBe(15);
    expect(displayWidth('\x1b[31mсрок\x1b[39m')).toBe(4);
    expect(truncate('Жақсылықов-Нұрмағанбетов', 10)).toBe('Жақсылықо…');
  });
});

describe('registration without all the documents', () => {
  it('warns naming the documents, and only when the case is registered', () => {
    const refused = g('aigerim', ['register', '--iin', '850315400125', '--name', 'Әлия Нұрланова', '--address', 'ул. Абая, 1', '--docs', 'application']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).not.toContain('Внимание');
    const r = ok(g('aigerim', ['register', '--iin', '850315400124', '--name', 'Әлия Нұрланова', '--address', 'ул. Абая, 1', '--docs', 'application,identity,family']));
    expect(r.stderr).toContain('Внимание: не представлены обязательные документы: Сведения о доходах членов семьи; Адресная справка о месте жительства.');
    const kk = ok(g('aigerim', ['--lang', 'kk', 'register', '--iin', nextIin(), '--name', 'Әлия Нұрланова', '--address', 'ул. Абая, 1', '--docs', 'application,identity,family,income']));
    expect(kk.stderr).toContain('Тұрғылықты жері туралы мекенжай анықтамасы');
    expect(kk.stderr).not.toContain('address');
  });
});
