// Listings cost what they show: every listing (`cases` and each of its filters, `overdue`,
// `find`), in every scope (an admin, an office, an akimat), reads its page from one index that
// seeks the filter and gives the listing's order, and counts its total from the kept counts or
// from an index alone — proven by SQLite's EXPLAIN QUERY PLAN on a database of many cases, as
// it is and after ANALYZE (whose statistics change what the planner picks). `gasp case REGNO`
// is one lookup and its history. And the JSON of a whole listing, streamed, is byte for byte
// the JSON of the same cases as one page.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameWords, phoneKey } from '../src/domain/search';
import { seedReferenceData } from '../src/services/directory';
import { type CaseFilter, explainCase, explainCases, explainCount } from '../src/store/cases';
import { type Store, openStore } from '../src/store/db';
import { cliTable, drawTable } from '../src/cli/render/output';
import { baseEnv, bin, tmpDir } from './helpers';

const CASES = 20_000;
const NOW = '2013-06-01T06:00:00.000Z';
const GASP_NOW = '2013-06-01T12:00:00+06:00';
const IN_WORK = ['registered', 'assigned', 'reviewed', 'drafted', 'signed'];
const SURNAMES = ['Нурланова', 'Ахметов', 'Жақсылықов', 'Иванова', 'Сейткали', 'Омаров', 'Касымова', 'Петров', 'Бекова', 'Смагулов', 'Әлиева', 'Қасымов'];
const GIVEN = ['Алия', 'Серик', 'Дина', 'Ерлан', 'Айгуль', 'Иван', 'Жанар', 'Арман', 'Мария', 'Болат'];

/** A database of CASES cases in 19 offices over a year and a half, their states and deadlines as
 * a real office's: most issued, some withdrawn, a few percent in work, about half of those late. */
async function buildDb(file: string): Promise<void> {
  const store = await openStore(file, { create: true });
  await seedReferenceData(store.db);
  await store.close();
  const raw = new Database(file);
  const akimats = raw.prepare('select code, office from akimats').all() as { code: string; office: number }[];
  const staff = raw.prepare(`insert into staff (login, name, role, office, akimat, created_at) values (?, ?, ?, ?, ?, '2012-01-01T00:00:00Z')`);
  const insert = raw.prepare(`insert into cases (regno, office, year, seq, akimat, intake, received_at, registered_at, clerk, iin, name, name_key,
      birth_date, sex, address, phone, phone_key, docs, missing_docs, state, executor, deadline_at, deadlines, updated_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '1985-03-15', 'female', 'ул. Абая, 1', ?, ?, '[]', '[]', ?, ?, ?, '{}', ?)`);
  const word = raw.prepare('insert or ignore into case_words (word, case_id) values (?, ?)');
  let x = 42;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]!;
  const seq = new Map<string, number>();
  const t0 = Date.parse('2012-01-01T03:00:00Z');
  const span = Date.parse(NOW) - t0;
  raw.transaction(() => {
    staff.run('admin', 'Админ Админов', 'admin', null, null);
    for (let o = 1; o <= 19; o++) {
      staff.run(`clerk${o}`, `Клерк ${o}`, 'clerk', o, null);
      for (const e of 'abcd') staff.run(`exec${o}${e}`, `Исполнитель ${o}${e}`, 'executor', o, null);
    }
    staff.run('akim0701', 'Аким 07-01', 'akimat', null, '07-01');
    for (let i = 0; i < CASES; i++) {
      const office = 1 + Math.floor(rnd() * 19);
      const own = akimats.filter((a) => a.office === office);
      const akimat = own.length && rnd() < 0.15 ? pick(own).code : null;
      const at = new Date(t0 + Math.floor((i / CASES) * span)).toISOString();
      const year = Number(at.slice(0, 4));
      const key = `${office}-${year}`;
      seq.set(key, (seq.get(key) ?? 0) + 1);
      const r = rnd();
      let state = r < 0.05 ? 'withdrawn' : 'issued';
      let executor: string | null = `exec${office}${pick([...'abcd'])}`;
      let deadline: string | null = null;
      if (r > 0.95 || i > CASES * 0.98) {
        state = pick(IN_WORK);
        if (state === 'registered') executor = null;
        deadline = new Date(Date.parse(at) + (rnd() < 0.5 ? 1 : 60) * 86_400_000).toISOString();
      }
      const name = `${pick(SURNAMES)} ${pick(GIVEN)} ${i}`;
      const phone = `+7701${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`;
      const iin = String(100_000_000_000 + Math.floor(rnd() * 899_999_999_999));
      const regno = `${String(office).padStart(2, '0')}-${year}-${String(seq.get(key)).padStart(5, '0')}`;
      const id = insert.run(regno, office, year, seq.get(key), akimat, akimat ? 'akimat' : 'office', at, at, `clerk${office}`, iin, name, name, phone, phoneKey(phone), state, executor, deadline, at).lastInsertRowid;
      for (const w of nameWords(name)) word.run(w, id);
    }
  })();
  raw.close();
}

