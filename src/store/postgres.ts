// Opening a PostgreSQL database (an oblast's shared one) through Kysely's PostgreSQL dialect and
// the `pg` driver. Loaded only when the location is a postgres:// or postgresql:// URL. What
// the URL leaves out comes from the standard PG* variables and ~/.pgpass, as libpq does; the
// URL's sslmode is honoured by the driver.
import { spawn } from 'node:child_process';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { GaspError } from '../errors.js';
import type { DB } from './schema.js';
import type { OpenOptions, Store } from './db.js';
import { migrate } from './migrate.js';
import { postgresNative } from './postgres-native.js';
import { bindNative } from './raw.js';

// Counts and sums come back as 64-bit integers, which pg hands over as text; gasp's never pass
// 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

/** The URL without its password, for messages. */
function shown(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}

export async function openPostgres(url: string, options: OpenOptions): Promise<Store> {
  // One connection: a command is one process with one transaction at a time, as on SQLite.
  // Kept open while the command runs (a pool's idle connection would otherwise be closed after
  // ten seconds, and the fast path's statements prepared on it lost).
  const pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0 });
  let client: pg.PoolClient | undefined;
  pool.on('connect', (c) => (client = c));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  bindNative(db, postgresNative(pool, () => client));
  const where = shown(url);
  try {
    let tables: string[];
    try {
      const r = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db);
      tables = r.rows.map((t) => t.name);
    } catch (e) {
      throw new GaspError('db.open', { path: where, reason: (e as Error).message });
    }
    if (!tables.includes('kysely_migration')) {
      if (tables.length) throw new GaspError('db.notGasp', { path: where });
      if (!options.create) throw new GaspError('db.missing', { path: where });
    }
    const migrated = await migrate(db, where, options.upTo);
    return {
      db,
      path: where,
      migrated,
      backup: (dest) => pgDump(url, dest),
      // The engine's own integrity is the server's business.
      quickCheck: () => [],
      close: () => db.destroy(),
    };
  } catch (e) {
    await db.destroy();
    throw e;
  }
}

/** A backup of the whole database in pg_dump's custom format (pg_restore reads it), into a file
 * gasp has already created with its own mode; or, without pg_dump on the PATH, the sentence
 * that the oblast's administrator backs it up. */
function pgDump(url: string, dest: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', ['--format=custom', `--file=${dest}`, `--dbname=${url}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => reject((e as NodeJS.ErrnoException).code === 'ENOENT' ? new GaspError('db.pgBackup', {}) : e));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new GaspError('backup.pgDump', { reason: stderr.trim().split('\n')[0]?.replace(/^pg_dump: (error: )?/, '') || `exit ${code}` }));
    });
  });
}
