// Shared test helpers: temporary databases and the real binary, spawned.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { withCheckDigit } from '../src/domain/iin';
import { placeholders } from '../src/store/postgres-native';

export const root = path.resolve(__dirname, '..');
export const bin = path.join(root, 'bin', 'gasp.js');
/** The regulation's text of record, shipped in the project. */
export const seedPath = path.join(root, 'data', 'regulation.ru.txt');

/** The run's temporary folder (test/global-setup.ts removes it at the end), else the system's. */
export const testRoot = process.env.GASP_TEST_ROOT ?? os.tmpdir();

export function tmpDir(prefix = 'gasp-test-'): string {
  return fs.mkdtempSync(path.join(testRoot, prefix));
}

/** The engine this run of the suite tests (vitest's projects: sqlite and postgres). */
export const ENGINE: 'sqlite' | 'postgres' = process.env.GASP_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
export const onPostgres = ENGINE === 'postgres';

/** A location for a new database: a file's path on SQLite, an empty database's URL on PostgreSQL. */
export function tmpDb(): string {
  return onPostgres ? pgDatabase() : path.join(tmpDir(), 'gasp.sqlite');
}

const isUrl = (db: string) => /^postgres(ql)?:\/\//.test(db);

/** A test of SQLite's own file (its mode, its log, a damaged page, a full disk under it, its busy
 * lock): run in the SQLite half only, as PostgreSQL keeps its data on the server. */
export const sqliteOnly = onPostgres;

/** Runs statements on a test's database, whichever the engine, and gives the last one's rows as
 * objects. Parameters are written `?`; the text must say the same on both engines. */
export function sqlOn<T = Record<string, unknown>>(db: string, ...statements: (string | [string, unknown[]])[]): T[] {
  const list = statements.map((s) => (typeof s === 'string' ? ([s, []] as [string, unknown[]]) : s));
  if (!isUrl(db)) {
    const raw = new Database(db);
    try {
      let rows: T[] = [];
      for (const [text, params] of list) {
        const st = raw.prepare(text);
        rows = st.reader ? (st.all(...params) as T[]) : (st.run(...params), []);
      }
      return rows;
    } finally {
      raw.close();
    }
  }
  const numbered = list.map(([text, params]) => [placeholders(text), params]);
  const r = spawnSync(process.execPath, [path.join(__dirname, 'sql-sync.cjs')], { input: JSON.stringify({ url: db, statements: numbered }), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr || `sql-sync exited ${r.status}`);
  return JSON.parse(r.stdout) as T[];
}

/** `sqlOn` that lets the test's event loop run meanwhile (its timers, other processes' output):
 * on PostgreSQL through a client in this process, not a child the test waits for. */
export async function sqlOnAsync<T = Record<string, unknown>>(db: string, ...statements: (string | [string, unknown[]])[]): Promise<T[]> {
  if (!isUrl(db)) return sqlOn<T>(db, ...statements);
  const { default: pg } = await import('pg');
  pg.types.setTypeParser(20, (v: string) => Number(v));
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    let rows: T[] = [];
    for (const s of statements) {
      const [text, params] = typeof s === 'string' ? [s, []] : s;
      rows = (await client.query(placeholders(text), params)).rows as T[];
    }
    return rows;
  } finally {
    await client.end();
  }
}

/** `copyDb` that lets the test's event loop run meanwhile (see sqlOnAsync). */
export async function copyDbAsync(template: string, dir: string): Promise<string> {
  if (!onPostgres) return copyDb(template, dir);
  const name = `gasp_a${process.pid}_${++pgSyncDatabases}`;
  await sqlOnAsync(PG_SERVER!, `create database "${name}" template "${/\/([^/?]+)\?/.exec(template)![1]}"`);
  return PG_SERVER!.replace(/^(postgres(?:ql)?:\/\/[^/?]*)\/[^?]*/, `$1/${name}`);
}

/** A new empty database on the run's PostgreSQL server, made while the test waits; `template`
 * copies another database (PostgreSQL's CREATE DATABASE … TEMPLATE). */
let pgSyncDatabases = 0;
/** Read once: a test that runs gasp in its own process sets process.env aside meanwhile. */
const PG_SERVER = process.env.GASP_TEST_PG;
function pgDatabase(template?: string): string {
  const server = PG_SERVER;
  if (!server) throw new Error('no PostgreSQL server for the tests (GASP_TEST_PG)');
  const name = `gasp_s${process.pid}_${++pgSyncDatabases}`;
  const from = template ? ` template "${/\/([^/?]+)\?/.exec(template)![1]}"` : '';
  sqlOn(server, `create database "${name}"${from}`);
  return server.replace(/^(postgres(?:ql)?:\/\/[^/?]*)\/[^?]*/, `$1/${name}`);
}

/** What a `trust` database (every test's) adds to a command's human output, on stderr. */
export const TRUST_LINE = 'Режим trust: --as и GASP_NOW не проверяются (только для демонстраций и проверок).\n';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment a clerk's terminal would have, minus anything of the developer's. */
export function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', NO_COLOR: '1', TMPDIR: testRoot };
  return { ...env, ...extra };
}