type Scope = CaseFilter['scope'];
const SCOPES: [string, Scope][] = [
  ['admin', {}],
  ['office', { office: 7 }],
  ['akimat', { akimat: '07-01' }],
];

const DAY = { registeredFrom: '2012-06-01T00:00:00.000Z', registeredTo: '2012-06-02T00:00:00.000Z' };
/** Every filter a user has, alone and in the pairs people use. */
const FILTERS: [string, CaseFilter][] = [
  ['no filter', {}],
  ['--state issued', { state: 'issued' }],
  ['--state assigned', { state: 'assigned' }],
  ['--office', { office: 7 }],
  ['--executor', { executor: 'exec7a' }],
  ['--overdue', { overdueAt: NOW }],
  ['--date', DAY],
  ['--iin', { iin: '123456789012' }],
  ['--iin prefix', { iinPrefix: '1234567' }],
  ['--phone', { phone: '4321' }],
  ['--name', { words: ['нурланова'] }],
  ['--name two words', { words: ['нурланова', 'алия'] }],
  ['find', { any: { iinPrefix: '123456', phone: '654321', words: ['нурланова'] } }],
  ['find a regno', { any: { regno: '07-2012-00001' } }],
  ['--state --executor', { state: 'assigned', executor: 'exec7a' }],
  ['--state --date', { state: 'issued', ...DAY }],
  ['--state --office', { state: 'withdrawn', office: 7 }],
  ['--executor --date', { executor: 'exec7a', ...DAY }],
  ['--overdue --state', { overdueAt: NOW, state: 'drafted' }],
  ['--overdue --executor', { overdueAt: NOW, executor: 'exec7a' }],
  ['--overdue --office', { overdueAt: NOW, office: 7 }],
  ['--overdue --date', { overdueAt: NOW, ...DAY }],
];

const isSearch = (f: CaseFilter) => Boolean(f.iin || f.iinPrefix || f.phone || f.words || f.any);
/** Filters whose total is the sum of the kept counts (by office, akimat, state). */
const isCounted = (f: CaseFilter) => !isSearch(f) && !f.executor && !f.overdueAt && !f.registeredFrom;

/** The index each listing is built to read: the one its filter seeks, in the listing's order. */
function expectedIndex(f: CaseFilter): string {
  const akimat = f.scope?.akimat !== undefined;
  const office = !akimat && (f.scope?.office !== undefined || f.office !== undefined);
  if (f.overdueAt) return akimat ? 'cases_akimat_overdue' : office ? 'cases_office_overdue' : 'cases_overdue';
  if (f.executor) return 'cases_executor_registered';
  if (f.state) return akimat ? 'cases_akimat_state' : office ? 'cases_office_state' : 'cases_state_registered';
  return akimat ? 'cases_akimat_registered' : office ? 'cases_office_registered' : 'cases_registered';
}

