// Opening the database: SQLite through better-sqlite3 behind Kysely, migrated on open.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { GaspError } from '../errors.js';
import { fileMode, folderMode } from '../files.js';
import { storeFailureError } from './failures.js';
import type { DB } from './schema.js';
import { migrate } from './migrate.js';
import { bindNative } from './raw.js';
import { sqliteNative } from './sqlite-native.js';
import { openPostgres, shown } from './postgres.js';

export type Db = Kysely<DB>;

export interface Store {
  db: Db;
  path: string;
  /** True when this open created the database or upgraded its schema. */
  migrated: boolean;
  /** An online, consistent copy of the database (SQLite's backup API) while others write. */
  backup(file: string): Promise<void>;
  /** SQLite's quick integrity check: nothing when the file is sound, else what it found. */
  quickCheck(): string[];
  close(): Promise<void>;
}

/** How long a command waits for another one's write lock before it gives up (GASP_BUSY_TIMEOUT_MS
 * for tests; 15 s by default, longer than any single write of gasp holds it). */
export function busyTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.GASP_BUSY_TIMEOUT_MS);
  return env.GASP_BUSY_TIMEOUT_MS && Number.isInteger(v) && v >= 0 ? v : 15_000;
}

// Naming the compiled addon directly skips the `bindings` package's search of the disk, which
// costs a clerk several milliseconds on every command.
function nativeBinding(): string | undefined {
  try {
    const pkg = createRequire(__filename).resolve('better-sqlite3/package.json');
    const addon = path.join(path.dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
    return fs.existsSync(addon) ? addon : undefined;
  } catch {
    return undefined;
  }
}

const SQLITE_HEADER = 'SQLite format 3\0';

/** Whether a file may be opened as gasp's database: a gasp database, or (to create one) nothing
 * yet. Any other file — another program's SQLite database, a spreadsheet — is never touched. */
function checkExisting(file: string, create: boolean): void {
  let size: number;
  try {
    const st = fs.statSync(file);
    size = st.size;
    if (st.mode & 0o007) closeToOthers(file);
  } catch {
    if (!create) throw new GaspError('db.missing', { path: file });
    return;
  }
  if (size === 0) {
    if (!create) throw new GaspError('db.missing', { path: file });
    return;
  }
  const header = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) throw new GaspError('db.notGasp', { path: file });
}

/** A database an older gasp left readable by everyone: closed to other users (the owner's group
 * keeps what it had, an office may share it), with the WAL and shared-memory files beside it. */
function closeToOthers(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      const st = fs.statSync(f);
      if (st.uid === process.getuid?.()) fs.chmodSync(f, st.mode & 0o7770);
    } catch {
      // not there, or not ours: left as it is
    }
  }
}

/** A new database file, created before SQLite opens it so that it has gasp's mode (SQLite's own
 * is 0644 less the umask); its -wal and -shm take the same mode. */
function createEmpty(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: folderMode() });
  try {
    fs.closeSync(fs.openSync(file, 'wx', fileMode()));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/** A database that holds tables but not gasp's migrations is another program's. */
function checkIsGasp(native: Database.Database, file: string, create: boolean): void {
  const tables = native.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`).pluck().all() as string[];
  if (tables.includes('kysely_migration')) return;
  if (tables.length) throw new GaspError('db.notGasp', { path: file });
  if (!create) throw new GaspError('db.missing', { path: file });
}

export interface OpenOptions {
  upTo?: string;
  /** Create the database when there is none (gasp init and gasp demo only). */
  create?: boolean;
  /** A PostgreSQL server asks for the password of this role and neither the URL, PGPASSWORD nor
   * ~/.pgpass gives it: asked on a terminal, else undefined. */
  password?: (role: string) => Promise<string | undefined>;
}

/** Whether a location is a PostgreSQL server's URL rather than a file. */
export const isPostgresUrl = (location: string) => /^postgres(ql)?:\/\//i.test(location);

/** A database's location as messages name it: a file's whole path, a URL without its password. */
export const shownLocation = (location: string) => (isPostgresUrl(location) ? shown(location) : path.resolve(location));

export async function openStore(location: string, options: OpenOptions = {}): Promise<Store> {
  // The driver is loaded only for a PostgreSQL URL: SQLite's start-up does not pay for it.
  if (isPostgresUrl(location)) return openPostgres(location, options);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) throw new GaspError('db.url', { value: location });
  const file = path.resolve(location);
  const create = Boolean(options.create);
  checkExisting(file, create);
  let native: Database.Database;
  try {
    if (create) createEmpty(file);
    native = new Database(file, { nativeBinding: nativeBinding(), fileMustExist: !create });
    try {
      // Before any pragma: another program's database is not even switched to WAL.
      native.pragma(`busy_timeout = ${busyTimeoutMs()}`);
      checkIsGasp(native, file, create);
    } catch (e) {
      native.close();
      throw e;
    }
    native.pragma('journal_mode = WAL');
    native.pragma('synchronous = NORMAL');
    native.pragma('foreign_keys = ON');
  } catch (e) {
    if (e instanceof GaspError) throw e;
    throw storeFailureError(e, file) ?? new GaspError('db.open', { path: file, reason: (e as Error).message });
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: native }) });
  bindNative(db, sqliteNative(native));
  try {
    const migrated = await migrate(db, file, options.upTo);
    return {
      db,
      path: file,
      migrated,
      // All pages in one step: the copy is one snapshot, and WAL readers never block writers.
      backup: async (dest) => {
        await native.backup(dest, { progress: () => 1_000_000_000 });
      },
      quickCheck: () => {
        const rows = native.pragma('quick_check', { simple: false }) as { quick_check: string }[];
        return rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
      },
      close: () => db.destroy(),
    };
  } catch (e) {
    await db.destroy();
    throw e;
  }
}

/** SQLite's own integrity check (quick, or full with indexes against their tables) of a file
 * that gasp cannot open normally because it is damaged: read-only, no migration, no pragma that
 * writes. */
export function integrityOfFile(file: string, full = false): string[] {
  let native: Database.Database | undefined;
  const found: string[] = [];
  try {
    native = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() });
    // Row by row: SQLite reports what it found before the damage stops it.
    for (const r of native.prepare(full ? 'pragma integrity_check' : 'pragma quick_check').pluck().iterate() as Iterable<string>) if (r !== 'ok') found.push(r);
    return found;
  } catch (e) {
    return [...found, (e as Error).message];
  } finally {
    native?.close();
  }
}
