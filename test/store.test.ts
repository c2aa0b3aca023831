// The database: created on first use, upgraded from an older schema, a newer one refused.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db';
import { migrationNames, latestMigration } from '../src/store/migrations';
import { GaspError } from '../src/errors';
import { spawnSync } from 'node:child_process';
import { bin, gasp, tmpDb, tmpDir, sqliteOnly } from './helpers';

describe('migrations', () => {
  it('upgrades a database made by the previous migration, keeping its data', async () => {
    const file = tmpDb();
    const previous = migrationNames[migrationNames.length - 2]!;
    const old = await openStore(file, { upTo: previous, create: true });
    await old.db
      .insertInto('offices')
      .values({ no: 1, name: 'Отдел', district: 'Аксуский район', address: 'адрес', email: null, phone: '1', schedule: 's', search_key: 'k' })
      .execute();
    await old.close();

    const now = await openStore(file);
    expect(now.migrated).toBe(true);
    const names = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(now.db);
    expect(names.rows.map((r) => r.name)).toEqual(migrationNames);
    expect((await now.db.selectFrom('offices').selectAll().execute()).map((o) => o.name)).toEqual(['Отдел']);
    await now.close();

    const again = await openStore(file);
    expect(again.migrated).toBe(false);
    await again.close();
  });

  // SQLite's own file.
  it.skipIf(sqliteOnly)('refuses a database made by a newer gasp, naming the file and the migration', async () => {
    const file = tmpDb();
    (await openStore(file, { create: true })).close();
    const raw = new Database(file);
    raw.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('999_future', new Date().toISOString());
    raw.close();
    await expect(openStore(file)).rejects.toBeInstanceOf(GaspError);
    const r = gasp(['--db', file, 'offices']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('999_future');
    expect(r.stderr).toContain(latestMigration);
    expect(r.stdout).toBe('');
  });

  // SQLite's own file.
  it.skipIf(sqliteOnly)('turns on WAL and foreign keys', async () => {
    const file = tmpDb();
    const s = await openStore(file, { create: true });
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(s.db);
    expect(mode.rows[0]!.journal_mode).toBe('wal');
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(s.db);
    expect(fk.rows[0]!.foreign_keys).toBe(1);
    await s.close();
  });
});

describe('global options', () => {
  it('creates the database at GASP_DB, else under XDG_DATA_HOME, with gasp init only', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'nested', 'office.sqlite');
    const before = gasp(['office', '1'], { env: { GASP_DB: file } });
    expect(before.code).toBe(1);
    expect(before.stderr).toContain(`Базы данных ${file} нет: создайте её командой gasp init`);
    expect(fs.existsSync(file)).toBe(false);
    expect(gasp(['init', '--auth', 'trust'], { env: { GASP_DB: file } }).code).toBe(0);
    expect(gasp(['office', '1'], { env: { GASP_DB: file } }).code).toBe(0);
    expect(fs.existsSync(file)).toBe(true);
    const xdg = tmpDir();
    expect(gasp(['init', '--auth', 'trust'], { env: { XDG_DATA_HOME: xdg } }).code).toBe(0);
    expect(gasp(['office', '1'], { env: { XDG_DATA_HOME: xdg } }).code).toBe(0);
    expect(fs.existsSync(path.join(xdg, 'gasp', 'gasp.sqlite'))).toBe(true);
  });

  it('never migrates into a file that is not a gasp database', () => {
    const dir = tmpDir();
    const other = path.join(dir, 'other.sqlite');
    const raw = new Database(other);
    raw.exec('create table payroll (name text, amount integer)');
    raw.close();
    const bytes = fs.readFileSync(other);
    for (const args of [['init', '--auth', 'trust'], ['offices'], ['cases']]) {
      const r = gasp(['--db', other, '--as', 'admin', ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Файл ${other} не является базой данных gasp`);
    }
    expect(fs.readFileSync(other).equals(bytes)).toBe(true);
    expect(fs.existsSync(`${other}-wal`)).toBe(false);
    const text = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(text, 'not a database at all, just some text that is long enough');
    expect(gasp(['--db', text, 'init']).stderr).toContain('не является базой данных gasp');
  });

  it('refuses a database URL it cannot serve yet', () => {
    const r = gasp(['--db', 'postgres://localhost/gasp', 'offices']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('postgres://localhost/gasp');
  });

  it('speaks the language asked for, and refuses an unknown one as wrong usage', () => {
    const db = tmpDb();
    expect(gasp(['--db', db, 'init']).code).toBe(0);
    expect(gasp(['--db', db, 'office', '42'], { env: { GASP_LANG: 'kk' } }).stderr).toContain('42 нөмірлі бөлім жоқ');
    const r = gasp(['--db', db, '--lang', 'fr', 'offices']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fr');
  });

  it('exits 2 on wrong usage and 0 on --help', () => {
    expect(gasp(['offices', '--bogus']).code).toBe(2);
    expect(gasp(['nonsense']).code).toBe(2);
    expect(gasp(['office']).code).toBe(2);
    const help = gasp(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('akimats');
  });

  it('stops quietly when the reader closes the pipe early', () => {
    const db = tmpDb();
    expect(gasp(['--db', db, 'init']).code).toBe(0);
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" --db "${db}" akimats --json | head -c 10; exit \${PIPESTATUS[0]}`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('prints nothing but JSON on stdout with --json', () => {
    const db = tmpDb();
    const r = gasp(['--db', db, 'init', '--auth', 'trust', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ offices: 19, akimats: 254 });
  });
});