/** What is wrong with a listing's page plan and its count's plan; nothing when all is well. */
function faults(f: CaseFilter, page: string[], count: string[], opts: { lookups?: boolean } = {}): string[] {
  const found: string[] = [];
  const all = [...page, ...count].join('\n');
  if (/SCAN cases(?! USING)/.test(all)) found.push('scans the cases table');
  if (/SCAN case_words/.test(all)) found.push('scans the name words');
  if (isSearch(f)) {
    // A person's cases are few: the search's own index drives, the match is then sorted.
    const own = /cases_iin \(iin|cases_phone \(phone_key|case_words USING PRIMARY KEY \(word>\? AND word<\?\)|sqlite_autoindex_cases_1 \(regno=\?\)/;
    if (!own.test(page.join('\n'))) found.push(`the page is not driven by the search's index: ${page.join(' | ')}`);
    if (/cases_(office|akimat)_registered|cases_registered/.test(page.join('\n'))) found.push('the page walks the scope instead of the search');
    if (/SCAN cases/.test(all)) found.push('scans an index of the cases');
    return found;
  }
  const index = expectedIndex(f);
  const seekable = Object.keys(f.scope ?? {}).length > 0 || Object.keys(f).some((k) => !['scope', 'order', 'limit', 'offset'].includes(k));
  const walk = page.filter((l) => /\bcases\b/.test(l));
  const how = `${seekable ? 'SEARCH' : 'SCAN'} cases USING ${opts.lookups ? '' : 'COVERING '}INDEX ${index}${seekable ? ' (' : ''}`;
  if (walk.length !== 1 || !walk[0]!.startsWith(how)) found.push(`the page should ${how.trim()}…, it does ${page.join(' | ')}`);
  // The listing's order comes from the index, so a first page stops after its rows; only
  // `cases --overdue` sorts, and only the overdue cases (those in work, few), from the index.
  const sorts = page.some((l) => /TEMP B-TREE/.test(l));
  if (sorts && !(f.overdueAt && f.order === 'newest')) found.push(`the page sorts the whole match: ${page.join(' | ')}`);
  if (isCounted(f)) {
    if (!count.every((l) => /case_counts/.test(l))) found.push(`the total is not a sum of the kept counts: ${count.join(' | ')}`);
  } else if (!(count.length === 1 && count[0]!.startsWith(`SEARCH cases USING COVERING INDEX ${index} (`))) {
    found.push(`the total is not counted on ${index} alone: ${count.join(' | ')}`);
  }
  return found;
}

let dir: string;
let file: string;

beforeAll(async () => {
  dir = tmpDir('gasp-plans-');
  file = path.join(dir, 'gasp.sqlite');
  await buildDb(file);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function withStore<T>(f: (s: Store) => Promise<T>): Promise<T> {
  const s = await openStore(file);
  try {
    return await f(s);
  } finally {
    await s.close();
  }
}

/** Every listing and its count in every scope, with the faults of each plan. */
async function allPlans(): Promise<{ name: string; faults: string[] }[]> {
  return withStore(async (s) => {
    const out: { name: string; faults: string[] }[] = [];
    for (const [scopeName, scope] of SCOPES) {
      for (const [filterName, filter] of FILTERS) {
        // An akimat user naming an office: their akimat's cases, read one by one for the office.
        const lookups = (scope?.akimat !== undefined && filter.office !== undefined && !filter.executor);
        if (scope?.akimat !== undefined && filter.office !== undefined && filter.overdueAt) continue;
        const orders: CaseFilter['order'][] = filter.overdueAt && !filter.state && !filter.executor && !filter.registeredFrom ? ['newest', 'deadline'] : ['newest'];
        for (const order of orders) {
          for (const page of [1, 3]) {
            const f: CaseFilter = { scope, ...filter, order, limit: 50, offset: (page - 1) * 50 };
            const name = `${scopeName}: ${order === 'deadline' ? 'overdue' : 'cases'} ${filterName}, page ${page}`;
            out.push({ name, faults: faults(f, await explainCases(s.db, f), await explainCount(s.db, f), { lookups }) });
          }
        }
      }
    }
    // `gasp export register` and `report` walk a day, an office's year, in registration order.
    for (const [scopeName, scope] of SCOPES) {
      const f: CaseFilter = { scope, ...DAY, order: 'registered' };
      const plan = await explainCases(s.db, f);
      const ok = plan.length === 1 && /^SEARCH cases USING COVERING INDEX cases_(office_|akimat_)?registered \(/.test(plan[0]!);
      out.push({ name: `${scopeName}: a day in registration order`, faults: ok ? [] : [plan.join(' | ')] });
    }
    return out;
  });
}

describe('query plans', () => {
  it('finds a fault in a plan that scans the cases or sorts a whole match (the check itself)', () => {
    const f: CaseFilter = { scope: { office: 7 }, state: 'issued', order: 'newest', limit: 50 };
    expect(faults(f, ['SCAN cases'], ['SCAN cases'])).toContain('scans the cases table');
    expect(faults(f, ['SEARCH cases USING INDEX cases_office_registered (office=?)'], ['SEARCH cases USING INDEX cases_office_registered (office=?)']).length).toBeGreaterThan(1);
    expect(faults(f, ['SEARCH cases USING COVERING INDEX cases_office_state (office=? AND state=?)', 'USE TEMP B-TREE FOR ORDER BY'], ['SEARCH case_counts USING PRIMARY KEY (office=?)'])).toHaveLength(1);
    expect(faults(f, ['SEARCH cases USING COVERING INDEX cases_office_state (office=? AND state=?)'], ['SEARCH case_counts USING PRIMARY KEY (office=?)'])).toEqual([]);
  });

  it('keeps every listing, filter and scope on its index, and every total off the cases', async () => {
    const plans = await allPlans();
    expect(plans.length).toBeGreaterThan(120);
    expect(plans.filter((p) => p.faults.length)).toEqual([]);
  });

  it('keeps them there after ANALYZE has given the planner statistics', async () => {
    const raw = new Database(file);
    raw.exec('analyze');
    raw.close();
    try {
      expect((await allPlans()).filter((p) => p.faults.length)).toEqual([]);
    } finally {
      const again = new Database(file);
      again.exec('drop table sqlite_stat1');
      again.close();
    }
  });

  it('reads one case by its number and its history by the case, nothing else', async () => {
    const [lookup, history] = await withStore((s) => explainCase(s.db, '07-2012-00001'));
    expect(lookup).toEqual([expect.stringMatching(/^SEARCH cases USING INDEX sqlite_autoindex_cases_\d \(regno=\?\)$/)]);
    expect(history).toEqual(['SEARCH events USING INDEX events_case (case_id=?)']);
  });
});

describe('kept counts and name words', () => {
  const kept = (raw: Database.Database) => raw.prepare(`select office, akimat, state, n from case_counts where n > 0 order by 1, 2, 3`).all();
  const counted = (raw: Database.Database) =>
    raw.prepare(`select office, coalesce(akimat, '') akimat, state, count(*) n from cases group by 1, 2, 3 order by 1, 2, 3`).all();

  // Every name word carries its case's registration time, office and akimat.
  const strayWords = (raw: Database.Database) =>
    raw
      .prepare(`select count(*) from case_words w join cases c on c.id = w.case_id
        where w.registered_at is not c.registered_at or w.office is not c.office or w.akimat is not c.akimat`)
      .pluck()
      .get();

  it('match the cases after inserts, moves, a change of akimat, office or time, and a removal', () => {
    const copy = path.join(dir, 'counts.sqlite');
    fs.copyFileSync(file, copy);
    const raw = new Database(copy);
    try {
      expect(kept(raw)).toEqual(counted(raw));
      expect(kept(raw).length).toBeGreaterThan(100);
      expect(raw.prepare('select count(*) from case_words where registered_at is null').pluck().get()).toBe(0);
      expect(strayWords(raw)).toBe(0);
      raw.exec(`update cases set state = 'assigned' where id % 97 = 0`);
      raw.exec(`update cases set akimat = '07-01' where id % 89 = 0 and office = 7`);
      raw.exec(`update cases set akimat = null where id % 83 = 0`);
      raw.exec(`update cases set office = 3, akimat = null, seq = 1000000 + id where id % 79 = 0`);
      raw.exec(`update cases set updated_at = 'x' where id % 7 = 0`);
      raw.exec(`update cases set registered_at = '2012-02-02T02:02:02.000Z' where id % 73 = 0`);
      raw.exec(`delete from case_words where case_id % 71 = 0`);
      raw.exec(`insert into case_words (word, case_id) select 'новое', id from cases where id % 71 = 0`);
      raw.exec(`delete from case_words where case_id % 101 = 0`);
      raw.exec(`delete from cases where id % 101 = 0`);
      expect(kept(raw)).toEqual(counted(raw));
      expect(strayWords(raw)).toBe(0);
    } finally {
      raw.close();
    }
  });
});

describe('listings as JSON', () => {
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [bin, '--db', file, '--as', 'admin', '--no-input', ...args], { env: baseEnv({ GASP_NOW }), encoding: 'utf8', maxBuffer: 1 << 30 });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };

  it('streams every case of a listing byte for byte as the same cases on one page', () => {
    for (const args of [['cases', '--office', '7'], ['cases', '--state', 'drafted'], ['overdue'], ['find', 'нурланова'], ['cases', '--state', 'received_by_akimat']]) {
      const streamed = run([...args, '--json']);
      const paged = run([...args, '--json', '--page', '1', '--limit', '10000']);
      expect(streamed, args.join(' ')).toBe(paged);
      expect(JSON.parse(streamed).length, args.join(' ')).toBe(args.includes('received_by_akimat') ? 0 : JSON.parse(paged).length);
    }
    const all = JSON.parse(run(['cases', '--json'])) as { regno: string }[];
    expect(all).toHaveLength(CASES);
    expect(new Set(all.map((c) => c.regno)).size).toBe(CASES);
  });
});

describe('tables', () => {
  it('draws a list as cli-table3 draws it, byte for byte, or leaves it to cli-table3', () => {
    let x = 7;
    const rnd = (n: number) => (x = (x * 1103515245 + 12345) % 2147483648) % n;
    const pieces = ['07-2013-00001', 'выдано', 'Нұрланова Әлия', '751111300120', 'Ерлан (exec7a)', '25.01.13 10:20', 'просрочено на 3 дн', '', ' ', '«ТОО»', '№ 5 — x…', 'é', '\u00ad', '\u200b', '😀', '中文', 'a\u0301', '\u2028'];
    const colour = (s: string) => (rnd(4) === 0 ? `\x1b[31m${s}\x1b[39m` : s);
    let fast = 0;
    for (let t = 0; t < 400; t++) {
      const cols = 1 + rnd(6);
      const widths = Array.from({ length: cols }, () => 3 + rnd(40));
      // Half the tables hold what a list of cases holds, cut to their columns; the others
      // anything at all.
      const normal = t % 2 === 0;
      const raw = (w: number) => {
        const s = Array.from({ length: rnd(3) }, () => pieces[rnd(normal ? 11 : pieces.length)]).join(rnd(2) ? ' ' : '');
        return normal ? s.slice(0, w - 2) : s;
      };
      const head = widths.map((w) => (rnd(3) === 0 ? `\x1b[1m${raw(w)}\n${raw(w)}\x1b[22m` : rnd(2) ? `${raw(w)}\n${raw(w)}` : colour(raw(w))));
      const body = Array.from({ length: rnd(5) }, () => widths.map((w) => colour(raw(w))));
      const drawn = drawTable(head, body, widths);
      if (drawn !== null) fast++;
      if (drawn !== null) expect(drawn, JSON.stringify({ head, body, widths })).toBe(cliTable(head, body, widths));
    }
    expect(fast).toBeGreaterThan(60);
  });
});
