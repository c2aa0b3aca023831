// gasp migrate --to: an office's SQLite file copied into the oblast's PostgreSQL database — the
// real binary on both sides, a real server (the run's cluster), the target's chains verified.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { GENESIS, chainedHash } from '../src/domain/chain.js';
import { type StaffSpec, freshPgDatabase, gasp, gaspAsync, nextIin, officeDb, officeTemplate, snapshot, tmpDir } from './helpers.js';
import type { EventRow } from '../src/store/cases.js';

const server = process.env.GASP_TEST_PG;
const DOCS = 'application,identity,family,income,address';
const LATER = '2013-01-25T09:00:00+06:00';
const at = (day: number, h: number, m = 0) => `2013-01-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+06:00`;

/** An office's file (07 or 15) holding cases in every state: issued (after a return), drafted,
 * withdrawn, corrected, registered, one brought by an akimat; a holiday and a print. */
function officeFile(no: '07' | '15', logins = { clerk: `clerk${no}`, head: `head${no}`, exec: `exec${no}`, ak: `ak${no}` }) {
  const office = String(Number(no));
  const staff: StaffSpec[] = [
    [logins.clerk, 'Клерк Клерков', 'clerk', ['--office', office]],
    [logins.head, 'Глава Главов', 'head', ['--office', office]],
    [logins.exec, 'Исполнитель Исполнителев', 'executor', ['--office', office]],
    [logins.ak, 'Аким Акимов', 'akimat', ['--akimat', `${no}-01`]],
  ];
  const f = officeDb(officeTemplate(staff));
  const { clerk, head, exec, ak } = logins;
  const r = (n: number) => `${no}-2013-0000${n}`;
  const register = (as: string, name: string, now: string) => f.ok(as, ['register', '--iin', nextIin(), '--name', name, '--address', 'ул. Абая 1', '--docs', DOCS], now);
  register(clerk, 'Әлия Нұрланова', at(21, 10));
  register(clerk, 'Серік Жақсылықов', at(21, 10, 5));
  register(clerk, 'Иван Петров', at(21, 10, 10));
  register(clerk, 'Мария Сидорова', at(21, 10, 15));
  register(ak, 'Бауыржан Момышұлы', at(21, 10, 20));
  f.ok(ak, ['forward', r(5)], at(21, 10, 40));
  f.ok(head, ['assign', r(1), '--executor', exec], at(21, 11));
  f.ok(exec, ['review', r(1)], at(21, 11, 30));
  f.ok(exec, ['draft', r(1), '--grant'], at(21, 12));
  f.ok(head, ['return', r(1), '--comment', 'переделать'], at(21, 12, 30));
  f.ok(exec, ['draft', r(1), '--grant'], at(21, 13));
  f.ok(head, ['sign', r(1)], at(21, 13, 30));
  f.ok(exec, ['issue', r(1), '--in-person'], at(21, 14));
  f.ok(head, ['assign', r(2), '--executor', exec], at(21, 11, 5));
  // Step 3 recorded: a family member, an income, a determination; a poverty line set.
  f.ok(exec, ['family', r(2), 'add', '--iin', '820410300002', '--name', 'Ерлан Жақсылықов', '--relation', 'spouse', '--employment', 'working'], at(21, 11, 20));
  f.ok(exec, ['income', r(2), 'add', '--iin', '820410300002', '--kind', 'wages', '--amount', '90000', '--month', '2012-12'], at(21, 11, 25));
  f.ok('admin', ['rates', 'set', '--region', 'almaty-oblast', '--year', '2013', '--quarter', '2', '--line', '7000', '--source', 'тест'], at(21, 11, 26));
  f.ok(exec, ['review', r(2)], at(21, 11, 40));
  f.ok(exec, ['draft', r(2), '--refuse', '--reason', 'false-information'], at(21, 12, 10));
  f.ok(clerk, ['withdraw', r(3), '--comment', 'передумал'], at(21, 11, 10));
  f.ok(clerk, ['correct', r(4), '--address', 'ул. Ленина 4', '--comment', 'опечатка'], at(21, 11, 20));
  f.ok('admin', ['calendar', 'set', '2013-03-11', 'off', '--note', 'праздник'], at(21, 15));
  f.ok(clerk, ['talon', r(4)], at(21, 15, 30));
  return { ...f, regnos: [1, 2, 3, 4, 5].map(r) };
}

