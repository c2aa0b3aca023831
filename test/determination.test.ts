// Step 3 end to end, on SQLite and PostgreSQL: the executor records a family and its incomes
// (one by one and from a file), `review` determines the right and the amount, `draft` follows it,
// the head signs a notification that states the amount and period; the worked examples of
// test/eligibility.test.ts through the real binary, and what must be refused.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RunResult, json, officeDb, officeTemplate, refused, sqlOn } from './helpers';

interface Determination {
  eligible: boolean;
  grounds: string[];
  n: number;
  total_tiyn: number;
  per_capita_tiyn: number;
  monthly_tiyn: number;
  months: number;
  quarter_total_tiyn: number;
  period: { from: string; to: string };
  poverty_line: { region: string; level: string; line_tiyn: number; source: string };
  incomes: { no: number; why: string; included: boolean }[];
  members: { iin: string; relation: string; working_age: boolean; employment: string | null }[];
  unrecorded: string[];
  same_quarter: { iin: string; regno: string }[];
  rules: { version: string };
}
interface Case {
  regno: string;
  state: string;
  decision: string | null;
  reason: string | null;
  reason_text: string | null;
  override_comment: string | null;
  grant: { members: number; monthly_tiyn: number; months: number; total_tiyn: number; from: string; to: string } | null;
  determination?: Determination | null;
  history: { step: string; [k: string]: unknown }[];
}

const DOCS = 'application,identity,family,income,address';
const MOTHER = '850315400124';
const FATHER = '820410300002';
const SON = '100506500004';
const DAUGHTER = '070912500003';

let template: string;
beforeAll(() => {
  template = officeTemplate([
    ['clerk7', 'Айгерим Сапаровна Жумабаева', 'clerk', ['--office', '7']],
    ['head7', 'Болат Ерланович Ахметов', 'head', ['--office', '7']],
    ['exec7', 'Дина Маратовна Касымова', 'executor', ['--office', '7']],
    ['exec7b', 'Ерлан Серикович Ибраев', 'executor', ['--office', '7']],
  ]);
});

/** A database, and a case of office 07 registered at `at` (local) and assigned to exec7. */
function setup(at: string, applicant = MOTHER) {
  const o = officeDb(template, at);
  const reg = json<Case>(o.ok('clerk7', ['register', '--iin', applicant, '--name', 'Әлия Құрманқызы Нұрланова', '--address', 'пос. Отеген батыр, ул. Титова, 12', '--docs', DOCS, '--json']));
  o.ok('head7', ['assign', reg.regno, '--executor', 'exec7']);
  const view = (as = 'exec7') => json<Case>(o.g(as, ['case', reg.regno, '--json'], at));
  return { ...o, regno: reg.regno, view };
}

/** The family of four of the worked example: the mother (applicant, caring for a child under 7),
 * the working father, two children. */
function familyOfFour(o: ReturnType<typeof setup>) {
  o.ok('exec7', ['family', o.regno, 'add', '--iin', FATHER, '--name', 'Ерлан Нұрланов', '--relation', 'spouse', '--employment', 'working']);
  o.ok('exec7', ['family', o.regno, 'add', '--iin', SON, '--name', 'Арман Нұрланов', '--relation', 'child']);
  o.ok('exec7', ['family', o.regno, 'add', '--iin', DAUGHTER, '--name', 'Дана Нұрланова', '--relation', 'child']);
  o.ok('exec7', ['family', o.regno, 'set', '--iin', MOTHER, '--employment', 'exempt', '--exempt-reason', 'уход за ребёнком до 7 лет']);
}

/** The applicant and her working husband, who earned `amount` in `month`. */
function coupleEarning(o: ReturnType<typeof setup>, amount: string, month: string) {
  o.ok('exec7', ['family', o.regno, 'add', '--iin', FATHER, '--name', 'Ерлан Нұрланов', '--relation', 'spouse', '--employment', 'working']);
  o.ok('exec7', ['income', o.regno, 'add', '--iin', FATHER, '--kind', 'wages', '--amount', amount, '--month', month]);
}

