// Help and usage errors end to end: in Russian by default, in Kazakh or English on request,
// every command and option described, the codes a user types listed with their names.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gasp, gaspAsync, root, tmpDb, type RunResult } from './helpers';
import { ROLES, STATES } from '../src/domain/procedure';
import { ru } from '../src/i18n/ru';
import { kk } from '../src/i18n/kk';
import { en } from '../src/i18n/en';

const db = tmpDb();
const run = (args: string[], env: Record<string, string> = {}): RunResult => gasp(args, { env: { GASP_DB: db, ...env } });

const ENGLISH_COMMANDER = /Usage:|Options:|Commands:|Arguments:|display help|output the version|\[options\]|\[command\]|error:|Did you mean/;
const CYRILLIC = /[а-яёәғқңөұүһі]/i;

interface DataName {
  code: string;
  ru: string;
  kk: string;
  en?: string;
}
const data = (name: string): DataName[] => JSON.parse(fs.readFileSync(path.join(root, 'data', name), 'utf8')) as DataName[];

/** The line of a code list that starts with this code. */
function codeLine(out: string, code: string): string {
  const line = out.split('\n').find((l) => new RegExp(`^  ${code.replace(/[-]/g, '\\-')}\\s`).test(l));
  expect(line, `no line for ${code} in\n${out}`).toBeDefined();
  return line!;
}
/** The first words of a label: enough to find it although a long label is wrapped. */
const start = (label: string) => label.split(' ').slice(0, 2).join(' ');

