// On a terminal, register asks for what is missing: the real binary in a pseudo-terminal
// (util-linux `script`), answered keystroke by keystroke.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, bin, gasp, json, nextIin, snapshot, tmpDb, tmpDir } from './helpers';

let db: string;
beforeAll(() => {
  db = tmpDb();
  const env = { GASP_NOW: '2013-01-21T10:00:00+06:00' };
  expect(gasp(['--db', db, 'init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов'], { env }).code).toBe(0);
  expect(gasp(['--db', db, '--as', 'admin', 'staff', 'add', 'clerk7', '--name', 'Айгерим Жумабаева', '--role', 'clerk', '--office', '7'], { env }).code).toBe(0);
});

/** Runs gasp on a pseudo-terminal; each step waits for a text on the screen, then types. */
function onTerminal(args: string[], steps: [RegExp, string][], env: Record<string, string> = { GASP_NOW: '2013-01-21T10:00:00+06:00' }): Promise<{ code: number; screen: string }> {
  const cmd = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
    env: { ...baseEnv({ ...env, TERM: 'xterm' }), CI: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let from = 0;
  let step = 0;
  // Each step looks only at what appeared since the previous keystrokes, without colour codes.
  const advance = () => {
    while (step < steps.length && steps[step]![0].test(screen.slice(from).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''))) {
      from = screen.length;
      child.stdin.write(steps[step]![1]);
      step++;
    }
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    screen += d;
    advance();
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill(), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: step === steps.length ? (code ?? -1) : -1, screen: screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') });
    });
  });
}

describe('register on a terminal', () => {
  it('asks for the ИИН (re-asking when it is wrong), the name, the address, the documents, and confirms missing ones', async () => {
    const { code, screen } = await onTerminal(
      ['--db', db, '--as', 'clerk7', 'register'],
      [
        [/ИИН/, '850315400125\r'],
        [/контрольная/, '\x7f4\r'],
        [/ФИО заявителя/, 'Әлия Нұрланова\r'],
        [/Адрес/, 'ул. Абая, 1\r'],
        [/Телефон/, '\r'],
        [/Язык документов/, '\r'], // Russian, the --lang
        [/Документы/, ' '], // tick the first document,
        [/◉ Заявление/, '\x1b[B'], // go down,
        [/❯◯ Документ/, ' '], // tick the second,
        [/◉ Документ/, '\r'], // submit
        [/\(д\/н\)/, 'x\r'], // neither yes nor no: asked again,
        [/Ответьте «д» \(да\) или «н» \(нет\)/, '\x7fд\r'], // д is yes
      ],
    );
    expect(code, screen).toBe(0);
    const flat = screen.replace(/\s+/g, ' ');
    // The key help and the question are in Russian, the question names the documents.
    expect(flat).toContain('пробел отметить');
    expect(flat).toContain('Не представлены обязательные документы: Сведения о составе семьи; Сведения о доходах членов семьи; Адресная справка о месте жительства. Всё равно зарегистрировать? (д/н)');
    expect(flat).not.toMatch(/\b(income|family|address)\b/);
    expect(flat).toContain('Телефон (Enter — пропустить)');
    expect(screen).toContain('Уважаемая Әлия Нұрланова, Ваши документы приняты «21» января 2013 года, регистрационный номер документов 07-2013-00001.');
    const c = json<{ docs: string[]; missing_docs: string[] }>(gasp(['--db', db, '--as', 'clerk7', 'case', '07-2013-00001', '--json']));
    expect(c.docs).toEqual(['application', 'identity']);
    expect(c.missing_docs).toEqual(['family', 'income', 'address']);
  });

  it('takes no number when the clerk declines to register without the documents', async () => {
    const { code, screen } = await onTerminal(
      ['--db', db, '--as', 'clerk7', 'register', '--iin', '850315400124', '--name', 'Серік Болатұлы', '--address', 'ул. Абая, 2', '--phone', ''],
      [
        [/Язык документов/, '\r'],
        [/Документы/, '\r'],
        [/\(д\/н\)/, 'н\r'],
      ],
    );
    expect(code, screen).toBe(1);
    expect(screen).toContain('Регистрация отменена');
    const list = json<unknown[]>(gasp(['--db', db, '--as', 'clerk7', 'cases', '--json']));
    expect(list).toHaveLength(1);
  });

  it('stops at Ctrl-C with «Отменено.», exit 130, and writes nothing', async () => {
    const before = snapshot(db);
    for (const steps of [
      [[/ИИН/, '\x03']],
      [[/ИИН/, '850315400124\r'], [/ФИО заявителя/, 'Серік Болатұлы\r'], [/Адрес/, 'ул. Абая, 2\r'], [/Телефон/, '\r'], [/Язык документов/, '\r'], [/Документы/, '\r'], [/\(д\/н\)/, '\x03']],
    ] as [RegExp, string][][]) {
      const { code, screen } = await onTerminal(['--db', db, '--as', 'clerk7', 'register'], steps);
      expect(code, screen).toBe(130);
      expect(screen).toContain('Отменено.');
      expect(screen).not.toMatch(/ExitPromptError|Внутренняя ошибка|force closed/);
    }
    expect(json<unknown[]>(gasp(['--db', db, '--as', 'clerk7', 'cases', '--json']))).toHaveLength(1);
    expect(snapshot(db)).toBe(before);
  });

  it('asks in Kazakh, answered with и', async () => {
    const { code, screen } = await onTerminal(
      ['--db', db, '--as', 'clerk7', '--lang', 'kk', 'register'],
      [
        [/ЖСН/, `${nextIin()}\r`],
        [/Т\.А\.Ә\./, 'Айгүл Серікқызы\r'],
        [/Мекенжай/, 'Абай к-сі, 3\r'],
        [/Телефон/, '\r'],
        [/құжаттарының тілі/, '\r'],
        [/Құжаттар/, ' '],
        [/◉ Мемлекеттік/, '\r'],
        [/\(и\/ж\)/, 'и\r'],
      ],
    );
    expect(code, screen).toBe(0);
    const flat = screen.replace(/\s+/g, ' ');
    expect(flat).toContain('Телефон (Enter — өткізіп жіберу)');
    expect(flat).toContain('бос орын белгілеу');
    expect(flat).toContain('Жеке басын куәландыратын құжат; Отбасы құрамы туралы мәліметтер');
    expect(flat).not.toMatch(/пропустить|Press|space|\(y\/N\)/);
    expect(flat).toContain('Сіздің құжаттарыңыз 2013 жылғы 21 қаңтарда қабылданды');
    const c = json<{ docs: string[] }>(gasp(['--db', db, '--as', 'clerk7', 'case', '07-2013-00002', '--json']));
    expect(c.docs).toEqual(['application']);
  });
});

