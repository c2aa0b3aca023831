// The arithmetic of step 3 (src/domain/eligibility.ts, src/domain/money.ts): worked examples
// computed by hand, and properties (fast-check) that hold for any family, income and line.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EligibilityRules, type IncomeInput, type MemberInput, type PovertyLine, determine, lineFromSubsistence, monthsPayable, paymentPeriod } from '../src/domain/eligibility';
import { divide, formatTenge, parseTenge, toWholeTenge } from '../src/domain/money';
import { grantText, incomeRefusalText } from '../src/documents/amounts';
import { root } from './helpers';

const rules = JSON.parse(fs.readFileSync(path.join(root, 'data', 'eligibility.json'), 'utf8')) as EligibilityRules;
const T = 100; // tiyn in a tenge

const member = (iin: string, birth: string, sex: 'male' | 'female', relation: MemberInput['relation'], employment: MemberInput['employment'] = null): MemberInput => ({
  iin,
  name: iin,
  relation,
  birth_date: birth,
  sex,
  employment,
  exempt_reason: employment === 'exempt' ? 'уход за ребёнком до 7 лет' : null,
});
const line = (tenge: number, year: number, quarter: number): PovertyLine => ({ region: 'republic', level: 'republic', year, quarter, line_tiyn: tenge * T, subsistence_tiyn: null, source: 'test' });
let no = 0;
const income = (iin: string, kind: string, month: string, tenge: number): IncomeInput => ({ no: ++no, iin, kind, month, amount_tiyn: Math.round(tenge * T) });

// A family of four: mother (applicant, caring for a child under 7), father (working), two children.
const MOTHER = member('850315400124', '1985-03-15', 'female', 'applicant', 'exempt');
const FATHER = member('820410300002', '1982-04-10', 'male', 'spouse', 'working');
const SON = member('100506500004', '2010-05-06', 'male', 'child');
const DAUGHTER = member('070912500003', '2007-09-12', 'female', 'child');
const FOUR = [MOTHER, FATHER, SON, DAUGHTER];