describe('help in the language of --lang or GASP_LANG, Russian by default', () => {
  it('gasp --help is Russian by default, commander words included', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Использование: gasp [параметры] [команда]');
    expect(r.stdout).toContain('Параметры:');
    expect(r.stdout).toContain('Команды:');
    expect(r.stdout).toContain('показать справку по команде');
    expect(r.stdout).toContain('показать номер версии');
    expect(r.stdout).toMatch(/register \[параметры\]\s+шаг 1: зарегистрировать заявление/);
    expect(r.stdout).toMatch(/--db <path>\s+файл базы данных SQLite/);
    expect(r.stdout).toMatch(/help \[команда\]\s+показать справку/);
    expect(r.stdout).not.toMatch(ENGLISH_COMMANDER);
    // Every line fits the 80 columns commander lays out for without a terminal: a long command
    // term (income's arguments) would leave the descriptions no room to wrap in.
    for (const lang of ['ru', 'kk', 'en']) {
      for (const line of run(['--lang', lang, '--help']).stdout.split('\n')) expect([...line].length, `${lang}: ${line}`).toBeLessThanOrEqual(80);
    }
    expect(r.stdout).toMatch(/income \[параметры\] <regno> …\s+шаг 3: доходы семьи/);
  });

  it('--lang kk, --lang=kk and GASP_LANG=kk give Kazakh', () => {
    for (const r of [run(['--lang', 'kk', '--help']), run(['--help', '--lang=kk']), run(['--help'], { GASP_LANG: 'kk' })]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Қолданылуы: gasp [параметрлер] [команда]');
      expect(r.stdout).toContain('Командалар:');
      expect(r.stdout).toMatch(/register \[параметрлер\]\s+1-қадам: өтінішті тіркеу/);
      expect(r.stdout).toContain('команда бойынша анықтаманы көрсету');
      expect(r.stdout).not.toMatch(ENGLISH_COMMANDER);
      expect(r.stdout).not.toContain('Использование');
    }
  });

  it('--lang en gives English', () => {
    const r = run(['--lang', 'en', 'register', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: gasp register [options]');
    expect(r.stdout).toMatch(/--iin <iin>\s+applicant's IIN, 12 digits/);
    expect(r.stdout).toContain('display help for command');
    expect(r.stdout).not.toMatch(/Использование|Параметры/);
  });

  it('gasp with no arguments shows the help, in the language asked for', () => {
    const r = run([]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).toContain('Использование: gasp [параметры] [команда]');
    const k = run([], { GASP_LANG: 'kk' });
    expect(k.stdout + k.stderr).toContain('Қолданылуы:');
  });

  it('a subcommand group and a nested command are described too', () => {
    const staff = run(['staff', '--help']);
    expect(staff.stdout).toContain('Использование: gasp staff [параметры] [команда]');
    expect(staff.stdout).toMatch(/add \[параметры\] <login>\s+добавить сотрудника/);
    expect(staff.stdout).toMatch(/disable \[параметры\] <login>\s+отключить учётную запись/);
    const set = run(['help', 'calendar']);
    expect(set.stdout).toMatch(/set \[параметры\] <date> <kind>\s+сделать день выходным или рабочим/);
    const exp = run(['export', 'register', '--help']);
    expect(exp.stdout).toContain('Использование: gasp export register [параметры]');
    expect(exp.stdout).toMatch(/--date <date>\s+день, ГГГГ-ММ-ДД/);
  });
});

describe('the codes a user types are listed with their names', () => {
  it('register --help lists the document codes of data/documents.json with their names', () => {
    for (const lang of ['ru', 'kk'] as const) {
      const r = run(['--lang', lang, 'register', '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(lang === 'ru' ? 'Коды документов для --docs' : '--docs үшін құжат кодтары');
      for (const d of data('documents.json')) expect(codeLine(r.stdout, d.code)).toContain(start(d[lang]));
    }
    // the required ones are marked
    const out = run(['register', '--help']).stdout;
    expect(codeLine(out, 'identity')).toMatch(/\* Документ, удостоверяющий личность/);
    expect(codeLine(out, 'farm')).not.toContain('*');
  });

  it('draft --help lists the refusal reasons of data/reasons.json with their labels', () => {
    for (const lang of ['ru', 'kk', 'en'] as const) {
      const r = run(['--lang', lang, 'draft', '--help']);
      expect(r.code).toBe(0);
      for (const reason of data('reasons.json')) expect(codeLine(r.stdout, reason.code)).toContain(start(reason[lang]!));
    }
  });

  it('cases and export cases --help list the states with their names', () => {
    for (const args of [['cases', '--help'], ['export', 'cases', '--help']]) {
      const r = run(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Состояния для --state:');
      for (const s of STATES) expect(codeLine(r.stdout, s)).toContain(ru[`state.${s}`]);
    }
    const k = run(['--lang', 'kk', 'cases', '--help']);
    for (const s of STATES) expect(codeLine(k.stdout, s)).toContain(kk()[`state.${s}`]);
  });

  it('staff add --help lists the roles with their names', () => {
    const r = run(['staff', 'add', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Роли для --role:');
    for (const role of ROLES) expect(codeLine(r.stdout, role)).toContain(ru[`role.${role}`]);
    const e = run(['--lang', 'en', 'staff', 'add', '--help']);
    for (const role of ROLES) expect(codeLine(e.stdout, role)).toContain(en()[`role.${role}`]);
  });
});

describe('usage errors: one sentence in the language, exit 2', () => {
  const usage = (args: string[], env: Record<string, string> = {}) => {
    const r = run(args, env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(ENGLISH_COMMANDER);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    return r.stderr;
  };

  it('an unknown command, with the suggestion', () => {
    expect(usage(['regster'])).toBe('Неизвестная команда «regster». Возможно, вы имели в виду register?\n');
    expect(usage(['regster'], { GASP_LANG: 'kk' })).toBe('«regster» деген команда жоқ. Мүмкін, register деп жазғыңыз келген шығар?\n');
    expect(run(['--lang', 'en', 'regster']).stderr).toBe('Unknown command "regster". Did you mean register?\n');
    expect(usage(['staff', 'frobnicate'])).toBe('Неизвестная команда «frobnicate»: список команд — gasp staff --help.\n');
  });

  it('an unknown option', () => {
    expect(usage(['register', '--iim', '850315400124'])).toBe('Неизвестный параметр «--iim». Возможно, вы имели в виду --iin?\n');
    expect(usage(['cases', '-z'])).toBe('Неизвестный параметр «-z» у команды «gasp cases»: список параметров — gasp cases --help.\n');
  });

  it('a missing required option, named with what it is', () => {
    expect(usage(['assign', '07-2013-00001'])).toBe(
      'Команде «gasp assign» нужен параметр --executor <login>: логин ответственного исполнителя.\n',
    );
    expect(usage(['--lang', 'kk', 'staff', 'add', 'bolat', '--role', 'head'])).toBe(
      '«gasp staff add» командасына --name <fio> параметрі қажет: қызметкердің аты-жөні.\n',
    );
    // no "(listed below)" in an error, where nothing is listed below
    expect(usage(['staff', 'add', 'bolat', '--name', 'Болат Ахметов'])).toBe('Команде «gasp staff add» нужен параметр --role <role>: роль сотрудника.\n');
  });

  it('a missing argument, named with what it is', () => {
    expect(usage(['case'])).toBe('Команде «gasp case» не хватает аргумента <regno>: регистрационный номер ОО-ГГГГ-NNNNN.\n');
    expect(usage(['calendar', 'set', '2013-03-09'])).toBe('Команде «gasp calendar set» не хватает аргумента <kind>: off — выходной, work — рабочий день.\n');
  });

  it('an option without its value', () => {
    expect(usage(['register', '--iin'])).toBe('У параметра --iin <iin> не указано значение: ИИН заявителя, 12 цифр.\n');
    expect(usage(['--db'])).toMatch(/^У параметра --db <path> не указано значение: файл базы данных SQLite/);
  });

  it('too many arguments', () => {
    expect(usage(['sign', '07-2013-00001', '07-2013-00002'])).toBe('Лишние аргументы «07-2013-00002»: команда принимает только gasp sign <regno>.\n');
    expect(usage(['staff', 'list', 'all'])).toBe('Команда «gasp staff list» не принимает аргументов, а передано: «all».\n');
  });

  it('nothing is written for a usage error', () => {
    const fresh = tmpDb();
    const r = gasp(['register', '--iim', '850315400124'], { env: { GASP_DB: fresh } });
    expect(r.code).toBe(2);
    expect(fs.existsSync(fresh)).toBe(false);
  });
});

/** The item lines (term and description) of the sections commander writes, by heading. */
function items(out: string, headings: string[]): { heading: string; term: string; description: string }[] {
  const found: { heading: string; term: string; description: string }[] = [];
  let heading = '';
  for (const line of out.split('\n')) {
    if (/^\S.*:$/.test(line)) heading = line;
    else if (!line.trim()) continue;
    else if (headings.includes(heading) && /^ {2}\S/.test(line)) {
      const [term, description = ''] = line.trim().split(/\s{2,}/);
      found.push({ heading, term: term!, description });
    }
  }
  return found;
}

async function walk(lang: string, prefix: string[] = [], seen = new Map<string, string>()): Promise<Map<string, string>> {
  const args = prefix.length ? [...prefix, '--help'] : ['help'];
  const r = await gaspAsync(['--lang', lang, ...args], { env: { GASP_DB: db } });
  expect(r.code, r.stderr).toBe(0);
  seen.set(prefix.join(' '), r.stdout);
  const commands = items(r.stdout, [{ ru: 'Команды:', kk: 'Командалар:', en: 'Commands:' }[lang]!])
    .map((i) => i.term.split(' ')[0]!)
    .filter((name) => name !== 'help');
  await Promise.all(commands.map((name) => walk(lang, [...prefix, name], seen)));
  return seen;
}

describe('every command, nested ones too, is described in the language', () => {
  it('walks the commands: no description or option help is left in English under ru and kk', async () => {
    for (const lang of ['ru', 'kk']) {
      const helps = await walk(lang);
      expect([...helps.keys()]).toEqual(expect.arrayContaining(['', 'staff', 'staff add', 'staff disable', 'export register', 'export cases', 'calendar set', 'register', 'draft', 'import']));
      const headings = lang === 'ru' ? ['Параметры:', 'Команды:', 'Аргументы:'] : ['Параметрлер:', 'Командалар:', 'Аргументтер:'];
      for (const [command, out] of helps) {
        expect(out, command).not.toMatch(ENGLISH_COMMANDER);
        // the command's own description: the paragraph after the usage line
        const description = out.split('\n')[2]!;
        expect(description, `gasp ${command}`).toMatch(CYRILLIC);
        for (const item of items(out, headings)) {
          expect(item.description, `gasp ${command}: ${item.term}`).toMatch(CYRILLIC);
        }
      }
    }
  }, 60_000);

  it('and the English help has no Russian left in its descriptions', async () => {
    const helps = await walk('en');
    for (const [command, out] of helps) {
      for (const item of items(out, ['Options:', 'Commands:', 'Arguments:'])) {
        expect(item.description, `gasp ${command}: ${item.term}`).not.toMatch(CYRILLIC);
        expect(item.description, `gasp ${command}: ${item.term}`).not.toBe('');
      }
    }
  }, 60_000);
});