/** The files of offices 07 and 15, made once for the whole file (migrate only reads them). */
const made = new Map<string, ReturnType<typeof officeFile>>();
function office(no: '07' | '15') {
  let f = made.get(no);
  if (!f) made.set(no, (f = officeFile(no)));
  return f;
}

/** The oblast's database, made by gasp init. */
async function oblast(): Promise<string> {
  const url = await freshPgDatabase();
  const r = gasp(['--db', url, 'init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Области'], { env: { GASP_NOW: at(20, 9) } });
  expect(r.code, r.stderr).toBe(0);
  return url;
}

const migrate = (file: string, url: string, as = 'admin', now = at(22, 9)) => gasp(['--db', file, '--as', as, '--no-input', 'migrate', '--to', url], { env: { GASP_NOW: now } });

async function query<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

function sqliteRows<T = Record<string, unknown>>(file: string, text: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(text).all() as T[];
  } finally {
    db.close();
  }
}

/** Every table of a PostgreSQL database, every row in a fixed order: for "nothing changed". */
async function pgSnapshot(url: string): Promise<string> {
  const tables = await query<{ t: string }>(url, `select table_name as t from information_schema.tables where table_schema = current_schema() order by 1`);
  const out: unknown[] = [];
  for (const { t } of tables) out.push(t, await query(url, `select * from "${t}" order by 1, 2`));
  // …and where the ids count from.
  out.push(await query(url, `select sequencename, last_value from pg_sequences order by 1`));
  return JSON.stringify(out);
}


/** Each chain of the database verified from its rows: every event names its predecessor's hash
 * and carries the hash of its own content, and the head stands at the last. The events by chain. */
async function verifiedChains(url: string): Promise<Map<number, EventRow[]>> {
  const events = await query<EventRow>(url, 'select id, case_id, office, step, actor, at, details, prev_hash, hash from events order by id');
  const chains = new Map<number, EventRow[]>();
  for (const e of events) {
    const chain = chains.get(e.office) ?? [];
    chains.set(e.office, chain);
    expect(e.prev_hash, `event ${e.id}`).toBe(chain.length ? chain[chain.length - 1]!.hash : GENESIS);
    expect(e.hash, `event ${e.id}`).toBe(chainedHash(e.prev_hash, e.office, e.case_id, e.step, e.actor, e.at, e.details));
    chain.push(e);
  }
  const heads = await query<{ office: number; event_id: number; hash: string }>(url, 'select office, event_id, hash from chain_heads order by office');
  expect(heads).toEqual([...chains].sort((a, b) => a[0] - b[0]).map(([office, c]) => ({ office, event_id: c[c.length - 1]!.id, hash: c[c.length - 1]!.hash })));
  // Every case event names a case of the database, which begins with its registration.
  const cases = new Set((await query<{ id: number }>(url, 'select id from cases')).map((c) => c.id));
  for (const e of events) if (e.case_id !== null) expect(cases.has(e.case_id), `event ${e.id}`).toBe(true);
  return chains;
}

/** `gasp check` says nothing on the database. */
function checkSilent(db: string): void {
  const r = gasp(['--db', db, '--as', 'admin', 'check'], { env: { GASP_NOW: LATER } });
  expect({ code: r.code, stdout: r.stdout }, r.stderr).toEqual({ code: 0, stdout: '' });
}

/** What a command prints on the file and on the oblast's database, the database's name aside. */
function sameOnBoth(file: string, url: string, args: string[]): string {
  const a = gasp(['--db', file, '--as', 'admin', ...args], { env: { GASP_NOW: LATER } });
  const b = gasp(['--db', url, '--as', 'admin', ...args], { env: { GASP_NOW: LATER } });
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
  expect(b.stdout.split(url).join('DB'), args.join(' ')).toBe(a.stdout.split(file).join('DB'));
  return a.stdout;
}

const count = async (url: string, text: string) => Number((await query<{ n: number }>(url, `select count(*)::int as n ${text}`))[0]!.n);
const countFile = (file: string, text: string) => Number(sqliteRows<{ n: number }>(file, `select count(*) as n ${text}`)[0]!.n);