describe('worked examples (computed by hand)', () => {
  it('a family of four with two incomes below the line, applying on 15 May 2014: 2 months of 4 872 tenge', () => {
    // Q1 2014: wages 60 000 + child benefit 12 000 = 72 000; 72 000 ÷ 4 ÷ 3 = 6 000,00;
    // line II 2014 7 218; gap 1 218,00 × 4 = 4 872 a month; May and June: 9 744.
    const d = determine({
      applicationDate: '2014-05-15',
      members: FOUR,
      incomes: [income(FATHER.iin, 'wages', '2014-02', 60000), income(MOTHER.iin, 'child-benefit', '2014-03', 12000)],
      line: line(7218, 2014, 2),
      rules,
    });
    expect(d).toMatchObject({
      n: 4,
      total_tiyn: 72000 * T,
      per_capita_tiyn: 6000 * T,
      eligible: true,
      grounds: [],
      per_member_gap_tiyn: 1218 * T,
      monthly_tiyn: 4872 * T,
      months: 2,
      period: { from: '2014-05-01', to: '2014-06-30' },
      quarter_total_tiyn: 9744 * T,
      income_quarter: { year: 2014, quarter: 1 },
    });
    expect(grantText({ monthly_tiyn: d.monthly_tiyn, months: d.months, from: d.period.from, to: d.period.to, total_tiyn: d.quarter_total_tiyn }, 'ru')).toBe(
      'с 1 мая по 30 июня 2014 года, 2 месяца, по 4 872 тенге в месяц, всего 9 744 тенге',
    );
  });

  it('an application in February: 2 months, the per capita kept to the tiyn, the amount rounded half up', () => {
    // Q4 2012: wages 50 000 for three; 50 000 ÷ 3 ÷ 3 = 5 555,555… → 5 555,56; line I 2013 6 679;
    // gap 1 123,44 × 3 = 3 370,32 → 3 370 a month; February and March: 6 740.
    const d = determine({
      applicationDate: '2013-02-20',
      members: [MOTHER, FATHER, SON],
      incomes: [income(FATHER.iin, 'wages', '2012-11', 50000)],
      line: line(6679, 2013, 1),
      rules,
    });
    expect(d).toMatchObject({ per_capita_tiyn: 555556, per_member_gap_tiyn: 112344, monthly_tiyn: 3370 * T, months: 2, quarter_total_tiyn: 6740 * T });
    expect(d.period).toEqual({ from: '2013-02-01', to: '2013-03-31' });
    expect(grantText({ monthly_tiyn: d.monthly_tiyn, months: 2, from: d.period.from, to: d.period.to, total_tiyn: d.quarter_total_tiyn }, 'kk')).toBe(
      '2013 жылғы 1 ақпаннан 31 наурызға дейін, 2 ай, айына 3 370 теңгеден, барлығы 6 740 теңге',
    );
  });

  it('exactly at the line: no right (the income must be below it), and the refusal says «равен»', () => {
    // Q2 2013 total 44 244 for two: 44 244 ÷ 2 ÷ 3 = 7 374,00 = the line of III 2013.
    const d = determine({ applicationDate: '2013-07-01', members: [MOTHER, FATHER], incomes: [income(FATHER.iin, 'wages', '2013-05', 44244)], line: line(7374, 2013, 3), rules });
    expect(d).toMatchObject({ per_capita_tiyn: 7374 * T, eligible: false, grounds: ['income-above-poverty-line'], monthly_tiyn: 0, months: 0, quarter_total_tiyn: 0 });
    expect(incomeRefusalText(d.per_capita_tiyn, d.poverty_line.line_tiyn, 'ru')).toBe('среднедушевой доход 7 374,00 тенге равен черте бедности 7 374 тенге');
  });

  it('above the line: refused with both figures', () => {
    // 50 475 ÷ 2 ÷ 3 = 8 412,50 > 7 374.
    const d = determine({ applicationDate: '2013-08-05', members: [MOTHER, FATHER], incomes: [income(FATHER.iin, 'wages', '2013-04', 50475)], line: line(7374, 2013, 3), rules });
    expect(d).toMatchObject({ per_capita_tiyn: 841250, eligible: false, grounds: ['income-above-poverty-line'], monthly_tiyn: 0 });
    expect(incomeRefusalText(d.per_capita_tiyn, d.poverty_line.line_tiyn, 'ru')).toBe('среднедушевой доход 8 412,50 тенге превышает черту бедности 7 374 тенге');
    expect(incomeRefusalText(d.per_capita_tiyn, d.poverty_line.line_tiyn, 'kk')).toBe('жан басына шаққандағы орташа табыс 8 412,50 теңге кедейлік шегінен (7 374 теңге) асады');
  });

  it('an able-bodied member not registered as unemployed makes the family ineligible (the default), whatever the income', () => {
    const idle = member('820410300002', '1982-04-10', 'male', 'spouse', 'not-registered');
    const d = determine({ applicationDate: '2013-09-30', members: [MOTHER, idle, SON], incomes: [], line: line(7374, 2013, 3), rules });
    expect(d).toMatchObject({ eligible: false, grounds: ['not-registered-unemployed'], not_registered: [idle.iin], monthly_tiyn: 0, months: 0 });
    // The setting `ignore` keeps the right; the member is still named.
    const lenient = determine({ applicationDate: '2013-09-30', members: [MOTHER, idle, SON], incomes: [], line: line(7374, 2013, 3), rules: { ...rules, not_registered: 'ignore' } });
    // Nothing earned: 7 374 × 3 a month, September alone.
    expect(lenient).toMatchObject({ eligible: true, not_registered: [idle.iin], monthly_tiyn: 22122 * T, months: 1, quarter_total_tiyn: 22122 * T });
  });

  it('an excluded kind (housing aid, ASP) and a month outside the quarter do not count', () => {
    const d = determine({
      applicationDate: '2014-04-02',
      members: FOUR,
      incomes: [
        income(FATHER.iin, 'wages', '2014-01', 60000),
        income(MOTHER.iin, 'housing-aid', '2014-02', 5000),
        income(MOTHER.iin, 'asp', '2014-03', 9000),
        income(FATHER.iin, 'wages', '2013-12', 60000),
      ],
      line: line(7218, 2014, 2),
      rules,
    });
    expect(d.incomes.map((i) => i.why)).toEqual(['included', 'excluded-kind', 'excluded-kind', 'outside-quarter']);
    // 60 000 ÷ 12 = 5 000; gap 2 218 × 4 = 8 872 a month; April: 3 months, 26 616.
    expect(d).toMatchObject({ total_tiyn: 60000 * T, per_capita_tiyn: 5000 * T, monthly_tiyn: 8872 * T, months: 3, quarter_total_tiyn: 26616 * T });
  });

  it('an unrecorded employment is shown and does not block', () => {
    const d = determine({ applicationDate: '2014-05-15', members: [member('820410300002', '1982-04-10', 'male', 'applicant')], incomes: [], line: line(7218, 2014, 2), rules });
    expect(d).toMatchObject({ eligible: true, unrecorded: ['820410300002'] });
  });

  it('months paid by the month of application; the line from a subsistence minimum', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(monthsPayable)).toEqual([3, 2, 1, 3, 2, 1, 3, 2, 1, 3, 2, 1]);
    expect(paymentPeriod('2013-12-31')).toEqual({ from: '2013-12-01', to: '2013-12-31', months: 1 });
    expect(paymentPeriod('2016-01-10')).toEqual({ from: '2016-01-01', to: '2016-03-31', months: 3 });
    // 40% of the published minimums, half up (research §4.3 and §2.3).
    expect([16698, 18436, 18797, 18045, 20176, 22636, 15609].map((pm) => lineFromSubsistence(pm * T, 40) / T)).toEqual([6679, 7374, 7519, 7218, 8070, 9054, 6244]);
    // Rounded once: 40% of 18 436,24 is 7 374,496, so 7 374 (not 7 374,50 and then 7 375).
    expect(lineFromSubsistence(1843624, 40)).toBe(737400);
    expect(lineFromSubsistence(1843625, 40)).toBe(737500);
  });

  it('money is read and written without floating point', () => {
    expect(parseTenge('12 345,50')).toBe(1234550);
    expect(parseTenge('12345.5')).toBe(1234550);
    expect(parseTenge('7374')).toBe(737400);
    for (const bad of ['', '1,234', '12.345', '-5', '1e3', '12 34', 'abc', '1.005']) expect(parseTenge(bad), bad).toBeNull();
    expect(formatTenge(841250)).toBe('8 412,50');
    expect(formatTenge(737400, { whole: true })).toBe('7 374');
    expect(divide(5, 2, 'half-up')).toBe(3);
    expect(divide(5, 2, 'down')).toBe(2);
    expect(divide(4, 2, 'up')).toBe(2);
    expect(toWholeTenge(337032, 'half-up')).toBe(337000);
    expect(toWholeTenge(337050, 'half-up')).toBe(337100);
  });
});