const stdoutOf = (r: RunResult) => {
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout;
};

describe('a family of four applying on 15 May 2014, two incomes below the line', () => {
  it('is determined, drafted from the determination and signed; the notification states the amount and period in ru and kk', () => {
    const o = setup('2014-05-15T10:00:00+06:00');
    familyOfFour(o);
    o.ok('exec7', ['income', o.regno, 'add', '--iin', FATHER, '--kind', 'wages', '--amount', '60000', '--month', '2014-02']);
    o.ok('exec7', ['income', o.regno, 'add', '--iin', MOTHER, '--kind', 'child-benefit', '--amount', '12 000', '--month', '2014-03']);
    // An excluded kind is recorded and shown, not counted.
    const listed = stdoutOf(o.g('exec7', ['income', o.regno, 'add', '--iin', MOTHER, '--kind', 'housing-aid', '--amount', '5000,50', '--month', '2014-03']));
    expect(listed).toContain('Учтённый доход: 72 000,00 тенге; на человека в месяц: 6 000,00 тенге (÷ 4 ÷ 3).');
    expect(listed).toMatch(/жилищная помощь .* не учитывается/);

    const review = o.g('exec7', ['review', o.regno], '2014-05-15T11:00:00+06:00');
    expect(review.code, review.stderr).toBe(0);
    for (const line of [
      /Совокупный доход\s+72 000,00 тенге/,
      /Членов семьи\s+4/,
      /Среднедушевой доход\s+6 000,00 тенге в месяц \(72 000,00 ÷ 4 ÷ 3\)/,
      /Черта бедности\s+7 218 тенге \(республиканская: своей черты у региона нет; II квартал 2014/,
      /Право на помощь\s+есть/,
      /В месяц\s+4 872 тенге \(1 218,00 × 4/,
      /Месяцев\s+2 \(с 1 мая по 30 июня 2014 года\)/,
      /Всего за квартал\s+9 744 тенге/,
    ]) {
      expect(review.stdout).toMatch(line);
    }
    const d = json<Case>(o.g('exec7', ['case', o.regno, '--json'])).determination!;
    expect(d).toMatchObject({ eligible: true, n: 4, total_tiyn: 7200000, per_capita_tiyn: 600000, monthly_tiyn: 487200, months: 2, quarter_total_tiyn: 974400 });
    expect(d.incomes.map((i) => i.why)).toEqual(['included', 'included', 'excluded-kind']);
    expect(d.poverty_line).toMatchObject({ region: 'republic', level: 'republic', line_tiyn: 721800 });
    expect(d.rules.version).toMatch(/2012-2015/);
    // The review event holds the same determination.
    const reviewEvent = o.view().history.find((h) => h.step === 'review')!;
    expect(reviewEvent.determination).toEqual(d);

    const draft = o.g('exec7', ['draft', o.regno], '2014-05-15T12:00:00+06:00');
    expect(draft.code, draft.stderr).toBe(0);
    expect(draft.stderr).toContain('Размер помощи: с 1 мая по 30 июня 2014 года, 2 месяца, по 4 872 тенге в месяц, всего 9 744 тенге.');
    const sign = o.g('head7', ['sign', o.regno], '2014-05-15T12:30:00+06:00');
    expect(sign.code, sign.stderr).toBe(0);
    expect(sign.stderr).toContain('Назначается: с 1 мая по 30 июня 2014 года');
    const c = o.view();
    expect(c).toMatchObject({ state: 'signed', decision: 'grant', grant: { members: 4, monthly_tiyn: 487200, months: 2, total_tiyn: 974400, from: '2014-05-01', to: '2014-06-30' } });
    const ru = stdoutOf(o.g('exec7', ['notice', o.regno], '2014-05-15T13:00:00+06:00'));
    expect(ru).toContain('Доводим до сведения, что Вам назначена адресная социальная помощь.\nРазмер помощи: с 1 мая по 30 июня 2014 года, 2 месяца, по 4 872 тенге в месяц, всего 9 744 тенге.');
    const kk = stdoutOf(o.g('exec7', ['notice', o.regno, '--lang', 'kk'], '2014-05-15T13:00:00+06:00'));
    expect(kk).toContain('Көмек мөлшері: 2014 жылғы 1 мамырдан 30 маусымға дейін, 2 ай, айына 4 872 теңгеден, барлығы 9 744 теңге.');

    // The report and the register add the amounts; the check finds nothing wrong.
    const report = json<{ total: { granted: number; granted_members: number; granted_tiyn: number } }>(o.g('admin', ['report', '--json'], '2014-05-16T10:00:00+06:00'));
    expect(report.total).toMatchObject({ granted: 1, granted_members: 4, granted_tiyn: 974400 });
    const file = path.join(o.dir, 'register.csv');
    expect(o.g('admin', ['export', 'register', '--date', '2014-05-15', '--output', file], '2014-05-16T10:00:00+06:00').code).toBe(0);
    const [header, row] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
    expect(header).toMatch(/"Сумма в месяц, тенге","Сумма за период, тенге"$/);
    expect(row).toMatch(/,4872,9744$/);
    expect(o.g('admin', ['check'], '2014-05-16T10:00:00+06:00')).toMatchObject({ code: 0, stdout: '' });
    // An amount changed in the database behind gasp's back is named by the check.
    sqlOn(o.db, `update cases set grant_total_tiyn = 1000000 where regno = '${o.regno}'`);
    const tampered = o.g('admin', ['check'], '2014-05-16T10:00:00+06:00');
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(`Дело ${o.regno}: сумма назначенной помощи не совпадает с проектом решения в истории`);
  });

  it('keeps the determination it made after a later change of the rates, and makes a new one only when asked', () => {
    const o = setup('2014-05-15T10:00:00+06:00');
    familyOfFour(o);
    o.ok('exec7', ['income', o.regno, 'add', '--iin', FATHER, '--kind', 'wages', '--amount', '72000', '--month', '2014-01']);
    o.ok('exec7', ['review', o.regno]);
    const before = o.view().determination!;
    // An admin sets the oblast's own line for the quarter, a year later.
    const set = o.g('admin', ['rates', 'set', '--year', '2014', '--quarter', '2', '--line', '8000', '--subsistence', '20000', '--source', 'решение акимата (тест)'], '2015-05-15T10:00:00+06:00');
    expect(set.code, set.stderr).toBe(0);
    const rates = json<{ region: string; rates: { region: string; year: number; quarter: number; line_tiyn: number; shipped: boolean }[] }>(o.g('admin', ['rates', '--json']));
    expect(rates.region).toBe('almaty-oblast');
    expect(rates.rates).toContainEqual(expect.objectContaining({ region: 'almaty-oblast', year: 2014, quarter: 2, line_tiyn: 800000, shipped: false }));
    expect(rates.rates).toContainEqual(expect.objectContaining({ region: 'republic', year: 2014, quarter: 2, line_tiyn: 721800, shipped: true }));
    const after = o.view();
    expect(after.determination).toEqual(before);
    const shown = stdoutOf(o.g('exec7', ['case', o.regno]));
    expect(shown).toMatch(/Черта бедности\s+7 218 тенге/);
    // Made again, it takes the oblast's own line and says so.
    const again = o.g('exec7', ['review', o.regno], '2014-05-15T12:00:00+06:00');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Черта бедности\s+8 000 тенге \(Алматинская область, II квартал 2014: решение акимата \(тест\)\)/);
    const now = o.view();
    expect(now.determination!.poverty_line).toMatchObject({ region: 'almaty-oblast', level: 'region', line_tiyn: 800000 });
    expect(now.history.map((h) => h.step).slice(-2)).toEqual(['review', 'determine']);
  });
});

describe('the other worked examples', () => {
  it('February: two months, and the draft and notice in Kazakh', () => {
    const o = setup('2013-02-20T10:00:00+06:00');
    coupleEarning(o, '50000', '2012-11');
    o.ok('exec7', ['family', o.regno, 'add', '--iin', SON, '--name', 'Арман Нұрланов', '--relation', 'child']);
    o.ok('exec7', ['review', o.regno]);
    expect(o.view().determination).toMatchObject({ per_capita_tiyn: 555556, monthly_tiyn: 337000, months: 2, quarter_total_tiyn: 674000, period: { from: '2013-02-01', to: '2013-03-31' } });
    o.ok('exec7', ['draft', o.regno]);
    o.ok('head7', ['sign', o.regno]);
    const ru = stdoutOf(o.g('exec7', ['notice', o.regno]));
    expect(ru).toContain('с 1 февраля по 31 марта 2013 года, 2 месяца, по 3 370 тенге в месяц, всего 6 740 тенге');
    const kk = stdoutOf(o.g('exec7', ['notice', o.regno, '--lang', 'kk']));
    expect(kk).toContain('2013 жылғы 1 ақпаннан 31 наурызға дейін, 2 ай, айына 3 370 теңгеден, барлығы 6 740 теңге');
  });

  it('above the line: the draft refuses with the reason and both figures, in the letter too', () => {
    const o = setup('2013-08-05T10:00:00+06:00');
    coupleEarning(o, '50475', '2013-04');
    const review = o.g('exec7', ['review', o.regno]);
    expect(review.stdout).toMatch(/Право на помощь\s+нет: в связи с тем, что среднедушевой доход семьи не ниже черты бедности/);
    // Granting against it needs --override and a comment.
    refused(o.db, () => o.g('exec7', ['draft', o.regno, '--grant']), 'По определению права дело', '«отказать»', '--override --comment');
    refused(o.db, () => o.g('exec7', ['draft', o.regno, '--grant', '--override']), '--comment');
    o.ok('exec7', ['draft', o.regno]);
    const c = o.view();
    expect(c).toMatchObject({ decision: 'refuse', reason: 'income-above-poverty-line', reason_text: 'среднедушевой доход 8 412,50 тенге превышает черту бедности 7 374 тенге', grant: null });
    o.ok('head7', ['sign', o.regno]);
    const ru = stdoutOf(o.g('exec7', ['notice', o.regno]));
    expect(ru).toContain('в связи с тем, что среднедушевой доход семьи не ниже черты бедности (среднедушевой доход 8 412,50 тенге превышает черту бедности 7 374 тенге)');
    const kk = stdoutOf(o.g('exec7', ['notice', o.regno, '--lang', 'kk']));
    expect(kk).toContain('жан басына шаққандағы орташа табыс 8 412,50 теңге кедейлік шегінен (7 374 теңге) асады');
  });

  it('exactly at the line: refused, the text says «равен»', () => {
    const o = setup('2013-07-01T10:00:00+06:00');
    coupleEarning(o, '44244', '2013-05');
    o.ok('exec7', ['review', o.regno]);
    o.ok('exec7', ['draft', o.regno]);
    expect(o.view()).toMatchObject({ decision: 'refuse', reason: 'income-above-poverty-line', reason_text: 'среднедушевой доход 7 374,00 тенге равен черте бедности 7 374 тенге' });
  });

  it('an able-bodied member not registered as unemployed: refused with that reason; a grant against it is signed with the comment shown', () => {
    const o = setup('2013-09-30T10:00:00+06:00');
    o.ok('exec7', ['family', o.regno, 'add', '--iin', FATHER, '--name', 'Ерлан Нұрланов', '--relation', 'spouse', '--employment', 'not-registered']);
    o.ok('exec7', ['review', o.regno]);
    expect(o.view().determination).toMatchObject({ eligible: false, grounds: ['not-registered-unemployed'] });
    const r = o.g('exec7', ['draft', o.regno, '--grant', '--override', '--comment', 'Справка о регистрации представлена после рассмотрения']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Решение вопреки определению права; комментарий для начальника: Справка о регистрации представлена после рассмотрения');
    const sign = o.g('head7', ['sign', o.regno]);
    expect(sign.code, sign.stderr).toBe(0);
    expect(sign.stderr).toContain('Внимание: проект «назначить помощь» составлен вопреки определению права. Комментарий исполнителя: Справка о регистрации представлена после рассмотрения');
    // The grant pays what the income alone gives: nothing earned, 7 374 × 2 for September.
    expect(sign.stderr).toContain('Назначается: с 1 сентября по 30 сентября 2013 года, 1 месяц, по 14 748 тенге в месяц, всего 14 748 тенге.');
    const c = o.view();
    expect(c).toMatchObject({ decision: 'grant', override_comment: 'Справка о регистрации представлена после рассмотрения', grant: { members: 2, monthly_tiyn: 1474800, months: 1, total_tiyn: 1474800 } });
    expect(c.history.find((h) => h.step === 'sign')).toMatchObject({ override: 'Справка о регистрации представлена после рассмотрения' });
  });

  it('a missing poverty line refuses the review, naming the quarter and the command, and nothing changes; with the line set it works', () => {
    const o = setup('2013-05-06T10:00:00+06:00');
    o.ok('exec7', ['income', o.regno, 'add', '--iin', MOTHER, '--kind', 'pension', '--amount', '20000', '--month', '2013-03']);
    refused(o.db, () => o.g('exec7', ['review', o.regno]), 'Для II квартала 2013 нет черты бедности', 'gasp rates set --region almaty-oblast --year 2013 --quarter 2 --line ТЕНГЕ --source ТЕКСТ');
    refused(o.db, () => o.g('exec7', ['draft', o.regno]), 'рассмотрение документов');
    o.ok('admin', ['rates', 'set', '--region', 'republic', '--year', '2013', '--quarter', '2', '--line', '7123', '--source', 'тест']);
    o.ok('exec7', ['review', o.regno]);
    // 20 000 ÷ 3 = 6 666,67 for one; gap 456,33 → 456 a month; May and June.
    expect(o.view().determination).toMatchObject({ per_capita_tiyn: 666667, monthly_tiyn: 45600, months: 2, poverty_line: { region: 'republic', level: 'republic' } });
  });
});

describe('recording the family and incomes', () => {
  it('imports a family\'s incomes from CSV and from Excel, again without duplicates', async () => {
    const o = setup('2014-05-15T10:00:00+06:00');
    familyOfFour(o);
    const csv = path.join(o.dir, 'incomes.csv');
    fs.writeFileSync(csv, `ИИН;Вид;Месяц;Сумма\n${FATHER};wages;2014-01;20 000\n${FATHER};wages;2014-02;20000\n${MOTHER};child-benefit;2014-03;4000,50\n`);
    const first = o.g('exec7', ['income', o.regno, 'import', csv]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('incomes.csv: добавлено 3, уже было 0.');
    const again = o.g('exec7', ['income', o.regno, 'import', csv]);
    expect(again.stderr).toContain('incomes.csv: добавлено 0, уже было 3.');
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Доходы');
    sheet.addRow(['iin', 'kind', 'month', 'amount']);
    sheet.addRow([FATHER, 'wages', '2014-03', 20000]);
    sheet.addRow([MOTHER, 'child-benefit', '2014-03', 4000.5]);
    const xlsx = path.join(o.dir, 'incomes.xlsx');
    await book.xlsx.writeFile(xlsx);
    const x = o.g('exec7', ['income', o.regno, 'import', xlsx, '--json']);
    const view = json<{ incomes: { no: number; amount_tiyn: number }[]; added: number; skipped: number }>(x);
    expect(view).toMatchObject({ added: 1, skipped: 1 });
    expect(view.incomes.map((i) => i.amount_tiyn)).toEqual([2000000, 2000000, 400050, 2000000]);
    // Two employers paying the same in a month are two lines; a kind by its Russian name; an
    // ИИН typed as a number keeps its leading zero; a third decimal is refused, not rounded.
    o.ok('exec7', ['family', o.regno, 'remove', '--iin', DAUGHTER]);
    o.ok('exec7', ['family', o.regno, 'add', '--iin', DAUGHTER, '--name', 'Дана Нұрланова', '--relation', 'child']);
    fs.writeFileSync(csv, `iin;kind;month;amount\n${FATHER};wages;2014-02;7000\n${FATHER};оплата труда;2014-02;7000\n`);
    expect(json<{ added: number; skipped: number }>(o.g('exec7', ['income', o.regno, 'import', csv, '--json']))).toMatchObject({ added: 2, skipped: 0 });
    const book2 = new ExcelJS.Workbook();
    const sheet2 = book2.addWorksheet('Доходы');
    sheet2.addRow(['iin', 'kind', 'month', 'amount']);
    sheet2.addRow([Number(DAUGHTER), 'stipend', '2014-01', 1000]);
    await book2.xlsx.writeFile(xlsx);
    expect(json<{ added: number }>(o.g('exec7', ['income', o.regno, 'import', xlsx, '--json']))).toMatchObject({ added: 1 });
    sheet2.addRow([Number(DAUGHTER), 'stipend', '2014-02', 12345.675]);
    await book2.xlsx.writeFile(xlsx);
    refused(o.db, () => o.g('exec7', ['income', o.regno, 'import', xlsx]), 'строка 3', '«12345.675»');
    // A separator inside an amount (1,500 in a comma file) refuses the file rather than shift it.
    fs.writeFileSync(csv, `iin,kind,month,amount\n${FATHER},wages,2014-01,1,500\n`);
    refused(o.db, () => o.g('exec7', ['income', o.regno, 'import', csv]), 'строка 2: полей 5, а в заголовке 4');
    // …and with a trailing separator in the header, or a column gasp does not read after the amount.
    fs.writeFileSync(csv, `iin,kind,month,amount,\n${FATHER},alimony,2014-01,1,500\n`);
    refused(o.db, () => o.g('exec7', ['income', o.regno, 'import', csv]), 'строка 2: значение «500» в столбце 5');
    fs.writeFileSync(csv, `iin,kind,month,amount,note\n${FATHER},alimony,2014-01,1,500\n`);
    refused(o.db, () => o.g('exec7', ['income', o.regno, 'import', csv]), 'значение «500» в столбце note');
    // A bad row refuses the whole file, naming the row.
    fs.writeFileSync(csv, `iin,kind,month,amount\n${FATHER},wages,2014-01,100\n${FATHER},wages,2014-05,100\n`);
    refused(o.db, () => o.g('exec7', ['income', o.regno, 'import', csv]), 'incomes.csv, строка 3', '2014-05', 'Ничего не записано');
    const history = o.view().history.filter((h) => h.step === 'income');
    expect(history.map((h) => h.action)).toEqual(['import', 'import', 'import', 'import']);
  });

  it('refuses what is not accepted, in one sentence, changing nothing', () => {
    const o = setup('2014-05-15T10:00:00+06:00');
    const r = o.regno;
    refused(o.db, () => o.g('exec7', ['family', r, 'add', '--iin', '820410300003', '--name', 'Ерлан Нұрланов', '--relation', 'spouse']), 'ИИН 820410300003');
    refused(o.db, () => o.g('exec7', ['family', r, 'add', '--iin', FATHER, '--name', 'Ерлан Нұрланов', '--relation', 'husband']), '«husband»', 'spouse, child, parent');
    refused(o.db, () => o.g('exec7', ['family', r, 'add', '--iin', SON, '--name', 'Арман', '--relation', 'child', '--employment', 'working']), 'полных лет: 4', 'трудоспособного возраста');
    refused(o.db, () => o.g('exec7', ['family', r, 'add', '--iin', MOTHER, '--name', 'Әлия', '--relation', 'other']), 'это заявитель');
    refused(o.db, () => o.g('exec7', ['family', r, 'add', '--iin', '140801500005', '--name', 'Новорождённый', '--relation', 'child']), 'родился 01.08.2014, после заявления (15.05.2014)');
    refused(o.db, () => o.g('exec7', ['income', r, 'add', '--iin', MOTHER, '--kind', 'wages', '--amount', '100', '--month', '2014-13']), '«2014-13»', 'ГГГГ-ММ');
    refused(o.db, () => o.g('exec7', ['family', r, 'set', '--iin', MOTHER, '--employment', 'exempt']), '--exempt-reason');
    refused(o.db, () => o.g('exec7', ['income', r, 'add', '--iin', FATHER, '--kind', 'wages', '--amount', '100', '--month', '2014-01']), 'не член семьи');
    refused(o.db, () => o.g('exec7', ['income', r, 'add', '--iin', MOTHER, '--kind', 'salary', '--amount', '100', '--month', '2014-01']), '«salary»', 'wages');
    refused(o.db, () => o.g('exec7', ['income', r, 'add', '--iin', MOTHER, '--kind', 'wages', '--amount', '100', '--month', '2014-04']), '«2014-04»', '2014-01, 2014-02, 2014-03');
    refused(o.db, () => o.g('exec7', ['income', r, 'add', '--iin', MOTHER, '--kind', 'wages', '--amount', '12.345', '--month', '2014-01']), '«12.345»');
    refused(o.db, () => o.g('exec7', ['income', r, 'add', '--iin', MOTHER, '--kind', 'wages', '--amount', '-5', '--month', '2014-01']), '«-5»');
    refused(o.db, () => o.g('exec7', ['income', r, 'remove', '--line', '9']), '№ «9»');
    // Only the case's executor records; the head reads.
    refused(o.db, () => o.g('exec7b', ['income', r, 'add', '--iin', MOTHER, '--kind', 'wages', '--amount', '100', '--month', '2014-01']), 'не исполнитель дела');
    refused(o.db, () => o.g('head7', ['family', r, 'add', '--iin', FATHER, '--name', 'Ерлан Нұрланов', '--relation', 'spouse']), 'ответственный исполнитель');
    expect(o.g('head7', ['family', r]).code).toBe(0);
    // The rates are an admin's, and the line must agree with the subsistence minimum given.
    refused(o.db, () => o.g('exec7', ['rates', 'set', '--year', '2014', '--quarter', '2', '--line', '8000', '--source', 'x']), 'администратор');
    refused(o.db, () => o.g('admin', ['rates', 'set', '--year', '2014', '--quarter', '2', '--line', '8000', '--subsistence', '18045', '--source', 'x']), 'по правилам это 7 218 тенге');
    refused(o.db, () => o.g('admin', ['rates', 'set', '--region', 'mars', '--year', '2014', '--quarter', '2', '--line', '8000', '--source', 'x']), '«mars»', 'almaty-oblast');
    refused(o.db, () => o.g('admin', ['rates', 'set', '--year', '2014', '--quarter', '5', '--line', '8000', '--source', 'x']), '«5»');
    refused(o.db, () => o.g('admin', ['rates', 'set', '--year', '2014', '--quarter', '2', '--line', '7218,50', '--source', 'x']), '«7218,50»');
    // Wrong usage: exit 2.
    expect(o.g('exec7', ['family', r, 'marry', '--iin', FATHER]).code).toBe(2);
    expect(o.g('exec7', ['income', r, 'remove', '--iin', FATHER]).code).toBe(2);
  });

  it('a change after the determination clears it: the draft asks for a new review; a paper case is drafted by hand and says so', () => {
    const o = setup('2014-05-15T10:00:00+06:00');
    o.ok('exec7', ['income', o.regno, 'add', '--iin', MOTHER, '--kind', 'pension', '--amount', '15000', '--month', '2014-02']);
    o.ok('exec7', ['review', o.regno]);
    o.ok('exec7', ['income', o.regno, 'add', '--iin', MOTHER, '--kind', 'pension', '--amount', '15000', '--month', '2014-03']);
    expect(o.view().determination).toBeNull();
    refused(o.db, () => o.g('exec7', ['draft', o.regno]), 'gasp review');
    refused(o.db, () => o.g('exec7', ['draft', o.regno, '--grant']), 'gasp review');
    o.ok('exec7', ['review', o.regno]);
    expect(o.view().determination).toMatchObject({ total_tiyn: 3000000 });
    o.ok('exec7', ['draft', o.regno]);

    const paper = setup('2014-05-15T10:00:00+06:00', '820410300002');
    const rev = paper.g('exec7', ['review', paper.regno]);
    expect(rev.stderr).toContain('рассмотрено без определения права');
    refused(paper.db, () => paper.g('exec7', ['draft', paper.regno]), 'право не определялось', '--grant или --refuse');
    const d = paper.g('exec7', ['draft', paper.regno, '--refuse', '--reason', 'incomplete-documents']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stderr).toContain('составлен вручную, без определения права');
  });

  it('a corrected ИИН of the applicant takes their incomes along and clears the determination; refused after a draft from it, or onto a member', () => {
    const o = setup('2014-05-15T10:00:00+06:00');
    o.ok('exec7', ['family', o.regno, 'add', '--iin', FATHER, '--name', 'Ерлан Нұрланов', '--relation', 'spouse', '--employment', 'working']);
    o.ok('exec7', ['income', o.regno, 'add', '--iin', MOTHER, '--kind', 'pension', '--amount', '15000', '--month', '2014-02']);
    o.ok('exec7', ['review', o.regno]);
    refused(o.db, () => o.g('clerk7', ['correct', o.regno, '--iin', FATHER, '--comment', 'опечатка']), `ИИН ${FATHER}`, 'члена семьи');
    const other = '850315400203';
    const r = o.g('clerk7', ['correct', o.regno, '--iin', other, '--comment', 'опечатка в ИИН']);
    expect(r.code, r.stderr).toBe(0);
    const c = o.view();
    expect(c.determination).toBeNull();
    expect(c.history.at(-1)).toMatchObject({ step: 'correct', income_lines_moved: 1, determination_cleared: true });
    const listed = json<{ incomes: { iin: string }[] }>(o.g('exec7', ['income', o.regno, '--json']));
    expect(listed.incomes.map((i) => i.iin)).toEqual([other]);
    o.ok('exec7', ['review', o.regno]);
    expect(o.view().determination).toMatchObject({ total_tiyn: 1500000 });
    o.ok('exec7', ['draft', o.regno]);
    refused(o.db, () => o.g('clerk7', ['correct', o.regno, '--iin', MOTHER, '--comment', 'опечатка']), 'gasp return');
  });

  it('flags a member already granted for the same quarter, with that case\'s number', () => {
    const o = setup('2014-05-15T10:00:00+06:00');
    familyOfFour(o);
    o.ok('exec7', ['income', o.regno, 'add', '--iin', FATHER, '--kind', 'wages', '--amount', '30000', '--month', '2014-01']);
    o.ok('exec7', ['review', o.regno]);
    o.ok('exec7', ['draft', o.regno]);
    o.ok('head7', ['sign', o.regno]);
    // The father applies himself in June, naming a son.
    const reg = json<Case>(o.ok('clerk7', ['register', '--iin', FATHER, '--name', 'Ерлан Нұрланов', '--address', 'пос. Отеген батыр, ул. Титова, 12', '--docs', DOCS, '--json'], '2014-06-02T10:00:00+06:00'));
    o.ok('head7', ['assign', reg.regno, '--executor', 'exec7b'], '2014-06-02T10:00:00+06:00');
    o.ok('exec7b', ['family', reg.regno, 'add', '--iin', SON, '--name', 'Арман Нұрланов', '--relation', 'child'], '2014-06-02T10:00:00+06:00');
    const review = o.g('exec7b', ['review', reg.regno], '2014-06-02T11:00:00+06:00');
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toContain(`уже получает помощь за этот квартал по делу ${o.regno}`);
    const d = json<Case>(o.g('exec7b', ['case', reg.regno, '--json'], '2014-06-02T11:00:00+06:00')).determination!;
    expect(d.same_quarter).toEqual([
      { iin: SON, regno: o.regno, office: 7 },
      { iin: FATHER, regno: o.regno, office: 7 },
    ]);
    // The head is told again at signing.
    o.ok('exec7b', ['draft', reg.regno], '2014-06-02T12:00:00+06:00');
    const sign = o.g('head7', ['sign', reg.regno], '2014-06-02T12:30:00+06:00');
    expect(sign.stderr).toContain(`Внимание: Арман Нұрланов (${SON}) уже получает помощь за этот квартал по делу ${o.regno} (отдел 07).`);
  });
});
