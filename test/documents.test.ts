// The talon and the notification: text, PDF read back with pdftotext, a rendered page, templates.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gasp, nextIin, onPostgres, sqlOn, tmpDb, tmpDir, type RunResult } from './helpers';

const ALL_DOCS = 'application,identity,family,income,address';
const NAME = 'Әлия Құрманқызы Нұрланова';
const T0 = '2013-01-21T10:00:00+06:00';

let db: string;
let dir: string;
const g = (as: string, args: string[], env: Record<string, string> = {}): RunResult =>
  gasp(['--db', db, '--as', as, '--no-input', ...args], { env: { GASP_NOW: T0, ...env } });
const ok = (r: RunResult) => {
  expect(r.code, r.stderr).toBe(0);
  return r;
};

/** pdftotext, with the line breaks of the page layout folded back into single spaces. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ').trim();
}
function pdfPages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}

beforeAll(() => {
  dir = tmpDir();
  db = onPostgres ? tmpDb() : path.join(dir, 'gasp.sqlite');
  const run = (args: string[]) => ok(gasp(['--db', db, ...args], { env: { GASP_NOW: T0 } }));
  run(['init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов']);
  run(['--as', 'admin', 'staff', 'add', 'clerk7', '--name', 'Айгерим Сапаровна Жумабаева', '--role', 'clerk', '--office', '7']);
  run(['--as', 'admin', 'staff', 'add', 'head7', '--name', 'Болат Ерланович Ахметов', '--role', 'head', '--office', '7']);
  run(['--as', 'admin', 'staff', 'add', 'exec7', '--name', 'Дина Маратовна Касымова', '--role', 'executor', '--office', '7']);
  run(['--as', 'admin', 'staff', 'add', 'akim', '--name', 'Нурлан Аскарович Жаксыбеков', '--role', 'akimat', '--akimat', '07-02']);
});

function registerCase(extra: string[] = [], as = 'clerk7', name = NAME, iin = nextIin()): string {
  const r = ok(g(as, ['register', '--iin', iin, '--name', name, '--address', 'пос. Боролдай, ул. Московская, 2', '--docs', ALL_DOCS, '--json', ...extra]));
  return (JSON.parse(r.stdout) as { regno: string }).regno;
}
function toSigned(regno: string, draft: string[]) {
  ok(g('head7', ['assign', regno, '--executor', 'exec7']));
  ok(g('exec7', ['review', regno]));
  ok(g('exec7', ['draft', regno, ...draft]));
  ok(g('head7', ['sign', regno]));
}

describe('the talon', () => {
  it('prints as a PDF with real Cyrillic and Kazakh text, in Russian', () => {
    const file = path.join(dir, 'talon.pdf');
    const regno = registerCase(['--pdf', file]);
    const text = pdfText(file);
    expect(text).toContain('Отдел занятости и социальных программ Илийского района');
    expect(text).toContain('Илийский район, поселок Отеген батыр, улица Титова, 3 а');
    expect(text).toContain('Телефон: 8-72752 2-47-51');
    expect(text).toContain('ТАЛОН физическому лицу услуги');
    // The ИИН 850315400124 is a woman's (7th digit 4).
    expect(text).toContain(`Уважаемая ${NAME}, Ваши документы приняты «21» января 2013 года, регистрационный номер документов ${regno}.`);
    expect(text).toContain('ФИО лица, принявшего документы: Айгерим Сапаровна Жумабаева');
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSerif\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });

  it('prints in Kazakh, with the akimat as the issuer when it took the documents', () => {
    const regno = registerCase([], 'akim', 'Шаһизада Өмірзаққызы Үсенова');
    const file = path.join(dir, 'talon-kk.pdf');
    const r = ok(g('clerk7', ['--lang', 'kk', 'talon', regno, '--pdf', file]));
    expect(r.stdout).toContain('Құрметті Шаһизада Өмірзаққызы Үсенова, Сіздің құжаттарыңыз 2013 жылғы 21 қаңтарда қабылданды');
    const text = pdfText(file);
    expect(text).toContain('Боролдайский поселковый округ аппарата акима района');
    expect(text).toContain(`Құрметті Шаһизада Өмірзаққызы Үсенова, Сіздің құжаттарыңыз 2013 жылғы 21 қаңтарда қабылданды, құжаттардың тіркеу нөмірі ${regno}.`);
    expect(text).toContain('Құжаттарды қабылдаған тұлғаның тегі, аты, әкесінің аты: Нурлан Аскарович Жаксыбеков');
    // Every Kazakh letter comes back as text from the embedded font.
    for (const letter of 'әғқңөұүһі') expect(text.toLocaleLowerCase('kk')).toContain(letter);
  });

  it('addresses a man as «Уважаемый» and a woman as «Уважаемая», by the ИИН', () => {
    const man = registerCase([], 'clerk7', 'Серік Болатұлы Жақсылықов', '751111300120');
    const woman = registerCase([], 'clerk7', 'Айгүл Серікқызы Омарова');
    const m = ok(g('clerk7', ['talon', man])).stdout;
    const w = ok(g('clerk7', ['talon', woman])).stdout;
    expect(m).toContain('Уважаемый Серік Болатұлы Жақсылықов, Ваши документы приняты «21» января 2013 года');
    expect(w).toContain('Уважаемая Айгүл Серікқызы Омарова, Ваши документы приняты «21» января 2013 года');
    expect(m + w).not.toContain('Уважаемый(ая)');
  });

  it('has a Kazakh letterhead in Kazakh, on the terminal and in the PDF', () => {
    const regno = registerCase();
    const file = path.join(dir, 'talon-office-kk.pdf');
    const r = ok(g('clerk7', ['--lang', 'kk', 'talon', regno, '--pdf', file]));
    const office = 'Іле ауданының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі';
    expect(r.stdout.split('\n')[0]).toBe(office);
    expect(r.stdout).toContain(`Құрметті ${NAME}, Сіздің құжаттарыңыз 2013 жылғы 21 қаңтарда қабылданды, құжаттардың тіркеу нөмірі ${regno}.`);
    const text = pdfText(file);
    expect(text).toContain(office);
    expect(text).toContain('2013 жылғы 21 қаңтарда қабылданды');
    expect(text).not.toContain('Отдел занятости');
    // The Russian talon keeps the Russian name.
    expect(ok(g('clerk7', ['talon', regno])).stdout.split('\n')[0]).toBe('Отдел занятости и социальных программ Илийского района');
  });

  it('renders a page that is not blank', () => {
    const file = path.join(dir, 'talon.pdf');
    const prefix = path.join(dir, 'page');
    execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', file, prefix]);
    const pgm = fs.readFileSync(fs.readdirSync(dir).map((f) => path.join(dir, f)).find((f) => f.startsWith(prefix) && f.endsWith('.pgm'))!);
    // P5 header: "P5\n<w> <h>\n255\n", then one byte a pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 40))!;
    const pixels = pgm.subarray(header[0].length);
    expect(pixels.length).toBe(Number(header[1]) * Number(header[2]));
    const dark = pixels.filter((p) => p < 128).length;
    expect(dark).toBeGreaterThan(500);
  });
});

describe('the notification', () => {
  it('is signed by the head, in Russian and Kazakh', () => {
    const regno = registerCase();
    toSigned(regno, ['--grant']);
    const file = path.join(dir, 'grant.pdf');
    ok(g('exec7', ['issue', regno, '--in-person', '--pdf', file]));
    const text = pdfText(file);
    expect(text).toContain(NAME);
    expect(text).toContain('УВЕДОМЛЕНИЕ о назначении государственной адресной социальной помощи');
    expect(text).toContain('Доводим до сведения, что Вам назначена адресная социальная помощь.');
    expect(text).toContain(`Регистрационный номер документов: ${regno}`);
    expect(text).toContain('Дата: «21» января 2013 года');
    expect(text).toContain('Начальник отдела ____________ Болат Ерланович Ахметов');
    const kk = path.join(dir, 'grant-kk.pdf');
    ok(g('exec7', ['--lang', 'kk', 'notice', regno, '--pdf', kk]));
    const kkText = pdfText(kk);
    expect(kkText).toContain('Сізге атаулы әлеуметтік көмек тағайындалғанын хабарлаймыз.');
    expect(kkText).toContain('Күні: 2013 жылғы 21 қаңтар');
    expect(kkText).toContain('Іле ауданының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі');
    expect(kkText).toContain('Бөлім бастығы ____________ Болат Ерланович Ахметов');
  });

  it('carries the refusal reason, and the free text for other', () => {
    const regno = registerCase();
    toSigned(regno, ['--refuse', '--reason', 'other', '--reason-text', 'выездом заявителя за пределы области']);
    const file = path.join(dir, 'refuse.pdf');
    ok(g('exec7', ['issue', regno, '--post', '--pdf', file]));
    expect(pdfText(file)).toContain('Доводим до сведения, что Вам отказано в назначении адресной социальной помощи в связи с выездом заявителя за пределы области.');
    const r2 = registerCase();
    toSigned(r2, ['--refuse', '--reason', 'false-information']);
    const kk = ok(g('exec7', ['--lang', 'kk', 'notice', r2]));
    expect(kk.stdout).toContain('Сізге дұрыс емес мәліметтердің ұсынылуына байланысты атаулы әлеуметтік көмек тағайындаудан бас тартылғанын хабарлаймыз.');
  });

  it('is marked as a draft before signing, and not printed before drafting', () => {
    const regno = registerCase();
    const early = g('exec7', ['notice', regno]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/draft/);
    ok(g('head7', ['assign', regno, '--executor', 'exec7']));
    ok(g('exec7', ['review', regno]));
    ok(g('exec7', ['draft', regno, '--grant']));
    const file = path.join(dir, 'draft.pdf');
    ok(g('exec7', ['notice', regno, '--pdf', file]));
    const text = pdfText(file);
    expect(text).toContain('ПРОЕКТ — не подписано');
    expect(text).not.toContain('Болат Ерланович Ахметов');
  });

  it('prints every signed, not issued notification of an office into one PDF, one a page', () => {
    const pending = sqlOn<{ regno: string }>(db, "select regno from cases where state = 'signed' and office = 7 order by id").map((r) => r.regno);
    const a = registerCase();
    toSigned(a, ['--grant']);
    const b = registerCase();
    toSigned(b, ['--refuse', '--reason', 'income-above-poverty-line']);
    const file = path.join(dir, 'batch.pdf');
    const r = ok(g('exec7', ['notice', '--state', 'signed', '--office', '7', '--pdf', file]));
    expect(r.stderr).toContain(file);
    const all = [...pending, a, b];
    expect(pdfPages(file)).toBe(all.length);
    const text = pdfText(file);
    for (const regno of all) expect(text).toContain(`Регистрационный номер документов: ${regno}`);
    const usage = g('exec7', ['notice', '--state', 'signed', '--office', '7']);
    expect(usage.code).toBe(2);
  });

  it('records every print in the case history', () => {
    const regno = registerCase();
    ok(g('clerk7', ['talon', regno]));
    ok(g('clerk7', ['--lang', 'kk', 'talon', regno]));
    const history = (JSON.parse(ok(g('clerk7', ['case', regno, '--json'])).stdout) as { history: { step: string; document?: string; lang?: string }[] }).history;
    expect(history.filter((h) => h.step === 'print').map((h) => [h.document, h.lang])).toEqual([
      ['talon', 'ru'],
      ['talon', 'kk'],
    ]);
  });

  it('refuses a PDF path it cannot write before changing anything', () => {
    const r = g('clerk7', ['register', '--iin', '850315400124', '--name', NAME, '--address', 'ул. Абая, 1', '--docs', ALL_DOCS, '--pdf', '/nonexistent/dir/t.pdf']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/nonexistent/dir/t.pdf');
  });
});

describe('templates', () => {
  it('an office edit changes the text and the PDF', () => {
    const own = tmpDir();
    const shipped = fs.readFileSync(path.resolve(__dirname, '..', 'templates', 'talon.ru.txt'), 'utf8');
    fs.writeFileSync(path.join(own, 'talon.ru.txt'), shipped.replace('ТАЛОН', 'ТАЛОН № {regno}'));
    const regno = registerCase();
    const file = path.join(dir, 'edited.pdf');
    const r = ok(g('clerk7', ['talon', regno, '--pdf', file], { GASP_TEMPLATES: own }));
    expect(r.stdout).toContain(`ТАЛОН № ${regno}`);
    expect(pdfText(file)).toContain(`ТАЛОН № ${regno}`);
    // Other templates still come from the shipped folder.
    expect(ok(g('clerk7', ['--lang', 'kk', 'talon', regno], { GASP_TEMPLATES: own })).stdout).toContain('Құрметті');
  });

  it('refuses a template with an unknown placeholder, naming it', () => {
    const own = tmpDir();
    fs.writeFileSync(path.join(own, 'talon.ru.txt'), 'Талон {regno} для {applicant_surname}');
    const regno = registerCase();
    const r = g('clerk7', ['talon', regno], { GASP_TEMPLATES: own });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('{applicant_surname}');
    expect(r.stderr).toContain('applicant_name');
  });
});
