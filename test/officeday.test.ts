// End-to-end: a real office's day — reassigning and handing over cases, finding them by name,
// ИИН and phone, refusing duplicates, correcting before signing, who sees which case, the
// applicant's document language, and the dates a registration may carry.
import { beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../src/domain/iin';
import { explainCases } from '../src/store/cases';
import { openStore } from '../src/store/db';
import { json, nextIin, officeDb, officeTemplate, refused, sqliteOnly } from './helpers';

interface Case {
  regno: string;
  state: string;
  office: number;
  iin: string;
  name: string;
  birth_date: string;
  sex: string;
  phone: string | null;
  executor: string | null;
  docs: string[];
  missing_docs: string[];
  doc_lang: string;
  deadline: string | null;
  history?: { step: string; actor: string; [k: string]: unknown }[];
}

const ALL_DOCS = 'application,identity,family,income,address';
const T0 = '2013-01-21T10:00:00+06:00';
const MAN = '751111300120'; // born 11.11.1975, a man

let template: string;

beforeAll(() => {
  template = officeTemplate([
    ['clerk7', 'Айгерим Сапаровна Жумабаева', 'clerk', ['--office', '7']],
    ['head7', 'Болат Ерланович Ахметов', 'head', ['--office', '7']],
    ['exec7', 'Дина Маратовна Касымова', 'executor', ['--office', '7']],
    ['exec7b', 'Ерлан Серикович Ибраев', 'executor', ['--office', '7']],
    ['clerk15', 'Сауле Талгаровна Омарова', 'clerk', ['--office', '15']],
    ['head15', 'Марат Нурланович Сеитов', 'head', ['--office', '15']],
    ['exec15', 'Асель Муратовна Бекова', 'executor', ['--office', '15']],
    ['akim0701', 'Нурлан Аскарович Жаксыбеков', 'akimat', ['--akimat', '07-01']],
    ['akim0702', 'Ержан Болатович Сапаров', 'akimat', ['--akimat', '07-02']],
  ]);
});

function fresh() {
  const { db, g, ok } = officeDb(template, T0);
  const reg = (extra: string[] = [], opts: { as?: string; iin?: string; name?: string; now?: string } = {}): Case =>
    json<Case>(
      ok(
        opts.as ?? 'clerk7',
        ['register', '--iin', opts.iin ?? nextIin(), '--name', opts.name ?? 'Әлия Құрманқызы Нұрланова', '--address', 'пос. Отеген батыр, ул. Титова, 12', '--docs', ALL_DOCS, '--json', ...extra],
        opts.now,
      ),
    );
  const view = (regno: string, as = 'admin') => json<Case>(ok(as, ['case', regno, '--json']));
  return { db, g, ok, reg, view };
}

describe('reassign', () => {
  it('gives a case to another executor of the office, one event, the deadline unchanged', () => {
    const { db, g, ok, reg, view } = fresh();
    const c = reg();
    ok('head7', ['assign', c.regno, '--executor', 'exec7']);
    const before = view(c.regno);
    const r = ok('head7', ['reassign', c.regno, '--executor', 'exec7b', '--comment', 'Дина на больничном'], '2013-01-21T11:00:00+06:00');
    expect(r.stdout).toContain(c.regno);
    const after = view(c.regno);
    expect(after.executor).toBe('exec7b');
    expect(after.state).toBe('assigned');
    expect(after.deadline).toBe(before.deadline);
    expect(after.history).toHaveLength(before.history!.length + 1);
    expect(after.history!.at(-1)).toMatchObject({ step: 'reassign', actor: 'head7', from: 'exec7', to: 'exec7b', comment: 'Дина на больничном' });
    // The case card tells it in words, with names.
    const card = g('head7', ['case', c.regno], '2013-01-21T11:00:00+06:00', { COLUMNS: '400' }).stdout;
    expect(card).toContain('Болат Ерланович Ахметов (head7): Исполнитель заменён: Дина Маратовна Касымова (exec7) → Ерлан Серикович Ибраев (exec7b)');
    expect(card).toContain('Дина Маратовна Касымова (exec7)');
    expect(card).toContain('Ерлан Серикович Ибраев (exec7b)');
    expect(card).toContain('Дина на больничном');
    // The old executor may no longer move it; the new one may.
    refused(db, () => g('exec7', ['review', c.regno]), /exec7b/);
    ok('exec7b', ['review', c.regno], '2013-01-21T12:00:00+06:00');
    ok('head7', ['reassign', c.regno, '--executor', 'exec7', '--comment', 'вернулась'], '2013-01-21T12:10:00+06:00');
    expect(view(c.regno)).toMatchObject({ state: 'reviewed', executor: 'exec7' });
  });

  it('is refused to other roles and offices, to the same or a foreign executor, and before assignment or after signing', () => {
    const { db, g, ok, reg } = fresh();
    const c = reg();
    refused(db, () => g('head7', ['reassign', c.regno, '--executor', 'exec7b', '--comment', 'x']), /зарегистрировано/);
    ok('head7', ['assign', c.regno, '--executor', 'exec7']);
    refused(db, () => g('clerk7', ['reassign', c.regno, '--executor', 'exec7b', '--comment', 'x']), /«передача дела другому исполнителю»: это делает руководитель/);
    refused(db, () => g('head15', ['reassign', c.regno, '--executor', 'exec15', '--comment', 'x']), /не найдено в вашем отделе/);
    refused(db, () => g('head7', ['reassign', c.regno, '--executor', 'exec15', '--comment', 'x']), /«exec15»/, /отдела 07/);
    refused(db, () => g('head7', ['reassign', c.regno, '--executor', 'exec7', '--comment', 'x']), /уже у исполнителя exec7/);
    const noComment = g('head7', ['reassign', c.regno, '--executor', 'exec7b']);
    expect(noComment.code).toBe(2);
    expect(noComment.stderr).toMatch(/--comment/);
    ok('exec7', ['review', c.regno]);
    ok('exec7', ['draft', c.regno, '--grant']);
    ok('head7', ['sign', c.regno]);
    refused(db, () => g('head7', ['reassign', c.regno, '--executor', 'exec7b', '--comment', 'x']), /подписано/);
  });
});

describe('staff disable and enable', () => {
  it('refuses while the person has open cases, and hands them all over in one go', () => {
    const { db, g, ok, reg, view } = fresh();
    const [a, b, done] = [reg(), reg(), reg()];
    for (const c of [a, b, done]) ok('head7', ['assign', c.regno, '--executor', 'exec7']);
    for (const c of [b, done]) {
      ok('exec7', ['review', c.regno]);
      ok('exec7', ['draft', c.regno, '--grant']);
      ok('head7', ['sign', c.regno]);
    }
    ok('exec7', ['issue', done.regno, '--in-person']);
    refused(db, () => g('admin', ['staff', 'disable', 'exec7']), /открытых дел: 2/, /--handover/);
    refused(db, () => g('admin', ['staff', 'disable', 'exec7', '--handover', 'exec15']), /«exec15»/);
    refused(db, () => g('admin', ['staff', 'disable', 'exec7', '--handover', 'clerk7']), /«clerk7»/);
    refused(db, () => g('admin', ['staff', 'disable', 'exec7', '--handover', 'exec7']), /нельзя передать тому же сотруднику/);
    const r = ok('admin', ['staff', 'disable', 'exec7', '--handover', 'exec7b', '--comment', 'увольнение']);
    expect(r.stderr).toContain('Передано дел: 2');
    expect(view(a.regno).executor).toBe('exec7b');
    expect(view(b.regno).executor).toBe('exec7b');
    expect(view(done.regno).executor).toBe('exec7');
    expect(view(b.regno).history!.at(-1)).toMatchObject({ step: 'reassign', actor: 'admin', from: 'exec7', to: 'exec7b', handover: true, comment: 'увольнение' });
    const staff = json<{ login: string; disabled: boolean }[]>(ok('admin', ['staff', 'list', '--json']));
    expect(staff.find((s) => s.login === 'exec7')!.disabled).toBe(true);
    refused(db, () => g('exec7', ['case', a.regno]), /отключена/);
    refused(db, () => g('head7', ['reassign', a.regno, '--executor', 'exec7', '--comment', 'x']), /«exec7»/);
    // Enabled again, the executor works as before.
    ok('admin', ['staff', 'enable', 'exec7']);
    refused(db, () => g('admin', ['staff', 'enable', 'exec7']), /не отключена/);
    ok('head7', ['reassign', a.regno, '--executor', 'exec7', '--comment', 'вернулась']);
    ok('exec7', ['review', a.regno]);
  });

  it('disables someone without open cases at once', () => {
    const { ok } = fresh();
    ok('admin', ['staff', 'disable', 'exec7b']);
    const staff = json<{ login: string; disabled: boolean }[]>(ok('admin', ['staff', 'list', '--json']));
    expect(staff.find((s) => s.login === 'exec7b')!.disabled).toBe(true);
  });
});

describe('finding cases', () => {
  it('by name in Cyrillic, Kazakh or Latin, any case, word by word', () => {
    const { ok, reg } = fresh();
    const a = reg([], { name: 'Әлия Құрманқызы Нұрланова' });
    reg([], { name: 'Ерлан Нурланов' });
    reg([], { name: 'Серік Болатұлы Жақсылықов' });
    const names = (args: string[]) => json<Case[]>(ok('clerk7', ['cases', ...args, '--json'])).map((c) => c.name);
    for (const q of ['нурланова', 'НУРЛАНОВА', 'nurlanova', 'Нұрланова', 'нурланова алия', 'Aliya Nurlan']) {
      expect(names(['--name', q]), q).toEqual([a.name]);
    }
    expect(names(['--name', 'нурлан']).sort()).toEqual(['Ерлан Нурланов', 'Әлия Құрманқызы Нұрланова'].sort());
    expect(names(['--name', 'жаксылыков'])).toEqual(['Серік Болатұлы Жақсылықов']);
    expect(names(['--name', 'иванов'])).toEqual([]);
  });

  it('by ИИН (whole, or its first 6 digits and more) and by phone, however it was typed', () => {
    const { db, g, ok, reg } = fresh();
    const a = reg(['--phone', '8-701-555-12-34'], { iin: MAN, name: 'Серік Болатұлы Жақсылықов' });
    reg([], { name: 'Другая Заявительница' });
    const regnos = (args: string[]) => json<Case[]>(ok('clerk7', ['cases', ...args, '--json'])).map((c) => c.regno);
    expect(regnos(['--iin', MAN])).toEqual([a.regno]);
    expect(regnos(['--iin', '751111'])).toEqual([a.regno]);
    expect(regnos(['--iin', '7511113'])).toEqual([a.regno]);
    expect(regnos(['--iin', '751112'])).toEqual([]);
    refused(db, () => g('clerk7', ['cases', '--iin', '75111']), /«75111»/, /6/);
    for (const p of ['87015551234', '+7 701 555 12 34', '555-12-34', '1234']) expect(regnos(['--phone', p]), p).toEqual([a.regno]);
    expect(regnos(['--phone', '9999999'])).toEqual([]);
  });

  it('gasp find tries the registration number, the ИИН and the name at once', () => {
    const { ok, reg } = fresh();
    const a = reg([], { iin: MAN, name: 'Серік Болатұлы Жақсылықов' });
    const b = reg([], { name: 'Әлия Нұрланова' });
    const found = (text: string[]) => json<Case[]>(ok('clerk7', ['find', ...text, '--json'])).map((c) => c.regno);
    expect(found([a.regno])).toEqual([a.regno]);
    expect(found(['7-2013-2'])).toEqual([b.regno]);
    expect(found([MAN])).toEqual([a.regno]);
    expect(found(['751111'])).toEqual([a.regno]);
    expect(found(['serik', 'zhaksylykov'])).toEqual([a.regno]);
    expect(found(['НҰРЛАНОВА'])).toEqual([b.regno]);
    const none = ok('clerk7', ['find', 'иванов']);
    expect(none.stderr).toContain('Дел не найдено.');
  });

  it('pages on a terminal and says how many there are in all', () => {
    const { db, g, ok, reg } = fresh();
    for (let i = 0; i < 5; i++) reg([], { name: `Заявитель Номер ${i}` });
    const page2 = json<Case[]>(ok('clerk7', ['cases', '--limit', '2', '--page', '2', '--json']));
    expect(page2.map((c) => c.regno)).toEqual(['07-2013-00003', '07-2013-00002']);
    const human = ok('clerk7', ['cases', '--limit', '2', '--page', '2']);
    expect(human.stdout).toContain('07-2013-00003');
    expect(human.stdout).not.toContain('07-2013-00005');
    expect(human.stderr).toContain('Показаны 3–4 из 5.');
    expect(human.stderr).toContain('Следующая страница: --page 3 --limit 2.');
    const beyond = ok('clerk7', ['cases', '--limit', '2', '--page', '9']);
    expect(beyond.stdout).toBe('');
    expect(beyond.stderr).toContain('На странице 9 дел нет: всего 5, последняя страница — 3.');
    const last = ok('clerk7', ['cases', '--limit', '2', '--page', '3']);
    expect(last.stderr).toContain('Показаны 5–5 из 5.');
    expect(last.stderr).not.toContain('Следующая');
    const all = ok('clerk7', ['cases']);
    expect(all.stderr).toContain('Показаны 1–5 из 5.');
    expect(json<Case[]>(ok('clerk7', ['cases', '--json']))).toHaveLength(5);
    const bad = g('clerk7', ['cases', '--page', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/«0»/);
    expect(g('clerk7', ['cases', '--limit', 'many']).code).toBe(2);
    void db;
  });

  it('shows in an 80-column overdue list whose case it is and how late, and in the case list the date', () => {
    const { ok, g, reg } = fresh();
    const a = reg([], { name: 'Гүлнұр Ерболқызы Нұрмағанбетова' });
    ok('head7', ['assign', a.regno, '--executor', 'exec7']);
    reg([], { name: 'Серік Болатұлы Жақсылықов', now: '2013-01-25T09:50:00+06:00' });
    const late = g('head7', ['overdue'], '2013-01-25T10:00:00+06:00', { COLUMNS: '80' });
    expect(late.code).toBe(0);
    for (const line of late.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(late.stdout).toContain('Дина Маратовн');
    expect(late.stdout).toMatch(/просрочено на 3 дн/);
    const list = g('head7', ['cases'], '2013-01-25T10:00:00+06:00', { COLUMNS: '80' });
    for (const line of list.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(list.stdout).toContain('25.01.13 10:20');
    expect(list.stdout).toMatch(/просрочено на 3 дн/);
  });

  it('accepts the state as the word a screen shows', () => {
    const { db, g, ok, reg } = fresh();
    const a = reg();
    reg();
    ok('head7', ['assign', a.regno, '--executor', 'exec7']);
    refused(db, () => g('clerk7', ['cases', '--state', 'готово']), /«готово»/, /registered \(зарегистрировано\)/, /withdrawn \(отозвано заявителем\)/);
    for (const s of ['assigned', 'исполнитель назначен', 'Исполнитель назначен']) {
      expect(json<Case[]>(ok('clerk7', ['cases', '--state', s, '--json'])).map((c) => c.regno), s).toEqual([a.regno]);
    }
  });

  // SQLite's query plans (test/plans.test.ts has the rest).
  it.skipIf(sqliteOnly)('keeps every search on an index: no scan of the cases table', async () => {
    const { db, reg } = fresh();
    reg();
    const s = await openStore(db);
    try {
      const filters = [
        { scope: { office: 7 }, words: ['нурланова'] },
        { scope: { office: 7 }, words: ['нурланова', 'алия'] },
        { words: ['nurlanova'] },
        { scope: { office: 7 }, iin: MAN },
        { scope: { akimat: '07-01' }, words: ['нурланова'] },
        { scope: { office: 7 }, state: 'registered', words: ['нурланова'] },
        { scope: { office: 7 }, iinPrefix: '751111' },
        { scope: { office: 7 }, phone: '4321' },
        { scope: { office: 7 }, any: { iinPrefix: '751111', phone: '111157', words: ['нурланова'] } },
      ];
      for (const f of filters) {
        const plan = (await explainCases(s.db, { ...f, order: 'newest', limit: 50 })).join(' | ');
        // The search's own index drives the query: never a scan, not even of the office's cases.
        expect(plan, JSON.stringify(f)).not.toMatch(/SCAN (cases|case_words)/);
        expect(plan, JSON.stringify(f)).not.toMatch(/cases_(office|akimat)_registered/);
        expect(plan, JSON.stringify(f)).toMatch(/case_words USING PRIMARY KEY \(word>\? AND word<\?\)|cases_iin \(iin|cases_phone \(phone_key/);
      }
    } finally {
      await s.close();
    }
  });
});

describe('duplicates', () => {
  it('refuses a second open case of an ИИН anywhere, naming it, and takes no number', () => {
    const { db, g, ok, reg, view } = fresh();
    const first = reg([], { iin: MAN, name: 'Серік Болатұлы Жақсылықов' });
    const args = ['register', '--iin', MAN, '--name', 'Серик Жаксылыков', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS];
    refused(db, () => g('clerk7', args), new RegExp(first.regno), /отдел 07/, /«зарегистрировано»/, /--duplicate-ok/);
    refused(db, () => g('clerk15', args), new RegExp(first.regno), /отдел 07/);
    refused(db, () => g('akim0701', args), new RegExp(first.regno));
    expect(g('clerk7', [...args, '--duplicate-ok']).code).toBe(2);
    const second = json<Case>(ok('clerk7', [...args, '--duplicate-ok', '--comment', 'заявитель подаёт за другую семью', '--json']));
    expect(second.regno).toBe('07-2013-00002');
    expect(view(second.regno).history![0]).toMatchObject({ step: 'register', duplicate_ok: true, duplicate_of: first.regno, comment: 'заявитель подаёт за другую семью' });
    // Once the cases are closed, the ИИН registers freely.
    ok('clerk7', ['withdraw', first.regno, '--comment', 'отозвал']);
    ok('clerk7', ['withdraw', second.regno, '--comment', 'отозвал']);
    expect(g('clerk15', args).code).toBe(0);
  });

  it('warns of a grant to the same ИИН in the same quarter', () => {
    const { ok, reg } = fresh();
    const c = reg([], { iin: MAN, name: 'Серік Болатұлы Жақсылықов' });
    ok('head7', ['assign', c.regno, '--executor', 'exec7']);
    ok('exec7', ['review', c.regno]);
    ok('exec7', ['draft', c.regno, '--grant']);
    ok('head7', ['sign', c.regno], '2013-01-22T10:00:00+06:00');
    ok('exec7', ['issue', c.regno, '--in-person'], '2013-01-22T10:10:00+06:00');
    const again = ok('clerk7', ['register', '--iin', MAN, '--name', 'Серік Болатұлы Жақсылықов', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS], '2013-03-01T10:00:00+06:00');
    expect(again.stderr).toContain(`уже назначена помощь — дело ${c.regno} (отдел 07, подписано 22.01.2013)`);
    const nextQuarter = ok('clerk15', ['register', '--iin', MAN, '--name', 'Серік Болатұлы Жақсылықов', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS, '--duplicate-ok', '--comment', 'x'], '2013-04-02T10:00:00+06:00');
    expect(nextQuarter.stderr).not.toContain('уже назначена помощь');
  });
});

describe('corrections', () => {
  it('keeps every old and new value in one event and re-derives birth date and sex from a new ИИН', () => {
    const { ok, reg, view } = fresh();
    const c = reg(['--phone', '8 701 000 00 00'], { name: 'Серик Жаксылыкв' });
    const r = ok('clerk7', ['correct', c.regno, '--name', 'Серік Болатұлы Жақсылықов', '--iin', MAN, '--phone', '8 701 555 12 34', '--comment', 'опечатки при приёме']);
    expect(r.stderr).toContain('исправлено');
    const after = view(c.regno);
    expect(after).toMatchObject({ name: 'Серік Болатұлы Жақсылықов', iin: MAN, birth_date: '1975-11-11', sex: 'male', phone: '8 701 555 12 34', state: 'registered' });
    const e = after.history!.at(-1)!;
    expect(e).toMatchObject({ step: 'correct', actor: 'clerk7', comment: 'опечатки при приёме' });
    expect(e.changes).toEqual({
      name: { old: 'Серик Жаксылыкв', new: 'Серік Болатұлы Жақсылықов' },
      phone: { old: '8 701 000 00 00', new: '8 701 555 12 34' },
      iin: { old: c.iin, new: MAN },
      birth_date: { old: '1985-03-15', new: '1975-11-11' },
      sex: { old: 'female', new: 'male' },
    });
    // The search follows the correction.
    const byName = (q: string) => json<Case[]>(ok('clerk7', ['cases', '--name', q, '--json'])).map((x) => x.regno);
    expect(byName('жаксылыков')).toEqual([c.regno]);
    expect(byName('жаксылыкв')).toEqual([]);
    expect(json<Case[]>(ok('clerk7', ['cases', '--phone', '5551234', '--json']))).toHaveLength(1);
    // Documents: the whole list, the missing ones recomputed.
    ok('head7', ['correct', c.regno, '--docs', 'application,identity', '--comment', 'справки не было']);
    expect(view(c.regno)).toMatchObject({ docs: ['application', 'identity'], missing_docs: ['family', 'income', 'address'] });
  });

  it('refuses a bad value, a duplicate ИИН, the wrong people, and anything after signing', () => {
    const { db, g, ok, reg } = fresh();
    const other = reg([], { iin: MAN, name: 'Серік Болатұлы Жақсылықов' });
    const c = reg();
    refused(db, () => g('clerk7', ['correct', c.regno, '--iin', '751111300121', '--comment', 'x']), /контрольная/);
    refused(db, () => g('clerk7', ['correct', c.regno, '--iin', MAN, '--comment', 'x']), new RegExp(other.regno), /ИИН не исправлен/, /--duplicate-ok/);
    refused(db, () => g('clerk7', ['correct', c.regno, '--docs', 'passport', '--comment', 'x']), /«passport»/);
    refused(db, () => g('clerk7', ['correct', c.regno, '--name', c.name, '--comment', 'x']), /ничего не изменено/);
    refused(db, () => g('exec7', ['correct', c.regno, '--name', 'Новое Имя Заявителя', '--comment', 'x']), /«исправление данных заявления»/, /сотрудник канцелярии/);
    refused(db, () => g('clerk15', ['correct', c.regno, '--name', 'Новое Имя Заявителя', '--comment', 'x']), /не найдено в вашем отделе/);
    expect(g('clerk7', ['correct', c.regno, '--comment', 'x']).code).toBe(2);
    expect(g('clerk7', ['correct', c.regno, '--name', 'Новое Имя']).code).toBe(2);
    ok('head7', ['assign', c.regno, '--executor', 'exec7']);
    ok('exec7', ['review', c.regno]);
    ok('exec7', ['draft', c.regno, '--grant']);
    ok('clerk7', ['correct', c.regno, '--address', 'пос. Отеген батыр, ул. Титова, 14', '--comment', 'номер дома']);
    ok('head7', ['sign', c.regno]);
    refused(db, () => g('clerk7', ['correct', c.regno, '--address', 'ул. Абая, 2', '--comment', 'x']), /подписанный документ изменить нельзя/);
  });

  it('takes an ИИН with an open case when told it is intended, and says so in words', () => {
    const { ok, g, reg, view } = fresh();
    const other = reg([], { iin: MAN, name: 'Серік Болатұлы Жақсылықов' });
    const c = reg();
    ok('clerk7', ['correct', c.regno, '--iin', MAN, '--duplicate-ok', '--comment', 'заявитель подаёт за другую семью']);
    expect(view(c.regno).history!.at(-1)).toMatchObject({ step: 'correct', duplicate_ok: true, duplicate_of: other.regno });
    const card = g('clerk7', ['case', c.regno], T0, { COLUMNS: '400' }).stdout;
    expect(card).toContain(`уже есть дело ${other.regno}`);
    expect(card).not.toMatch(/duplicate/);
  });

  it('lets the akimat that took the case correct it, and no other akimat', () => {
    const { db, g, ok, reg, view } = fresh();
    const c = reg([], { as: 'akim0701' });
    refused(db, () => g('akim0702', ['correct', c.regno, '--address', 'с. Жана-Арна', '--comment', 'x']), /не найдено в вашем отделе/);
    ok('akim0701', ['correct', c.regno, '--address', 'с. Отеген батыр, ул. Титова, 12', '--comment', 'село, не посёлок']);
    expect(view(c.regno).history!.at(-1)).toMatchObject({ step: 'correct', actor: 'akim0701' });
  });
});

describe('who sees what', () => {
  it('shows staff their own office, an akimat user their akimat, an admin everything; others read «не найдено»', () => {
    const { db, g, ok, reg } = fresh();
    const own = reg(['--phone', '8 701 555 12 34'], { name: 'Әлия Құрманқызы Нұрланова' });
    const akimatCase = reg([], { as: 'akim0701', name: 'Акимат Принятый Заявитель' });
    const far = reg([], { as: 'clerk15', name: 'Талгарский Заявитель' });
    const regnos = (as: string, args: string[]) => json<Case[]>(ok(as, [...args, '--json'])).map((c) => c.regno).sort();
    expect(regnos('clerk7', ['cases'])).toEqual([own.regno, akimatCase.regno].sort());
    expect(regnos('clerk15', ['cases'])).toEqual([far.regno]);
    expect(regnos('akim0701', ['cases'])).toEqual([akimatCase.regno]);
    expect(regnos('akim0702', ['cases'])).toEqual([]);
    expect(regnos('admin', ['cases'])).toEqual([own.regno, akimatCase.regno, far.regno].sort());
    expect(regnos('clerk15', ['find', 'нурланова'])).toEqual([]);
    expect(regnos('clerk15', ['cases', '--iin', own.iin])).toEqual([]);
    expect(regnos('clerk15', ['overdue'], )).toEqual([]);
    refused(db, () => g('clerk7', ['cases', '--office', '15']), /отдела 15/);
    for (const args of [['case', own.regno], ['talon', own.regno], ['notice', own.regno]]) {
      const r = refused(db, () => g('clerk15', args), `Дело ${own.regno} не найдено в вашем отделе.`);
      expect(r.stderr).not.toContain('Нұрланова');
      expect(r.stderr).not.toContain(own.iin);
    }
    // A case that does not exist reads the same to them.
    refused(db, () => g('clerk15', ['case', '07-2013-00099']), 'Дело 07-2013-00099 не найдено в вашем отделе.');
    // Exports and the report: a head only their own office.
    const csv = ok('head15', ['export', 'cases']).stdout;
    expect(csv).toContain(far.regno);
    expect(csv).not.toContain(own.regno);
    refused(db, () => g('head15', ['export', 'register', '--date', '2013-01-21', '--office', '7']), /отдела 07/);
    expect(ok('admin', ['export', 'cases', '--name', 'нурланова']).stdout).toContain(own.regno);
  });
});

describe('the applicant\'s document language', () => {
  it('is chosen at registration and prints the talon and the notification in it unless --lang says otherwise', () => {
    const { db, g, ok, view } = fresh();
    const reg = ok('clerk7', ['register', '--iin', MAN, '--name', 'Серік Болатұлы Жақсылықов', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS, '--doc-lang', 'kk']);
    expect(reg.stdout).toContain('қабылданды');
    expect(reg.stdout).not.toContain('приняты');
    const regno = '07-2013-00001';
    expect(view(regno).doc_lang).toBe('kk');
    expect(ok('clerk7', ['talon', regno]).stdout).toContain('қабылданды');
    expect(ok('clerk7', ['--lang', 'ru', 'talon', regno]).stdout).toContain('приняты');
    ok('head7', ['assign', regno, '--executor', 'exec7']);
    ok('exec7', ['review', regno]);
    ok('exec7', ['draft', regno, '--grant']);
    ok('head7', ['sign', regno]);
    const issued = ok('exec7', ['issue', regno, '--in-person']);
    expect(issued.stdout).toContain('Сізге атаулы әлеуметтік көмек тағайындалғанын хабарлаймыз.');
    expect(issued.stdout).not.toContain('Доводим до сведения');
    refused(db, () => g('clerk7', ['register', '--iin', nextIin(), '--name', 'Тест Тестов', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS, '--doc-lang', 'en']), /«en»/, /ru/, /kk/);
    // Without --doc-lang it follows --lang.
    const kk = json<Case>(ok('clerk7', ['--lang', 'kk', 'register', '--iin', nextIin(), '--name', 'Айгүл Серікқызы', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS, '--json']));
    expect(kk.doc_lang).toBe('kk');
  });
});

describe('the dates of a registration', () => {
  it('numbers a case by the year the documents were received', () => {
    const { ok } = fresh();
    const c = json<Case>(
      ok('clerk7', ['register', '--iin', nextIin(), '--name', 'Тест Тестович Тестов', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS, '--received-at', '2013-12-27T16:00', '--json'], '2014-01-05T10:00:00+06:00'),
    );
    expect(c.regno).toBe('07-2013-00001');
    const d = json<Case>(ok('clerk7', ['register', '--iin', nextIin(), '--name', 'Тест Тестович Тестов', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS, '--json'], '2014-01-05T10:00:00+06:00'));
    expect(d.regno).toBe('07-2014-00001');
  });

  it('refuses an applicant born after the documents were received, and a time before 2000', () => {
    const { db, g } = fresh();
    const baby = withCheckDigit('13060150001')!; // born 01.06.2013, a boy of this century
    const base = ['register', '--name', 'Тест Тестович Тестов', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS];
    refused(db, () => g('clerk7', [...base, '--iin', baby]), /2013-06-01/, /раньше даты рождения/);
    refused(db, () => g('clerk7', [...base, '--iin', nextIin(), '--received-at', '1999-12-31T10:00']), /1999-12-31/, /2000-01-01/);
    expect(g('clerk7', [...base, '--iin', baby], '2013-06-03T10:00:00+06:00').code).toBe(0);
  });
});