/** Spawns bin/gasp.js with the arguments; never a shell. */
export function gasp(args: string[], opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}): RunResult {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: baseEnv(opts.env),
    input: opts.input ?? '',
    encoding: 'utf8',
    cwd: opts.cwd ?? root,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same, asynchronously: for several processes at once. */
export function gaspAsync(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: baseEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'], cwd: opts.cwd ?? root });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function json<T = unknown>(r: RunResult): T {
  if (r.code !== 0) throw new Error(`gasp exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** A new valid ИИН on every call (a woman born 15.03.1985), for tests that register many
 * applicants: one ИИН has one open case at a time. */
let iinCounter = 0;
export function nextIin(): string {
  for (;;) {
    const first11 = `8503154${String(++iinCounter).padStart(4, '0')}`;
    const iin = withCheckDigit(first11);
    if (iin) return iin;
  }
}

/** A staff member for a test office: login, full name, role, and `--office NN` or `--akimat OO-NN`. */
export type StaffSpec = [login: string, name: string, role: string, where: string[]];

/** Builds a database once per test file (init with an admin, then the staff) and returns its
 * path; each test copies it with `officeDb`. */
export function officeTemplate(staff: StaffSpec[], opts: { adminOffice?: string; now?: string } = {}): string {
  const template = onPostgres ? pgDatabase() : path.join(tmpDir(), 'template.sqlite');
  const run = (args: string[]) => {
    const r = gasp(['--db', template, ...args], { env: { GASP_NOW: opts.now ?? '2013-01-21T10:00:00+06:00' } });
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  };
  run(['init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов', ...(opts.adminOffice ? ['--office', opts.adminOffice] : [])]);
  for (const [login, name, role, where] of staff) run(['--as', 'admin', 'staff', 'add', login, '--name', name, '--role', role, ...where]);
  return template;
}

/** A copy of a database: another file in `dir` on SQLite, a database made from it on PostgreSQL. */
export function copyDb(template: string, dir: string): string {
  if (onPostgres) return pgDatabase(template);
  const db = path.join(dir, 'gasp.sqlite');
  fs.copyFileSync(template, db);
  return db;
}

/** A copy of a template and the ways to run gasp on it: `g` as someone at a time, `ok` that
 * must succeed. */
export function officeDb(template: string, t0 = '2013-01-21T10:00:00+06:00') {
  const dir = tmpDir();
  const db = copyDb(template, dir);
  const g = (as: string, args: string[], now = t0, env: Record<string, string> = {}): RunResult =>
    gasp(['--db', db, '--as', as, '--no-input', ...args], { env: { GASP_NOW: now, ...env } });
  const ok = (as: string, args: string[], now = t0): RunResult => {
    const r = g(as, args, now);
    if (r.code !== 0) throw new Error(`${as} ${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  return { dir, db, g, ok };
}

/** A PostgreSQL database's tables, for `pgSnapshotSql`. */
export const PG_TABLES_SQL = `select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`;
/** One statement whose one row holds every row of the tables, each table's in text order: what
 * `snapshot` compares on PostgreSQL (JSON.stringify of its rows). */
export function pgSnapshotSql(tables: string[]): string {
  return `select ${tables.map((t) => `(select coalesce(json_agg(x order by x::text), '[]') from "${t}" x) as "${t}"`).join(', ')}`;
}

/** Everything a database holds, every table in rowid order: for "nothing changed" assertions. */
export function snapshot(db: string): string {
  if (isUrl(db)) return JSON.stringify(sqlOn(db, pgSnapshotSql(sqlOn<{ t: string }>(db, PG_TABLES_SQL).map((r) => r.t))));
  const raw = new Database(db, { readonly: true });
  try {
    const tables = raw.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).pluck().all() as string[];
    return JSON.stringify(tables.map((t) => raw.prepare(`select * from "${t}"`).all()));
  } finally {
    raw.close();
  }
}

/** A refusal: exit 1, nothing on stdout, one sentence on stderr with the fragments, and the
 * database exactly as it was. */
export function refused(db: string, r: () => RunResult, ...fragments: (string | RegExp)[]): RunResult {
  const before = snapshot(db);
  const res = r();
  expect(res.code, res.stderr).toBe(1);
  expect(res.stdout).toBe('');
  expect(res.stderr.trim().split('\n')).toHaveLength(1);
  for (const f of fragments) expect(res.stderr).toMatch(f);
  expect(snapshot(db)).toBe(before);
  return res;
}

/** A new, empty database on the run's PostgreSQL server (GASP_TEST_PG), as a URL: one per call,
 * named after this worker and a counter, so that tests never see each other's rows. */
let pgDatabases = 0;
export async function freshPgDatabase(): Promise<string> {
  const server = process.env.GASP_TEST_PG;
  if (!server) throw new Error('no PostgreSQL server for the tests (GASP_TEST_PG)');
  const { default: pg } = await import('pg');
  const name = `gasp_t${process.pid}_${++pgDatabases}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  // The database is the URL's path (a socket URL has no host, which URL() refuses: by hand).
  return server.replace(/^(postgres(?:ql)?:\/\/[^/?]*)\/[^?]*/, `$1/${name}`);
}
