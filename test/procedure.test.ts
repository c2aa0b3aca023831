// End-to-end: the real binary walks cases through the procedure; every refusal leaves the
// database exactly as it was.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRUST_LINE, copyDb, gasp, gaspAsync, json, nextIin, refused, snapshot, sqlOn, tmpDb, tmpDir, type RunResult } from './helpers';

interface Case {
  regno: string;
  state: string;
  office: number;
  akimat: string | null;
  iin: string;
  name: string;
  birth_date: string;
  sex: string;
  executor: string | null;
  decision: string | null;
  reason: string | null;
  reason_text: string | null;
  signed_by: string | null;
  issue_channel: string | null;
  deadline: string | null;
  overdue: boolean;
  missing_docs: string[];
  history?: { step: string; actor: string; at: string; [k: string]: unknown }[];
}

const ALL_DOCS = 'application,identity,family,income,address';
const IIN = '850315400124';
const T0 = '2013-01-21T10:00:00+06:00';

let template: string;

/** A database with staff: office 07 (clerk, head, two executors), office 15 (clerk, head), an akimat of 07. */
beforeAll(() => {
  template = tmpDb();
  const env = { GASP_NOW: T0 };
  const run = (args: string[]) => {
    const r = gasp(['--db', template, ...args], { env });
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  };
  run(['init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов']);
  run(['--as', 'admin', 'staff', 'add', 'clerk7', '--name', 'Айгерим Сапаровна Жумабаева', '--role', 'clerk', '--office', '7']);
  run(['--as', 'admin', 'staff', 'add', 'head7', '--name', 'Болат Ерланович Ахметов', '--role', 'head', '--office', '7']);
  run(['--as', 'admin', 'staff', 'add', 'exec7', '--name', 'Дина Маратовна Касымова', '--role', 'executor', '--office', '7']);
  run(['--as', 'admin', 'staff', 'add', 'exec7b', '--name', 'Ерлан Серикович Ибраев', '--role', 'executor', '--office', '7']);
  run(['--as', 'admin', 'staff', 'add', 'clerk15', '--name', 'Сауле Талгаровна Омарова', '--role', 'clerk', '--office', '15']);
  run(['--as', 'admin', 'staff', 'add', 'head15', '--name', 'Марат Нурланович Сеитов', '--role', 'head', '--office', '15']);
  run(['--as', 'admin', 'staff', 'add', 'exec15', '--name', 'Асель Муратовна Бекова', '--role', 'executor', '--office', '15']);
  run(['--as', 'admin', 'staff', 'add', 'akim0701', '--name', 'Нурлан Аскарович Жаксыбеков', '--role', 'akimat', '--akimat', '07-01']);
});

function freshDb(): string {
  return copyDb(template, tmpDir());
}

/** Runs gasp on a database as someone at a time. */
function on(db: string) {
  return (as: string, args: string[], now = T0): RunResult =>
    gasp(['--db', db, '--as', as, '--no-input', ...args], { env: { GASP_NOW: now } });
}

function register(g: ReturnType<typeof on>, as = 'clerk7', extra: string[] = [], now = T0): Case {
  return json<Case>(g(as, ['register', '--iin', nextIin(), '--name', 'Әлия Құрманқызы Нұрланова', '--address', 'пос. Отеген батыр, ул. Титова, 12', '--docs', ALL_DOCS, '--json', ...extra], now));
}

/** Asserts a refusal: exit 1, one sentence on stderr containing the fragments, nothing changed. */