describe.skipIf(!server)('gasp migrate --to postgres://…', () => {
  it('copies an office file whole: the same counts, case cards and lists, the chains whole, a second run adds nothing, numbering goes on', async () => {
    const f = office('07');
    const url = await oblast();
    const before = snapshot(f.db);
    const r = migrate(f.db, url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Из ${f.db} в postgresql://`);
    expect(r.stderr).toContain('перенесено: дел 5, событий истории');
    // The file is only read.
    expect(snapshot(f.db)).toBe(before);

    // The same counts.
    for (const table of ['cases', 'case_words', 'case_steps', 'step_repeats', 'calendar_days', 'regno_counters', 'family_members', 'income_lines', 'poverty_lines']) {
      expect(await count(url, `from ${table}`), table).toBe(countFile(f.db, `from ${table}`));
    }
    expect(await count(url, 'from events where case_id is not null')).toBe(countFile(f.db, 'from events where case_id is not null'));
    expect(await query(url, 'select office, akimat, state, n from case_counts where n > 0 order by 1, 2, 3')).toEqual(
      sqliteRows(f.db, 'select office, akimat, state, n from case_counts where n > 0 order by 1, 2, 3'),
    );
    expect(await query(url, 'select office, year, last from regno_counters')).toEqual([{ office: 7, year: 2013, last: 5 }]);
    const staffOf = (rows: { login: string; role: string; office: number | null; akimat: string | null }[]) => rows.map((s) => `${s.login} ${s.role} ${s.office} ${s.akimat}`);
    expect(staffOf(await query(url, 'select login, role, office, akimat from staff order by login'))).toEqual(
      staffOf(sqliteRows(f.db, 'select login, role, office, akimat from staff order by login')),
    );
    expect(await query(url, 'select date, kind, note from calendar_days')).toEqual([{ date: '2013-03-11', kind: 'off', note: 'праздник' }]);
    expect(await count(url, 'from family_members')).toBe(1);
    expect(await query(url, "select c.regno, i.no, i.iin, i.kind, i.month, i.amount_tiyn::int as amount_tiyn from income_lines i join cases c on c.id = i.case_id")).toEqual([
      { regno: '07-2013-00002', no: 1, iin: '820410300002', kind: 'wages', month: '2012-12', amount_tiyn: 9000000 },
    ]);
    expect(await query(url, 'select region, year, quarter, line_tiyn::int as line_tiyn from poverty_lines')).toEqual([{ region: 'almaty-oblast', year: 2013, quarter: 2, line_tiyn: 700000 }]);

    // The chains: whole; office 07's, the first office in, with its cases' ids kept, the very
    // hashes of the file; each chain copied into ends with the record of the file's own head.
    const chains = await verifiedChains(url);
    const fileEvents = sqliteRows<EventRow>(f.db, 'select * from events order by id');
    const fileChain = (office: number) => fileEvents.filter((e) => e.office === office);
    expect(chains.get(7)!.slice(0, -1).map((e) => e.hash)).toEqual(fileChain(7).map((e) => e.hash));
    for (const office of [0, 7]) {
      const last = chains.get(office)!.at(-1)!;
      expect(last).toMatchObject({ step: 'migrate', actor: 'admin', case_id: null });
      expect(JSON.parse(last.details)).toEqual({ file: f.db, events: fileChain(office).length, head: fileChain(office).at(-1)!.hash, copied: fileChain(office).length });
    }
    // The database as a whole: gasp init's own events, then the file's, then the record.
    expect(chains.get(0)!.map((e) => e.step)).toEqual(['staff', ...fileChain(0).map((e) => e.step), 'migrate']);

    // Every case reads the same, and so do the lists.
    for (const regno of f.regnos) {
      sameOnBoth(f.db, url, ['case', regno]);
      sameOnBoth(f.db, url, ['case', regno, '--json']);
    }
    expect(sameOnBoth(f.db, url, ['cases'])).toContain('07-2013-00005');
    sameOnBoth(f.db, url, ['cases', '--state', 'drafted']);
    sameOnBoth(f.db, url, ['find', 'жақсылықов']);
    sameOnBoth(f.db, url, ['calendar']);
    checkSilent(f.db);
    checkSilent(url);

    // Again: nothing is added, and it says so.
    const pgBefore = await pgSnapshot(url);
    const again = migrate(f.db, url, 'admin', at(22, 10));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`Всё из ${f.db} уже есть в postgresql://`);
    expect(again.stderr).toContain('ничего не добавлено.');
    expect(await pgSnapshot(url)).toBe(pgBefore);

    // The office goes on in the oblast's database: the next number of the year, the chain whole.
    const next = gasp(['--db', url, '--as', 'clerk07', '--no-input', 'register', '--iin', nextIin(), '--name', 'Новый Заявитель', '--address', 'ул. Абая 9', '--docs', DOCS], {
      env: { GASP_NOW: at(22, 11) },
    });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain('07-2013-00006');
    expect(await query(url, 'select last from regno_counters where office = 7')).toEqual([{ last: 6 }]);
    const after = await verifiedChains(url);
    expect(after.get(7)!.at(-1)).toMatchObject({ step: 'register', case_id: 6 });
    checkSilent(url);
  }, 240_000);

  it('takes two office files whose case ids collide (07 and 15) into one database, each case under its own number', async () => {
    const a = office('07');
    const b = office('15');
    // Both files number their cases from 1.
    expect(sqliteRows(a.db, 'select id from cases order by id')).toEqual(sqliteRows(b.db, 'select id from cases order by id'));
    const url = await oblast();
    expect(migrate(a.db, url).code).toBe(0);
    const r = migrate(b.db, url, 'admin', at(22, 9, 30));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('перенесено: дел 5');

    expect(await count(url, 'from cases')).toBe(10);
    for (const [file, office] of [
      [a.db, 7],
      [b.db, 15],
    ] as const) {
      expect(await count(url, `from cases where office = ${office}`)).toBe(5);
      expect(await count(url, `from events e join cases c on c.id = e.case_id where c.office = ${office}`)).toBe(countFile(file, 'from events where case_id is not null'));
      expect(await count(url, `from case_words where office = ${office}`)).toBe(countFile(file, 'from case_words'));
      // Each case's history is its own: the same steps by the same people at the same times.
      const history = (rows: { regno: string; step: string; actor: string; at: string }[]) => rows.map((e) => `${e.regno} ${e.step} ${e.actor} ${e.at}`);
      expect(history(await query(url, `select c.regno, e.step, e.actor, e.at from events e join cases c on c.id = e.case_id where c.office = ${office} order by e.id`))).toEqual(
        history(sqliteRows(file, 'select c.regno, e.step, e.actor, e.at from events e join cases c on c.id = e.case_id order by e.id')),
      );
    }
    // Office 15's cases were moved past office 07's ids; its chain is chained again, and its
    // record names the file's own head.
    expect((await query<{ id: number }>(url, `select id from cases where office = 15 order by id`)).map((c) => c.id)).toEqual([6, 7, 8, 9, 10]);
    const chains = await verifiedChains(url);
    const file15 = sqliteRows<EventRow>(b.db, 'select * from events where office = 15 order by id');
    expect(JSON.parse(chains.get(15)!.at(-1)!.details)).toMatchObject({ events: file15.length, head: file15.at(-1)!.hash });
    // Office 0 holds both files' staff events, each record after its own file's.
    expect(chains.get(0)!.filter((e) => e.step === 'migrate').map((e) => JSON.parse(e.details).file)).toEqual([a.db, b.db]);

    for (const [f, no] of [
      [a, '07'],
      [b, '15'],
    ] as const) {
      for (const regno of f.regnos) sameOnBoth(f.db, url, ['case', regno]);
      const onFile = gasp(['--db', f.db, '--as', 'admin', 'cases'], { env: { GASP_NOW: LATER } });
      const onPg = gasp(['--db', url, '--as', 'admin', 'cases', '--office', no], { env: { GASP_NOW: LATER } });
      expect(onPg.stdout).toBe(onFile.stdout);
      expect(onPg.stdout).toContain(`${no}-2013-00005`);
      checkSilent(f.db);
    }
    checkSilent(url);
    // Either again: nothing.
    const pgBefore = await pgSnapshot(url);
    for (const f of [a, b]) expect(migrate(f.db, url, 'admin', at(23, 9)).stderr).toContain('ничего не добавлено.');
    expect(await pgSnapshot(url)).toBe(pgBefore);
  }, 240_000);

  it('continues the chain of an office already at work in the oblast database from its head', async () => {
    const a = office('07');
    const url = await oblast();
    const env = { GASP_NOW: '2014-02-03T10:00:00+06:00' };
    expect(gasp(['--db', url, '--as', 'admin', 'staff', 'add', 'clerk07', '--name', 'Клерк Клерков', '--role', 'clerk', '--office', '7'], { env }).code).toBe(0);
    const first = gasp(['--db', url, '--as', 'clerk07', '--no-input', 'register', '--iin', nextIin(), '--name', 'Ранний Заявитель', '--address', 'ул. Абая 2', '--docs', DOCS], { env });
    expect(first.stdout).toContain('07-2014-00001');
    const [head] = await query<{ hash: string }>(url, 'select hash from chain_heads where office = 7');
    const r = migrate(a.db, url, 'admin', '2014-02-03T11:00:00+06:00');
    expect(r.code, r.stderr).toBe(0);
    const chains = await verifiedChains(url);
    const seven = chains.get(7)!;
    // The office's own event first, then the file's, linked to it.
    expect(seven[0]).toMatchObject({ step: 'register', case_id: 1 });
    expect(seven[1]!.prev_hash).toBe(head!.hash);
    expect(seven.length).toBe(1 + countFile(a.db, 'from events where office = 7') + 1);
    expect((await query<{ id: number }>(url, `select id from cases where year = 2013 order by id`)).map((c) => c.id)).toEqual([2, 3, 4, 5, 6]);
    expect(await query(url, 'select year, last from regno_counters where office = 7 order by year')).toEqual([
      { year: 2013, last: 5 },
      { year: 2014, last: 1 },
    ]);
    for (const regno of a.regnos) sameOnBoth(a.db, url, ['case', regno]);
    checkSilent(url);
  }, 240_000);

  it('copies while clerks of another office register: every number once, every chain whole', async () => {
    const a = office('07');
    const url = await oblast();
    const env = { GASP_NOW: at(22, 9) };
    expect(gasp(['--db', url, '--as', 'admin', 'staff', 'add', 'clerk19', '--name', 'Клерк Текелийский', '--role', 'clerk', '--office', '19'], { env }).code).toBe(0);
    const register = () =>
      gaspAsync(['--db', url, '--as', 'clerk19', '--no-input', 'register', '--iin', nextIin(), '--name', 'Заявитель Тестов', '--address', 'ул. Абая 1', '--docs', DOCS], { env });
    const runs = await Promise.all([gaspAsync(['--db', a.db, '--as', 'admin', '--no-input', 'migrate', '--to', url], { env }), register(), register(), register(), register()]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(runs[0]!.stderr).toContain('перенесено: дел 5');
    expect(await query(url, 'select office, seq from cases order by office, seq')).toEqual([
      ...[1, 2, 3, 4, 5].map((seq) => ({ office: 7, seq })),
      ...[1, 2, 3, 4].map((seq) => ({ office: 19, seq })),
    ]);
    expect(await query(url, 'select office, last from regno_counters order by office')).toEqual([
      { office: 7, last: 5 },
      { office: 19, last: 4 },
    ]);
    const chains = await verifiedChains(url);
    expect(chains.get(19)!.map((e) => e.step)).toEqual(['register', 'register', 'register', 'register']);
    checkSilent(url);
  }, 240_000);

  it('stops at a case the database holds otherwise, or a login that is someone else there, and writes nothing', async () => {
    const a = office('07');
    const url = await oblast();
    expect(migrate(a.db, url).code).toBe(0);
    const pgBefore = await pgSnapshot(url);

    // Another file of office 07: its 07-2013-00001 is another applicant.
    const other = officeFile('07');
    const r = migrate(other.db, url, 'admin', at(22, 10));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([`Дело 07-2013-00001 уже есть в ${url}, но не такое, как в ${other.db}: ничего не перенесено.`]);
    expect(await pgSnapshot(url)).toBe(pgBefore);

    // A file of office 15 whose clerk's login is office 07's clerk in the oblast's database.
    const clash = officeFile('15', { clerk: 'clerk07', head: 'head15', exec: 'exec15', ak: 'ak15' });
    const s = migrate(clash.db, url, 'admin', at(22, 10));
    expect(s.code).toBe(1);
    expect(s.stderr.trim().split('\n')).toHaveLength(1);
    expect(s.stderr).toContain(`Логин clerk07 в ${url} — сотрудник канцелярии (07), а в ${clash.db} — сотрудник канцелярии (15): ничего не перенесено.`);
    expect(await pgSnapshot(url)).toBe(pgBefore);

    // A new member of the file whose OS account is another member's in the oblast's database.
    const linked = officeDb(a.db);
    linked.ok('admin', ['staff', 'add', 'newbie07', '--name', 'Новый Сотрудник', '--role', 'clerk', '--office', '7', '--os-user', 'ivan']);
    expect(gasp(['--db', url, '--as', 'admin', 'staff', 'add', 'ivan15', '--name', 'Иван Иванов', '--role', 'clerk', '--office', '15', '--os-user', 'ivan'], { env: { GASP_NOW: at(22, 9) } }).code).toBe(0);
    const withIvan = await pgSnapshot(url);
    const o = migrate(linked.db, url, 'admin', at(22, 10));
    expect(o.code).toBe(1);
    expect(o.stderr.trim().split('\n')).toEqual([`Пользователь ОС «ivan» сотрудника newbie07 из ${linked.db} в ${url} уже привязан к ivan15: ничего не перенесено.`]);
    expect(await pgSnapshot(url)).toBe(withIvan);
  }, 240_000);

  it('is an admin’s: anyone else is refused, nothing written', async () => {
    const a = office('07');
    const url = await oblast();
    const pgBefore = await pgSnapshot(url);
    const r = migrate(a.db, url, 'clerk07');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(['Пользователь clerk07 (сотрудник канцелярии) не может выполнять «перенос базы отдела в базу области»: это делает администратор.']);
    expect(await pgSnapshot(url)).toBe(pgBefore);

    // The oblast's calendar wins where the two differ, and the summary says so; --json tells the counts.
    expect(gasp(['--db', url, '--as', 'admin', 'calendar', 'set', '2013-03-11', 'work'], { env: { GASP_NOW: at(20, 10) } }).code).toBe(0);
    const ok = migrate(a.db, url);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain(`Записей справочника и календаря, которые в ${url} уже были другими: 1 — оставлены записи ${url}.`);
    expect(await query(url, 'select date, kind from calendar_days')).toEqual([{ date: '2013-03-11', kind: 'work' }]);
    const again = gasp(['--db', a.db, '--as', 'admin', '--json', 'migrate', '--to', url], { env: { GASP_NOW: at(22, 10) } });
    expect(JSON.parse(again.stdout)).toEqual({
      source: a.db,
      target: url,
      offices: 0,
      akimats: 0,
      staff: 0,
      calendar_days: 0,
      poverty_lines: 0,
      cases: 0,
      events: 0,
      counters: 0,
      kept: 1,
      roles_created: [],
      nothing: true,
    });
  }, 240_000);
});

describe('gasp migrate into another SQLite file', () => {
  it('merges two office files whose ids collide, and gasp check finds the merged history whole', () => {
    const a = office('07');
    const b = office('15');
    const merged = path.join(tmpDir(), 'oblast.sqlite');
    fs.copyFileSync(a.db, merged);
    const r = migrate(b.db, merged);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('перенесено: дел 5');
    expect(countFile(merged, 'from cases')).toBe(10);
    const onFile = gasp(['--db', b.db, '--as', 'admin', 'cases'], { env: { GASP_NOW: LATER } });
    const onMerged = gasp(['--db', merged, '--as', 'admin', 'cases', '--office', '15'], { env: { GASP_NOW: LATER } });
    expect(onMerged.stdout).toBe(onFile.stdout);
    for (const regno of b.regnos) {
      const x = gasp(['--db', b.db, '--as', 'admin', 'case', regno], { env: { GASP_NOW: LATER } });
      const y = gasp(['--db', merged, '--as', 'admin', 'case', regno], { env: { GASP_NOW: LATER } });
      expect(y.stdout).toBe(x.stdout);
    }
    checkSilent(merged);
    // The file migrated into itself: everything is there already.
    expect(migrate(a.db, merged).stderr).toContain('ничего не добавлено.');
    checkSilent(merged);
  }, 240_000);
});
