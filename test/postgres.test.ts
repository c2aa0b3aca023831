// The PostgreSQL half's server: the run's own throwaway cluster (or GASP_TEST_PG), reachable
// through the `pg` driver gasp uses, a version gasp supports, and a fresh database per test.
import { describe, expect, it } from 'vitest';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrations } from '../src/store/migrations.js';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TRUST_LINE, freshPgDatabase, gasp, gaspAsync, nextIin, root, sqlOn, tmpDb, tmpDir } from './helpers.js';

const url = process.env.GASP_TEST_PG;

describe.skipIf(!url)('PostgreSQL test server', () => {
  it('answers through pg, runs PostgreSQL 13 or newer, and gives each test a database of its own', async () => {
    const a = await freshPgDatabase();
    const b = await freshPgDatabase();
    expect(a).not.toBe(b);
    const client = new pg.Client({ connectionString: a });
    await client.connect();
    try {
      const { rows } = await client.query<{ v: string; db: string }>(`select current_setting('server_version_num') as v, current_database() as db`);
      expect(Number(rows[0]!.v)).toBeGreaterThanOrEqual(130000);
      expect(a).toContain(`/${rows[0]!.db}?`);
      await client.query('create table t (x int)');
    } finally {
      await client.end();
    }
    const other = new pg.Client({ connectionString: b });
    await other.connect();
    try {
      const { rows } = await other.query(`select count(*)::int as n from pg_tables where tablename = 't'`);
      expect(rows[0].n).toBe(0);
    } finally {
      await other.end();
    }
  });

  it("builds gasp's schema with the same migrations, its guards and triggers in PostgreSQL's own words", async () => {
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: await freshPgDatabase(), max: 1 }) }) });
    try {
      const { results, error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
      expect(error).toBeUndefined();
      expect(results?.map((r) => `${r.migrationName} ${r.status}`)).toEqual(Object.keys(migrations).map((m) => `${m} Success`));
      await sql`insert into offices (no, name, district, address, phone, schedule, search_key) values (7, 'Отдел', 'Район', 'Адрес', '1', '9-18', 'otdel')`.execute(db);
      await sql`insert into staff (login, name, role, office, created_at) values ('clerk7', 'Клерк', 'clerk', 7, '2013-01-21T04:00:00.000Z')`.execute(db);
      const c = await sql<{ id: number }>`insert into cases (regno, office, year, seq, intake, received_at, registered_at, clerk, iin, name, name_key, birth_date, sex, address, docs, missing_docs, state, deadlines, updated_at)
        values ('07-2013-00001', 7, 2013, 1, 'office', '2013-01-21T03:50:00.000Z', '2013-01-21T04:00:00.000Z', 'clerk7', '850315400124', 'Әлия', 'aliya', '1985-03-15', 'F', 'ул. Абая', '[]', '[]', 'registered', '{}', '2013-01-21T04:00:00.000Z')
        returning id`.execute(db);
      const id = c.rows[0]!.id;
      // The ids count themselves; the counts follow the cases; a word takes its case's scope.
      expect(id).toBe(1);
      await sql`insert into case_words (word, case_id) values ('aliya', ${id})`.execute(db);
      expect((await sql`select registered_at, office, akimat from case_words`.execute(db)).rows).toEqual([{ registered_at: '2013-01-21T04:00:00.000Z', office: 7, akimat: null }]);
      expect((await sql`select office, akimat, state, n from case_counts`.execute(db)).rows).toEqual([{ office: 7, akimat: '', state: 'registered', n: 1 }]);
      await sql`update cases set state = 'assigned' where id = ${id}`.execute(db);
      expect((await sql`select state, n from case_counts order by state`.execute(db)).rows).toEqual([
        { state: 'assigned', n: 1 },
        { state: 'registered', n: 0 },
      ]);
      // The history refuses to be changed or removed, whoever asks.
      await sql`insert into events (case_id, office, step, actor, at, details, prev_hash, hash) values (${id}, 7, 'register', 'clerk7', '2013-01-21T04:00:00.000Z', '{}', 'p', 'h')`.execute(db);
      await expect(sql`update events set details = '{"x":1}'`.execute(db)).rejects.toThrow(/events are append-only/);
      await expect(sql`delete from events`.execute(db)).rejects.toThrow(/events are append-only/);
      await expect(sql`truncate events cascade`.execute(db)).rejects.toThrow(/events are append-only/);
      expect((await sql`select count(*)::int as n from events`.execute(db)).rows).toEqual([{ n: 1 }]);
    } finally {
      await db.destroy();
    }
  });

  it('runs every command of the real binary on PostgreSQL as on SQLite, word for word: the everyday ones, the bulk ones (import, export, report, check, a whole listing as JSON)', async () => {
    const pgUrl = await freshPgDatabase();
    const dir = tmpDir();
    const paper = path.join(dir, 'paper.csv');
    fs.writeFileSync(
      paper,
      [
        'iin,name,address,phone,received_at,office,akimat,docs',
        '900215400013,Нұрлан Ақжол,ул. Абая 5,,2012-12-12 09:15,,07-02,',
        '880101300156,Мария Иванова,ул. Мира 3,8 701 111 22 33,11.12.2012 11:30,7,,"application,identity"',
        '850315400125,Плохой ИИН,ул. Ленина 3,,2012-12-12 10:00,7,,',
      ].join('\n'),
    );
    const steps: [string, string[]][] = [
      ['2013-01-21T09:00:00+06:00', ['init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов']],
      ['2013-01-21T09:01:00+06:00', ['--as', 'admin', 'staff', 'add', 'clerk7', '--name', 'Клерк Клерков', '--role', 'clerk', '--office', '7']],
      ['2013-01-21T09:02:00+06:00', ['--as', 'admin', 'staff', 'add', 'head7', '--name', 'Глава Главов', '--role', 'head', '--office', '7']],
      ['2013-01-21T09:03:00+06:00', ['--as', 'admin', 'staff', 'add', 'exec7', '--name', 'Исполнитель Исполнителев', '--role', 'executor', '--office', '7']],
      ['2013-01-21T09:04:00+06:00', ['--as', 'admin', 'import', paper, '--skip-invalid', '--force']],
      ['2013-01-21T10:00:00+06:00', ['--as', 'clerk7', 'register', '--iin', '850315400124', '--name', 'Әлия Нұрланова', '--address', 'ул. Абая 1', '--phone', '+7 701 555 12 34', '--docs', 'application,identity,family,income,address']],
      ['2013-01-21T10:05:00+06:00', ['--as', 'clerk7', 'register', '--iin', '751111300120', '--name', 'Серік Жақсылықов', '--address', 'ул. Ленина 2', '--docs', 'application,identity']],
      ['2013-01-21T10:20:00+06:00', ['--as', 'head7', 'assign', '07-2013-00001', '--executor', 'exec7']],
      ['2013-01-21T11:00:00+06:00', ['--as', 'exec7', 'review', '07-2013-00001']],
      ['2013-01-21T11:10:00+06:00', ['--as', 'exec7', 'draft', '07-2013-00001', '--grant']],
      ['2013-01-21T11:20:00+06:00', ['--as', 'head7', 'sign', '07-2013-00001']],
      ['2013-01-21T11:30:00+06:00', ['--as', 'exec7', 'issue', '07-2013-00001', '--in-person']],
      ['2013-01-21T11:30:00+06:00', ['--as', 'clerk7', 'correct', '07-2013-00002', '--address', 'ул. Ленина 4', '--comment', 'опечатка']],
      ['2013-01-21T11:40:00+06:00', ['--as', 'clerk7', 'withdraw', '07-2012-00001', '--comment', 'заявитель отозвал']],
      ['2013-01-22T09:00:00+06:00', ['--as', 'admin', 'case', '07-2013-00001']],
      ['2013-01-22T09:00:00+06:00', ['--as', 'admin', 'case', '07-2013-00002', '--json']],
      ['2013-01-22T09:00:00+06:00', ['--as', 'admin', 'cases']],
      ['2013-01-22T09:00:00+06:00', ['--as', 'admin', 'cases', '--json']],
      ['2013-01-22T09:00:00+06:00', ['--as', 'head7', 'cases', '--state', 'issued']],
      ['2013-01-22T09:00:00+06:00', ['--as', 'admin', 'find', 'жақсылықов']],
      ['2013-01-22T09:00:00+06:00', ['--as', 'admin', 'overdue']],
      ['2013-01-22T09:00:00+06:00', ['--as', 'admin', 'report']],
      ['2013-01-22T09:00:00+06:00', ['--as', 'head7', 'report', '--from', '2012-12-01', '--json']],
      ['2013-01-22T09:00:00+06:00', ['--as', 'admin', 'export', 'register', '--date', '2013-01-21']],
      ['2013-01-22T09:00:00+06:00', ['--as', 'head7', 'export', 'cases', '--excel']],
      ['2013-01-22T09:00:00+06:00', ['--as', 'admin', 'check']],
    ];
    const sqliteDb = tmpDb();
    for (const [now, args] of steps) {
      const onSqlite = gasp(['--db', sqliteDb, ...args], { env: { GASP_NOW: now } });
      const onPg = gasp(['--db', pgUrl, ...args], { env: { GASP_NOW: now } });
      expect(onSqlite.code, `${args.join(' ')}: ${onSqlite.stderr}`).toBe(0);
      // The same words, but for where the database is.
      expect({ code: onPg.code, stdout: onPg.stdout.split(pgUrl).join('DB'), stderr: onPg.stderr.split(pgUrl).join('DB') }, args.join(' ')).toEqual({
        code: 0,
        stdout: onSqlite.stdout.split(sqliteDb).join('DB'),
        stderr: onSqlite.stderr.split(sqliteDb).join('DB'),
      });
    }
    // A case the history does not lead to is found on PostgreSQL as on SQLite.
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      await client.query(`update cases set state = 'registered' where regno = '07-2013-00001'`);
    } finally {
      await client.end();
    }
    const check = gasp(['--db', pgUrl, '--as', 'admin', 'check'], { env: { GASP_NOW: '2013-01-22T09:00:00+06:00' } });
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toContain('07-2013-00001');
  });

  it('imports a register of thousands of rows on PostgreSQL, a thousand cases a statement, into the very rows SQLite gets: the same ids, history and chain', async () => {
    const dir = tmpDir();
    const paper = path.join(dir, 'paper.csv');
    // The benches' generated register (valid ИИН, Kazakh and Russian names, all 19 offices).
    const bench = pathToFileURL(path.join(root, 'bench', 'paper-register.mjs')).href;
    const { writePaperRegister } = (await import(bench)) as { writePaperRegister(file: string, rows: number): Promise<void> };
    await writePaperRegister(paper, 2500);
    const now = { GASP_NOW: '2013-12-31T18:00:00+06:00' };
    const dbs = [path.join(dir, 'gasp.sqlite'), await freshPgDatabase()];
    // (Each result under sql-sync's 1 MB: an event's hash stands for all of its content, which
    // `check` verifies on both.)
    const tables: [string, string][] = [
      ['cases', 'select id, regno, iin, phone_key, registered_at, state from cases order by id'],
      ['events', 'select id, case_id, office, step, hash from events order by id'],
      ['chain_heads', 'select office, event_id, hash from chain_heads order by office'],
      ['case_words', 'select word, case_id, registered_at, office from case_words where case_id % 10 = 3 order by case_id, word'],
      ['word counts', 'select count(*) as n, count(distinct case_id) as cases from case_words'],
      ['case_steps', 'select case_id, office, register_ms from case_steps order by case_id'],
      ['regno_counters', 'select office, year, last from regno_counters order by office, year'],
      ['case_counts', 'select office, akimat, state, n from case_counts where n <> 0 order by office, akimat, state'],
    ];
    const seen = dbs.map((db) => {
      expect(gasp(['--db', db, '--no-input', 'init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов'], { env: now }).code).toBe(0);
      const r = gasp(['--db', db, '--no-input', '--as', 'admin', 'import', paper], { env: now });
      expect([r.code, r.stderr.replace(TRUST_LINE, '')]).toEqual([0, 'paper.csv: строк 2500, зарегистрировано 2500, уже были 0, отклонено 0.\n']);
      const check = gasp(['--db', db, '--no-input', '--as', 'admin', 'check'], { env: now });
      expect([check.code, check.stdout]).toEqual([0, '']);
      return Object.fromEntries(tables.map(([t, q]) => [t, sqlOn(db, q)]));
    });
    expect(seen[0]!.cases).toHaveLength(2500);
    expect(seen[0]!.events).toHaveLength(2501);
    for (const [t] of tables) expect(seen[1]![t], t).toEqual(seen[0]![t]);
  });

  it('numbers 16 registrations made at once from separate processes gaplessly, and a refused one takes no number', async () => {
    const url = await freshPgDatabase();
    const env = { GASP_NOW: '2013-01-21T10:00:00+06:00' };
    expect(gasp(['--db', url, 'init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов'], { env }).code).toBe(0);
    expect(gasp(['--db', url, '--as', 'admin', 'staff', 'add', 'clerk7', '--name', 'Клерк Клерков', '--role', 'clerk', '--office', '7'], { env }).code).toBe(0);
    const register = (iin: string) =>
      gaspAsync(['--db', url, '--as', 'clerk7', '--no-input', 'register', '--iin', iin, '--name', 'Заявитель Тестов', '--address', 'ул. Абая 1', '--docs', 'application,identity,family,income,address'], { env });
    // Sixteen at once, and among them one that is refused (an ИИН with a wrong check digit).
    const runs = await Promise.all([...Array.from({ length: 16 }, () => register(nextIin())), register('850315400125')]);
    expect(runs.slice(0, 16).map((r) => r.code)).toEqual(Array(16).fill(0));
    expect(runs[16]!.code).toBe(1);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ seq: number }>('select seq from cases where office = 7 and year = 2013 order by seq');
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
      const counter = await client.query('select last from regno_counters where office = 7 and year = 2013');
      expect(counter.rows).toEqual([{ last: 16 }]);
      // Every event in the office's chain, each naming the one before it.
      const chain = await client.query<{ n: number; linked: number }>(
        `select count(*)::int as n, count(*) filter (where ok)::int as linked
         from (select prev_hash = coalesce(lag(hash) over (order by id), '${'0'.repeat(64)}') as ok from events where office = 7) e`,
      );
      expect(chain.rows[0]!.n).toBe(16);
      expect(chain.rows[0]!.linked).toBe(16);
    } finally {
      await client.end();
    }
  });

  it('lets exactly one of two staff moving the same case at the same moment succeed; the other gets the usual refusal', async () => {
    const url = await freshPgDatabase();
    const at = (t: string) => ({ GASP_NOW: `2013-01-21T${t}:00+06:00` });
    const ok = (t: string, args: string[]) => expect(gasp(['--db', url, ...args], { env: at(t) }).code, args.join(' ')).toBe(0);
    ok('09:00', ['init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов']);
    ok('09:01', ['--as', 'admin', 'staff', 'add', 'clerk7', '--name', 'Клерк Клерков', '--role', 'clerk', '--office', '7']);
    ok('09:02', ['--as', 'admin', 'staff', 'add', 'head7', '--name', 'Глава Главов', '--role', 'head', '--office', '7']);
    ok('09:03', ['--as', 'admin', 'staff', 'add', 'exec7', '--name', 'Исполнитель Исполнителев', '--role', 'executor', '--office', '7']);
    for (let n = 1; n <= 3; n++) {
      const regno = `07-2013-0000${n}`;
      ok('10:00', ['--as', 'clerk7', 'register', '--iin', nextIin(), '--name', 'Заявитель Тестов', '--address', 'ул. Абая 1', '--docs', 'application,identity,family,income,address']);
      ok('10:10', ['--as', 'head7', 'assign', regno, '--executor', 'exec7']);
      ok('10:20', ['--as', 'exec7', 'review', regno]);
      ok('10:30', ['--as', 'exec7', 'draft', regno, '--grant']);
      // Signed and returned at the same moment: one of the two, never both.
      const [sign, back] = await Promise.all([
        gaspAsync(['--db', url, '--as', 'head7', 'sign', regno], { env: at('10:40') }),
        gaspAsync(['--db', url, '--as', 'head7', 'return', regno, '--comment', 'переделать'], { env: at('10:40') }),
      ]);
      expect([sign.code, back.code].sort(), `${sign.stderr}${back.stderr}`).toEqual([0, 1]);
      const loser = sign.code ? sign : back;
      expect(loser.stdout).toBe('');
      expect(loser.stderr.trim().split('\n').filter((l) => !l.startsWith('Режим trust'))).toHaveLength(1);
      const state = JSON.parse(gasp(['--db', url, '--as', 'admin', 'case', regno, '--json'], { env: at('11:00') }).stdout).state;
      expect(state).toBe(sign.code === 0 ? 'signed' : 'reviewed');
    }
  });

  it("backs the database up with pg_dump in its custom format, in a file only its owner reads; without pg_dump it says who does", async () => {
    const url = await freshPgDatabase();
    const env = { GASP_NOW: '2013-01-21T10:00:00+06:00' };
    expect(gasp(['--db', url, 'init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов'], { env }).code).toBe(0);
    const dir = tmpDir();
    const file = path.join(dir, 'oblast.dump');
    const r = gasp(['--db', url, '--as', 'admin', 'backup', file], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const list = spawnSync('pg_restore', ['--list', file], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/TABLE public cases /);
    expect(list.stdout).toMatch(/TRIGGER public events events_no_update/);
    // No pg_dump on the PATH: one sentence, and no file.
    const other = path.join(dir, 'none.dump');
    const without = gasp(['--db', url, '--as', 'admin', 'backup', other], { env: { ...env, PATH: '/nonexistent' } });
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('pg_dump не найден на этом компьютере: базу данных области на PostgreSQL копирует её администратор командой pg_dump.');
    expect(fs.readdirSync(dir)).toEqual(['oblast.dump']);
  });
});