describe('a whole case', () => {
  it('goes from registration to issued, with deadlines and history', () => {
    const db = freshDb();
    const g = on(db);
    const reg = g('clerk7', ['register', '--iin', IIN, '--name', 'Әлия Құрманқызы Нұрланова', '--address', 'пос. Отеген батыр, ул. Титова, 12', '--phone', '8 701 555 12 34', '--docs', ALL_DOCS]);
    expect(reg.code).toBe(0);
    expect(reg.stdout).toContain('Уважаемая Әлия Құрманқызы Нұрланова, Ваши документы приняты «21» января 2013 года, регистрационный номер документов 07-2013-00001.');
    expect(reg.stdout).toContain('ФИО лица, принявшего документы: Айгерим Сапаровна Жумабаева');
    expect(reg.stdout).toContain('Отдел занятости и социальных программ Илийского района');
    expect(reg.stderr).toBe(TRUST_LINE);

    let c = json<Case>(g('exec7', ['case', '07-2013-00001', '--json']));
    expect(c).toMatchObject({ regno: '07-2013-00001', state: 'registered', office: 7, iin: IIN, birth_date: '1985-03-15', sex: 'female', deadline: '2013-01-21T10:30:00+06:00', overdue: false });
    expect(c.history).toHaveLength(1);
    expect(c.history![0]).toMatchObject({ step: 'register', actor: 'clerk7', at: '2013-01-21T10:00:00+06:00' });

    c = json<Case>(g('head7', ['assign', '07-2013-00001', '--executor', 'exec7', '--resolution', 'Рассмотреть', '--json'], '2013-01-21T10:20:00+06:00'));
    expect(c).toMatchObject({ state: 'assigned', executor: 'exec7', deadline: '2013-01-22T10:20:00+06:00' });
    c = json<Case>(g('exec7', ['review', '07-2013-00001', '--note', 'документы полные', '--json'], '2013-01-21T15:00:00+06:00'));
    expect(c).toMatchObject({ state: 'reviewed', deadline: '2013-01-30T15:00:00+06:00' });
    c = json<Case>(g('exec7', ['draft', '07-2013-00001', '--grant', '--json'], '2013-01-22T11:00:00+06:00'));
    expect(c).toMatchObject({ state: 'drafted', decision: 'grant', deadline: '2013-01-22T11:30:00+06:00' });
    c = json<Case>(g('head7', ['sign', '07-2013-00001', '--json'], '2013-01-22T11:20:00+06:00'));
    expect(c).toMatchObject({ state: 'signed', signed_by: 'head7', deadline: '2013-01-22T11:35:00+06:00' });
    const issued = g('exec7', ['issue', '07-2013-00001', '--in-person'], '2013-01-22T11:30:00+06:00');
    expect(issued.code).toBe(0);
    expect(issued.stdout).toContain('Доводим до сведения, что Вам назначена адресная социальная помощь.');
    expect(issued.stdout).toContain('Начальник отдела ____________ Болат Ерланович Ахметов');
    expect(issued.stdout).toContain('07-2013-00001');

    c = json<Case>(g('clerk7', ['case', '07-2013-00001', '--json'], '2013-02-01T10:00:00+06:00'));
    expect(c).toMatchObject({ state: 'issued', issue_channel: 'in-person', deadline: null, overdue: false });
    expect(c.history!.map((h) => h.step)).toEqual(['register', 'assign', 'review', 'draft', 'sign', 'issue']);
    expect(c.history!.map((h) => h.actor)).toEqual(['clerk7', 'head7', 'exec7', 'exec7', 'head7', 'exec7']);

    const text = g('clerk7', ['case', '07-2013-00001']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('выдано');
    expect(text.stdout).toContain('История');
  });

  it('is refused with its reason, and the refusal names the reason in the letter', () => {
    const db = freshDb();
    const g = on(db);
    register(g);
    g('head7', ['assign', '07-2013-00001', '--executor', 'exec7']);
    g('exec7', ['review', '07-2013-00001']);
    refused(db, () => g('exec7', ['draft', '07-2013-00001', '--refuse']), /--reason/, /incomplete-documents/);
    refused(db, () => g('exec7', ['draft', '07-2013-00001', '--refuse', '--reason', 'bored']), /«bored»/, /income-above-poverty-line/);
    refused(db, () => g('exec7', ['draft', '07-2013-00001', '--refuse', '--reason', 'other']), /--reason-text/);
    const c = json<Case>(g('exec7', ['draft', '07-2013-00001', '--refuse', '--reason', 'income-above-poverty-line', '--json']));
    expect(c).toMatchObject({ decision: 'refuse', reason: 'income-above-poverty-line' });
    g('head7', ['sign', '07-2013-00001']);
    const letter = g('exec7', ['issue', '07-2013-00001', '--post']);
    expect(letter.stdout).toContain('Вам отказано в назначении адресной социальной помощи в связи с тем, что среднедушевой доход семьи не ниже черты бедности.');
    expect(json<Case>(g('exec7', ['case', '07-2013-00001', '--json'])).issue_channel).toBe('post');
  });

  it('is returned by the head and signed after a new draft', () => {
    const db = freshDb();
    const g = on(db);
    register(g);
    g('head7', ['assign', '07-2013-00001', '--executor', 'exec7']);
    g('exec7', ['review', '07-2013-00001']);
    g('exec7', ['draft', '07-2013-00001', '--refuse', '--reason', 'other', '--reason-text', 'нет справки']);
    refused(db, () => g('head7', ['return', '07-2013-00001', '--comment', '  ']), /--comment/);
    let c = json<Case>(g('head7', ['return', '07-2013-00001', '--comment', 'Укажите причину по перечню', '--json'], '2013-01-21T12:00:00+06:00'));
    expect(c).toMatchObject({ state: 'reviewed', decision: null, deadline: '2013-01-30T12:00:00+06:00' });
    g('exec7', ['draft', '07-2013-00001', '--grant'], '2013-01-21T12:30:00+06:00');
    c = json<Case>(g('head7', ['sign', '07-2013-00001', '--json'], '2013-01-21T12:40:00+06:00'));
    expect(c).toMatchObject({ state: 'signed', decision: 'grant' });
    const steps = json<Case>(g('head7', ['case', '07-2013-00001', '--json'])).history!;
    expect(steps.map((h) => h.step)).toEqual(['register', 'assign', 'review', 'draft', 'return', 'draft', 'sign']);
    expect(steps[4]).toMatchObject({ comment: 'Укажите причину по перечню', returned_decision: 'refuse' });
  });

  it('is withdrawn by the applicant before signing, not after', () => {
    const db = freshDb();
    const g = on(db);
    register(g);
    const c = json<Case>(g('clerk7', ['withdraw', '07-2013-00001', '--comment', 'Заявление отозвано', '--json']));
    expect(c).toMatchObject({ state: 'withdrawn', deadline: null });
    refused(db, () => g('head7', ['assign', '07-2013-00001', '--executor', 'exec7']), /отозвано/);

    register(g);
    g('head7', ['assign', '07-2013-00002', '--executor', 'exec7']);
    g('exec7', ['review', '07-2013-00002']);
    g('exec7', ['draft', '07-2013-00002', '--grant']);
    g('head7', ['sign', '07-2013-00002']);
    refused(db, () => g('clerk7', ['withdraw', '07-2013-00002', '--comment', 'поздно']), /07-2013-00002/, /подписано/);
  });
});

describe('the akimat route', () => {
  it('starts at the akimat with the district office number and goes to the office on forward', () => {
    const db = freshDb();
    const g = on(db);
    const reg = g('akim0701', ['register', '--iin', IIN, '--name', 'Әлия Құрманқызы Нұрланова', '--address', 'п.Жансугурова', '--docs', ALL_DOCS]);
    expect(reg.code).toBe(0);
    expect(reg.stdout).toContain('Энергетический поселковый округ аппарата акима района');
    expect(reg.stdout).toContain('регистрационный номер документов 07-2013-00001');
    let c = json<Case>(g('head7', ['case', '07-2013-00001', '--json']));
    expect(c).toMatchObject({ state: 'received_by_akimat', office: 7, akimat: '07-01', deadline: '2013-01-22T10:00:00+06:00' });
    refused(db, () => g('head7', ['assign', '07-2013-00001', '--executor', 'exec7']), /передача в отдел/, /аким сельского округа/);
    c = json<Case>(g('akim0701', ['forward', '07-2013-00001', '--json'], '2013-01-21T16:00:00+06:00'));
    expect(c).toMatchObject({ state: 'registered', deadline: '2013-01-21T16:30:00+06:00' });
    expect(json<Case>(g('head7', ['assign', '07-2013-00001', '--executor', 'exec7', '--json'], '2013-01-21T16:10:00+06:00')).state).toBe('assigned');
  });
});

describe('role refusals', () => {
  const db = () => {
    const file = freshDb();
    const g = on(file);
    register(g); // 00001 registered
    register(g); // 00002 → drafted
    g('head7', ['assign', '07-2013-00002', '--executor', 'exec7']);
    g('exec7', ['review', '07-2013-00002']);
    g('exec7', ['draft', '07-2013-00002', '--grant']);
    register(g); // 00003 → signed
    g('head7', ['assign', '07-2013-00003', '--executor', 'exec7']);
    g('exec7', ['review', '07-2013-00003']);
    g('exec7', ['draft', '07-2013-00003', '--grant']);
    g('head7', ['sign', '07-2013-00003']);
    return { file, g };
  };

  it('refuses each command to a role that may not run it', () => {
    const { file, g } = db();
    const cases: [string, string[], RegExp][] = [
      ['head7', ['register', '--iin', IIN, '--name', 'Тест Тестов', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS], /сотрудник канцелярии или аким сельского округа/],
      ['exec7', ['register', '--iin', IIN, '--name', 'Тест Тестов', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS], /регистрация/],
      ['clerk7', ['assign', '07-2013-00001', '--executor', 'exec7'], /clerk7 \(сотрудник канцелярии\)/],
      ['exec7', ['assign', '07-2013-00001', '--executor', 'exec7'], /руководитель/],
      ['clerk7', ['review', '07-2013-00001'], /ответственный исполнитель/],
      ['head7', ['review', '07-2013-00001'], /ответственный исполнитель/],
      ['head7', ['draft', '07-2013-00001', '--grant'], /ответственный исполнитель/],
      ['exec7', ['sign', '07-2013-00002'], /руководитель/],
      ['clerk7', ['sign', '07-2013-00002'], /руководитель/],
      ['exec7', ['return', '07-2013-00002', '--comment', 'x'], /руководитель/],
      ['head7', ['issue', '07-2013-00003', '--post'], /ответственный исполнитель/],
      ['exec7', ['withdraw', '07-2013-00001', '--comment', 'x'], /сотрудник канцелярии или руководитель/],
      ['clerk7', ['forward', '07-2013-00001'], /аким сельского округа/],
      ['clerk7', ['staff', 'add', 'x1', '--name', 'Икс', '--role', 'clerk', '--office', '7'], /администратор/],
      ['head7', ['staff', 'list'], /администратор/],
      ['head7', ['staff', 'disable', 'exec7'], /администратор/],
      ['clerk7', ['calendar', 'set', '2013-01-22', 'off'], /администратор/],
    ];
    for (const [as, args, message] of cases) refused(file, () => g(as, args), message);
  });

  it('keeps heads and executors to their own office and executors to their own cases', () => {
    const { file, g } = db();
    refused(file, () => g('head15', ['assign', '07-2013-00001', '--executor', 'exec15']), /не найдено в вашем отделе/);
    refused(file, () => g('head7', ['assign', '07-2013-00001', '--executor', 'exec15']), /«exec15»/, /отдела 07/);
    refused(file, () => g('exec7b', ['issue', '07-2013-00003', '--post']), /exec7b/, /exec7/);
    refused(file, () => g('clerk15', ['register', '--office', '7', '--iin', IIN, '--name', 'Тест Тестов', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS]), /отделу 15/);
  });

  it('refuses an unknown, a disabled or a missing actor', () => {
    const { file, g } = db();
    refused(file, () => g('nobody', ['case', '07-2013-00001']), /«nobody»/);
    expect(g('admin', ['staff', 'disable', 'exec7b']).code).toBe(0);
    refused(file, () => g('exec7b', ['case', '07-2013-00001']), /exec7b/, /отключена/);
    const none = gasp(['--db', file, 'case', '07-2013-00001']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/--as/);
  });
});

describe('wrong-state refusals', () => {
  it('says what the case is waiting for and who does it', () => {
    const file = freshDb();
    const g = on(file);
    register(g);
    const regno = '07-2013-00001';
    refused(file, () => g('exec7', ['review', regno]), /зарегистрировано/, /резолюция и назначение исполнителя/, /руководитель/);
    refused(file, () => g('head7', ['sign', regno]), /резолюция и назначение исполнителя/);
    refused(file, () => g('head7', ['return', regno, '--comment', 'x']), /резолюция/);
    refused(file, () => g('akim0701', ['forward', regno]), /не найдено в вашем отделе/);
    g('head7', ['assign', regno, '--executor', 'exec7']);
    refused(file, () => g('head7', ['assign', regno, '--executor', 'exec7']), /исполнитель назначен/, /рассмотрение документов/, /ответственный исполнитель/);
    refused(file, () => g('exec7', ['draft', regno, '--grant']), /рассмотрение документов/);
    refused(file, () => g('exec7', ['issue', regno, '--post']), /рассмотрение документов/);
    g('exec7', ['review', regno]);
    refused(file, () => g('exec7', ['review', regno]), /подготовка уведомления или отказа/);
    refused(file, () => g('head7', ['sign', regno]), /подготовка уведомления или отказа/);
    g('exec7', ['draft', regno, '--grant']);
    refused(file, () => g('exec7', ['draft', regno, '--grant']), /подписание/, /руководитель/);
    refused(file, () => g('exec7', ['issue', regno, '--in-person']), /подписание/);
    g('head7', ['sign', regno]);
    refused(file, () => g('head7', ['sign', regno]), /выдача/);
    refused(file, () => g('head7', ['return', regno, '--comment', 'x']), /выдача/);
    g('exec7', ['issue', regno, '--in-person']);
    refused(file, () => g('exec7', ['issue', regno, '--post']), /выдано/, /шагов больше нет/);
    refused(file, () => g('head7', ['withdraw', regno, '--comment', 'x']), /выдано/);
  });

  it('refuses an unknown or malformed registration number', () => {
    const file = freshDb();
    const g = on(file);
    refused(file, () => g('head7', ['assign', '07-2013-00099', '--executor', 'exec7']), /07-2013-00099/);
    refused(file, () => g('head7', ['case', '2013-7']), /«2013-7»/, /ОО-ГГГГ-NNNNN/);
  });
});

describe('registration input', () => {
  const base = ['--name', 'Тест Тестович Тестов', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS];
  it('names the ИИН rule that is broken and consumes no number', () => {
    const file = freshDb();
    const g = on(file);
    refused(file, () => g('clerk7', ['register', '--iin', '85031540012', ...base]), /«85031540012»/, /12 цифр/);
    refused(file, () => g('clerk7', ['register', '--iin', '85031540012x', ...base]), /12 цифр/);
    refused(file, () => g('clerk7', ['register', '--iin', '850315700124', ...base]), /7-я цифра/, /1–6/);
    refused(file, () => g('clerk7', ['register', '--iin', '850230400124', ...base]), /850230/, /дат/);
    refused(file, () => g('clerk7', ['register', '--iin', '850315400125', ...base]), /контрольная/, /должна быть 4/);
    refused(file, () => g('clerk7', ['register', '--iin', IIN, ...base, '--docs', 'application,passport']), /«passport»/, /identity/);
    refused(file, () => g('clerk7', ['register', '--iin', IIN, ...base, '--received-at', '2013-01-22T10:00']), /позже текущего/);
    refused(file, () => g('clerk7', ['register', '--iin', IIN, ...base, '--received-at', 'вчера']), /«вчера»/);
    expect(register(g).regno).toBe('07-2013-00001');
  });

  it('asks for nothing without a terminal: a missing value is wrong usage', () => {
    const file = freshDb();
    const before = snapshot(file);
    const r = on(file)('clerk7', ['register', '--iin', IIN, '--docs', ALL_DOCS]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--name, --address/);
    expect(snapshot(file)).toBe(before);
  });

  it('warns and records missing required documents', () => {
    const file = freshDb();
    const r = on(file)('clerk7', ['register', '--iin', IIN, '--name', 'Тест Тестович Тестов', '--address', 'ул. Абая, 1', '--docs', 'application,identity', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Сведения о составе семьи; Сведения о доходах членов семьи; Адресная справка о месте жительства/);
    expect(JSON.parse(r.stdout).missing_docs).toEqual(['family', 'income', 'address']);
  });

  it('backdates with --received-at: step 1 late, recorded in the history', () => {
    const file = freshDb();
    const c = register(on(file), 'clerk7', ['--received-at', '2013-01-18T17:00'], '2013-01-21T10:00:00+06:00');
    expect(c.history![0]).toMatchObject({ received_at: '2013-01-18T17:00:00+06:00', deadline: '2013-01-18T17:15:00+06:00', late: true });
  });
});

describe('lists and deadlines', () => {
  it('lists cases with filters and the overdue ones oldest first', () => {
    const file = freshDb();
    const g = on(file);
    register(g, 'clerk7', [], '2013-01-21T10:00:00+06:00');
    register(g, 'clerk7', [], '2013-01-22T10:00:00+06:00');
    register(g, 'clerk15', [], '2013-01-22T11:00:00+06:00');
    g('head7', ['assign', '07-2013-00002', '--executor', 'exec7'], '2013-01-22T10:10:00+06:00');
    const later = '2013-01-25T12:00:00+06:00';
    const all = json<Case[]>(g('admin', ['cases', '--json'], later));
    expect(all.map((c) => c.regno)).toEqual(['15-2013-00001', '07-2013-00002', '07-2013-00001']);
    expect(all[0]!.history).toBeUndefined();
    expect(json<Case[]>(g('admin', ['cases', '--office', '7', '--state', 'registered', '--json'], later)).map((c) => c.regno)).toEqual(['07-2013-00001']);
    expect(json<Case[]>(g('admin', ['cases', '--executor', 'exec7', '--json'], later)).map((c) => c.regno)).toEqual(['07-2013-00002']);
    expect(json<Case[]>(g('admin', ['cases', '--date', '2013-01-22', '--json'], later)).map((c) => c.regno)).toEqual(['15-2013-00001', '07-2013-00002']);
    const overdue = json<Case[]>(g('admin', ['overdue', '--json'], later));
    expect(overdue.map((c) => c.regno)).toEqual(['07-2013-00001', '15-2013-00001', '07-2013-00002']);
    expect(overdue.every((c) => c.overdue)).toBe(true);
    expect(json<Case[]>(g('admin', ['overdue', '--office', '15', '--json'], later)).map((c) => c.regno)).toEqual(['15-2013-00001']);
    expect(json<Case[]>(g('admin', ['overdue', '--json'], '2013-01-21T10:20:00+06:00'))).toEqual([]);
    const caseText = g('admin', ['case', '07-2013-00001'], later);
    expect(caseText.stdout).toMatch(/просрочено на 4 дн 1 ч/);
    refused(file, () => g('admin', ['cases', '--state', 'lost']), /«lost»/, /registered/);
  });

  it('shows and edits the calendar', () => {
    const file = freshDb();
    const g = on(file);
    const days = json<{ date: string; working: boolean; source: string }[]>(g('clerk7', ['calendar', '--year', '2013', '--json']));
    expect(days.filter((d) => d.date.startsWith('2013-03')).map((d) => d.date)).toEqual(['2013-03-08', '2013-03-21', '2013-03-22', '2013-03-25']);
    expect(days.find((d) => d.date === '2013-10-12')).toMatchObject({ working: true, source: 'decree' });
    expect(g('admin', ['calendar', 'set', '2013-01-22', 'off', '--note', 'тест']).code).toBe(0);
    const c = register(g, 'clerk7', [], '2013-01-21T17:50:00+06:00');
    expect(c.deadline).toBe('2013-01-23T09:20:00+06:00');
    refused(file, () => g('admin', ['calendar', 'set', '2013-02-30', 'off']), /«2013-02-30»/);
    refused(file, () => g('admin', ['calendar', 'set', '2013-02-03', 'holiday']), /«holiday»/);
  });
});

describe('staff', () => {
  it('creates the first admin only on an empty database and validates accounts', () => {
    const file = freshDb();
    const g = on(file);
    refused(file, () => gasp(['--db', file, 'init', '--auth', 'trust', '--admin', 'boss', '--name', 'Босс']), /gasp staff add/);
    refused(file, () => g('admin', ['staff', 'add', 'Bad Login', '--name', 'X', '--role', 'clerk', '--office', '7']), /«Bad Login»/);
    refused(file, () => g('admin', ['staff', 'add', 'clerk7', '--name', 'X', '--role', 'clerk', '--office', '7']), /clerk7/);
    refused(file, () => g('admin', ['staff', 'add', 'x2', '--name', 'X', '--role', 'boss', '--office', '7']), /«boss»/, /clerk \(сотрудник канцелярии\), head \(руководитель\)/, /admin \(администратор\)/);
    refused(file, () => g('admin', ['staff', 'add', 'x3', '--name', 'X', '--role', 'clerk']), /--office/);
    refused(file, () => g('admin', ['staff', 'add', 'x4', '--name', 'X', '--role', 'akimat', '--office', '7']), /--akimat/);
    refused(file, () => g('admin', ['staff', 'add', 'x5', '--name', 'X', '--role', 'clerk', '--office', '20']), /20/, /1 до 19/);
    refused(file, () => g('admin', ['staff', 'disable', 'admin']), /admin/);
    const list = json<{ login: string; role: string }[]>(g('admin', ['staff', 'list', '--json']));
    expect(list.map((s) => s.login).sort()).toEqual(['admin', 'akim0701', 'clerk15', 'clerk7', 'exec15', 'exec7', 'exec7b', 'head15', 'head7']);
  });

  it('finds the actor by GASP_USER and by the OS user', () => {
    const file = freshDb();
    const r = gasp(['--db', file, 'staff', 'list', '--json'], { env: { GASP_USER: 'admin' } });
    expect(r.code).toBe(0);
    const os = require('node:os') as typeof import('node:os');
    const me = os.userInfo().username;
    expect(gasp(['--db', file, '--as', 'admin', 'staff', 'add', 'me', '--name', 'Я Сам', '--role', 'admin', '--os-user', me]).code).toBe(0);
    expect(gasp(['--db', file, 'staff', 'list', '--json']).code).toBe(0);
  });
});

describe('concurrency', () => {
  it('gives several clerks registering at once distinct, gapless numbers and loses nothing', async () => {
    const file = freshDb();
    const N = 12;
    const runs = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        gaspAsync(['--db', file, '--as', i % 2 ? 'clerk7' : 'akim0701', '--no-input', 'register', '--iin', nextIin(), '--name', `Заявитель Номер ${i}`, '--address', 'ул. Абая, 1', '--docs', ALL_DOCS, '--json'], { env: { GASP_NOW: T0 } }),
      ),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const numbers = runs.map((r) => (JSON.parse(r.stdout) as Case).regno).sort();
    expect(numbers).toEqual(Array.from({ length: N }, (_, i) => `07-2013-${String(i + 1).padStart(5, '0')}`));
    const all = json<Case[]>(gasp(['--db', file, '--as', 'admin', 'cases', '--json']));
    expect(all).toHaveLength(N);
    expect(new Set(all.map((c) => c.name)).size).toBe(N);
  });
});

describe('history', () => {
  it('is append-only: the database refuses to change or delete an event', () => {
    const file = freshDb();
    register(on(file));
    expect(() => sqlOn(file, "update events set actor = 'someone'")).toThrow(/append-only/);
    expect(() => sqlOn(file, 'delete from events')).toThrow(/append-only/);
    expect(sqlOn<{ n: number }>(file, 'select count(*) as n from events')[0]!.n).toBeGreaterThan(0);
  });
});

describe('gasp demo', () => {
  it('walks two cases through the procedure on a throwaway database', () => {
    const r = gasp(['demo']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('регистрационный номер документов 07-2013-00001');
    expect(r.stdout).toContain('Доводим до сведения, что Вам назначена адресная социальная помощь.');
    expect(r.stdout).toContain('Вам отказано в назначении адресной социальной помощи в связи с тем, что среднедушевой доход семьи не ниже черты бедности (среднедушевой доход');
    expect(r.stdout).toContain('Возвращено на доработку');
    const dbLine = /: (\S+demo\.sqlite)/.exec(r.stderr);
    expect(dbLine).not.toBeNull();
  });
});