describe('passwords on a terminal', () => {
  it('asks for the password without showing it, and a new one twice', async () => {
    const pdb = path.join(tmpDir(), 'gasp.sqlite');
    const init = gasp(['--db', pdb, 'init', '--auth', 'password', '--admin', 'admin', '--name', 'Админ Админов'], { env: { GASP_PASSWORD: 'admin-secret-1' } });
    expect(init.code, init.stderr).toBe(0);
    const { code, screen } = await onTerminal(
      ['--db', pdb, '--as', 'admin', 'passwd'],
      [
        [/Пароль admin:/, 'admin-secret-1\r'],
        [/Новый пароль admin:/, 'brand-new-pass\r'],
        [/Новый пароль ещё раз:/, 'brand-new-pass\r'],
      ],
      {},
    );
    expect(code, screen).toBe(0);
    expect(screen).toContain('Пароль admin изменён.');
    expect(screen).not.toContain('admin-secret-1');
    expect(screen).not.toContain('brand-new-pass');
    expect(gasp(['--db', pdb, '--as', 'admin', 'staff', 'list'], { env: { GASP_PASSWORD: 'brand-new-pass' } }).code).toBe(0);
    expect(gasp(['--db', pdb, '--as', 'admin', 'staff', 'list'], { env: { GASP_PASSWORD: 'admin-secret-1' } }).code).toBe(1);
  });
});

describe('review on a terminal', () => {
  it('walks the executor through a family member and an income with the running total, then determines', async () => {
    const env = { GASP_NOW: '2013-01-21T10:00:00+06:00' };
    for (const args of [
      ['staff', 'add', 'head7', '--name', 'Болат Ерланович Ахметов', '--role', 'head', '--office', '7'],
      ['staff', 'add', 'exec7', '--name', 'Дина Маратовна Касымова', '--role', 'executor', '--office', '7'],
    ]) {
      expect(gasp(['--db', db, '--as', 'admin', ...args], { env }).code).toBe(0);
    }
    const reg = json<{ regno: string }>(gasp(['--db', db, '--as', 'clerk7', '--no-input', '--json', 'register', '--iin', nextIin(), '--name', 'Гүлнар Сәрсенова', '--address', 'ул. Абая, 7', '--phone', '', '--docs', 'application,identity,family,income,address'], { env }));
    expect(gasp(['--db', db, '--as', 'head7', 'assign', reg.regno, '--executor', 'exec7'], { env }).code).toBe(0);
    const { code, screen } = await onTerminal(
      ['--db', db, '--as', 'exec7', 'review', reg.regno],
      [
        [/Что дальше\?/, '\x1b[A\x1b[A\x1b[A\r'], // up from «всё записано» to «добавить члена семьи»
        [/ИИН члена семьи/, '820410300002\r'],
        [/ФИО члена семьи/, 'Ерлан Сәрсенов\r'],
        [/Родство с заявителем/, '\r'], // spouse
        [/Занятость/, '\r'], // working
        [/Что дальше\?/, '\x1b[A\r'], // «добавить доход»
        [/Член семьи/, '\x1b[B\r'], // the spouse
        [/Вид дохода/, '\r'], // wages
        [/Месяц/, '\x1b[B\r'], // 2012-11
        [/Сумма, тенге/, '45 000\r'],
        [/Что дальше\?/, '\r'], // all recorded
      ],
    );
    expect(code, screen).toBe(0);
    expect(screen).toContain('Учтённый доход: 45 000,00 тенге; на человека в месяц: 7 500,00 тенге (÷ 2 ÷ 3).');
    expect(screen).toMatch(/Право на помощь\s+нет: в связи с тем, что среднедушевой доход семьи не ниже черты бедности/);
    const c = json<{ state: string; determination: { n: number; total_tiyn: number; eligible: boolean; incomes: { iin: string; month: string }[] } }>(
      gasp(['--db', db, '--as', 'exec7', 'case', reg.regno, '--json'], { env }),
    );
    expect(c.state).toBe('reviewed');
    expect(c.determination).toMatchObject({ n: 2, total_tiyn: 4500000, eligible: false, incomes: [{ iin: '820410300002', month: '2012-11' }] });
  });
});