describe('properties', () => {
  const lineArb = fc.integer({ min: 1000, max: 200_000 }).map((tenge) => line(tenge, 2014, 2));
  const dateArb = fc.integer({ min: 4, max: 6 }).chain((m) => fc.integer({ min: 1, max: 28 }).map((d) => `2014-0${m}-${String(d).padStart(2, '0')}`));
  const familyArb = fc.integer({ min: 1, max: 4 }).map((n) => FOUR.slice(0, n));
  const incomesArb = (members: MemberInput[]) =>
    fc.array(
      fc.record({
        who: fc.integer({ min: 0, max: members.length - 1 }),
        kind: fc.constantFrom('wages', 'pension', 'child-benefit', 'housing-aid', 'asp', 'alimony'),
        month: fc.constantFrom('2014-01', '2014-02', '2014-03'),
        amount: fc.integer({ min: 1, max: 100_000_000 }),
      }),
      { maxLength: 8 },
    ).map((rows) => rows.map((r, i) => ({ no: i + 1, iin: members[r.who]!.iin, kind: r.kind, month: r.month, amount_tiyn: r.amount })));
  const caseArb = familyArb.chain((members) => fc.record({ members: fc.constant(members), incomes: incomesArb(members), line: lineArb, date: dateArb }));
  const run = (c: { members: MemberInput[]; incomes: IncomeInput[]; line: PovertyLine; date: string }) => determine({ applicationDate: c.date, members: c.members, incomes: c.incomes, line: c.line, rules });

  it('the amount is never negative, is 0 if and only if not eligible, and is whole tenge in integers', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = run(c);
        expect(d.monthly_tiyn).toBeGreaterThanOrEqual(0);
        expect(d.quarter_total_tiyn).toBeGreaterThanOrEqual(0);
        expect(d.monthly_tiyn === 0).toBe(!d.eligible);
        expect(d.quarter_total_tiyn === 0).toBe(!d.eligible);
        for (const v of [d.monthly_tiyn, d.quarter_total_tiyn, d.per_capita_tiyn, d.total_tiyn, d.per_member_gap_tiyn]) expect(Number.isSafeInteger(v)).toBe(true);
        expect(d.monthly_tiyn % T).toBe(0);
        expect(d.quarter_total_tiyn).toBe(d.monthly_tiyn * d.months);
        expect(d.eligible).toBe(d.per_capita_tiyn < c.line.line_tiyn);
      }),
      { numRuns: 500 },
    );
  });

  it('the amount never decreases when an income decreases (or is removed)', () => {
    fc.assert(
      fc.property(
        caseArb.filter((c) => c.incomes.length > 0),
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, pick, share) => {
          const k = pick % c.incomes.length;
          const lower = c.incomes.map((i, j) => (j === k ? { ...i, amount_tiyn: Math.floor(i.amount_tiyn * share) } : i));
          const before = run(c);
          const after = run({ ...c, incomes: lower });
          expect(after.monthly_tiyn).toBeGreaterThanOrEqual(before.monthly_tiyn);
          expect(after.per_capita_tiyn).toBeLessThanOrEqual(before.per_capita_tiyn);
          if (before.eligible) expect(after.eligible).toBe(true);
          const without = run({ ...c, incomes: c.incomes.filter((_, j) => j !== k) });
          expect(without.monthly_tiyn).toBeGreaterThanOrEqual(before.monthly_tiyn);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the per capita income is the total ÷ N ÷ 3 to the tiyn, half up', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = run(c);
        const exact = d.total_tiyn / (d.n * 3);
        expect(Math.abs(d.per_capita_tiyn - exact)).toBeLessThanOrEqual(0.5);
      }),
      { numRuns: 300 },
    );
  });
});
