// Opening a PostgreSQL database (an oblast's shared one) through Kysely's PostgreSQL dialect and
// the `pg` driver. The driver (and pg-cursor, and child_process for pg_dump) is loaded only when
// the location is a postgres:// or postgresql:// URL. This module itself is part of the bundle's
// start-up (imported statically: a module imported dynamically would have esbuild wrap it and
// everything it imports, Kysely's whole index included, in initialisers that SQLite's start-up
// then runs too). What
// the URL leaves out comes from the standard PG* variables and ~/.pgpass, as libpq does; the
// URL's sslmode is honoured by the driver.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { GaspError } from '../errors.js';
import type { DB } from './schema.js';
import type { OpenOptions, Store } from './db.js';
import { migrate } from './migrate.js';
import { type CursorClass, postgresNative } from './postgres-native.js';
import { bindNative } from './raw.js';

type Pg = typeof pg;
let driver: Promise<{ pg: Pg; Cursor: CursorClass }> | undefined;
/** pg and pg-cursor, loaded on the first PostgreSQL open. */
function loadDriver() {
  return (driver ??= (async () => {
    const { default: pg } = await import('pg');
    const { default: Cursor } = await import('pg-cursor');
    // Counts and sums come back as 64-bit integers, which pg hands over as text; gasp's never
    // pass 2^53.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    return { pg, Cursor };
  })());
}

/** The URL without its password, for messages. */
export function shown(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@').replace(/([?&]password=)[^&]*/gi, '$1***');
}

/** The driver's client, but that lets go of its socket when it could not connect (a password
 * refused or missing: else the command would wait for the server's authentication timeout), and
 * that asks `password` for what the URL and PGPASSWORD leave out. */
function clientClass(pg: Pg, password: (params: PasswordParams) => Promise<string>) {
  return class Client extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      const self = this as unknown as { password: unknown; connectionParameters: PasswordParams };
      if (self.password == null) self.password = password;
    }

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override connect(callback?: any): any {
      if (!callback) return super.connect();
      return super.connect((err: Error | null, client?: pg.Client) => {
        if (err) (this as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        callback(err, client);
      });
    }
  };
}

type PasswordParams = { user?: string; host?: string; port?: number; database?: string };

/** The password the server asks for when neither the URL nor PGPASSWORD has one: ~/.pgpass (or
 * PGPASSFILE), else the caller's (a terminal's), else a sentence naming the role. */
function passwordOf(options: OpenOptions) {
  return async (params: PasswordParams): Promise<string> => {
    // A file others may read is ignored, as libpq ignores it: said in one sentence (the reader
    // below would warn in English on stderr).
    const file = process.env.PGPASSFILE || path.join(process.env.HOME || os.homedir(), '.pgpass');
    const stat = process.platform === 'win32' || process.env.PGPASSWORD !== undefined ? undefined : fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isFile() && stat.mode & 0o077) throw new GaspError('db.pgPassFileMode', { file });
    // pg's own reader of the file (its dependency), as libpq reads it.
    const pgPass = createRequire(createRequire(__filename).resolve('pg'))('pgpass') as (p: object, cb: (pw?: string) => void) => void;
    const fromFile = await new Promise<string | undefined>((resolve) => pgPass(params, resolve));
    if (fromFile !== undefined) return fromFile;
    const typed = await options.password?.(params.user ?? '');
    if (typed) return typed;
    throw new GaspError('db.pgPassword', { role: params.user ?? '' });
  };
}

/** The URL as libpq reads it with the environment: the sslmode of PGSSLMODE when the URL names
 * none; the oblast's CA certificate from PGSSLROOTCERT when TLS is asked for (require,
 * verify-ca, verify-full) and the URL names none (the driver reads only the URL's); and libpq's
 * meaning of prefer, require and verify-ca (the driver's own, for now, is verify-full's, and it
 * says so on stderr in a paragraph). */
export function libpqUrl(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const inUrl = sslmodeInUrl(url);
  const mode = inUrl ?? env.PGSSLMODE;
  if (!mode) return url;
  const extra: string[] = [];
  if (!inUrl) extra.push(`sslmode=${encodeURIComponent(mode)}`);
  const cert = env.PGSSLROOTCERT;
  if (cert && ['require', 'verify-ca', 'verify-full'].includes(mode) && !/[?&]sslrootcert=/i.test(url)) extra.push(`sslrootcert=${encodeURIComponent(cert)}`);
  if (['prefer', 'require', 'verify-ca'].includes(mode) && !/[?&]uselibpqcompat=/i.test(url)) extra.push('uselibpqcompat=true');
  return extra.length ? `${url}${url.includes('?') ? '&' : '?'}${extra.join('&')}` : url;
}

/** The URL's own sslmode, if it names one. */
const sslmodeInUrl = (url: string) => /[?&]sslmode=([^&#]*)/i.exec(url)?.[1];
/** The sslmode a connection asks for: the URL's, else PGSSLMODE's. */
const sslmodeOf = (url: string) => sslmodeInUrl(url) ?? process.env.PGSSLMODE;

/** The TLS modes gasp takes, with libpq's meaning. */
const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'];

export async function openPostgres(url: string, options: OpenOptions): Promise<Store> {
  const mode = sslmodeOf(url);
  if (mode !== undefined && !SSL_MODES.includes(mode)) throw new GaspError('db.pgSslmode', { value: mode, accepted: SSL_MODES.join(', ') });
  // One connection: a command is one process with one transaction at a time, as on SQLite.
  // Kept open while the command runs (a pool's idle connection would otherwise be closed after
  // ten seconds, and the fast path's statements prepared on it lost).
  const { pg, Cursor } = await loadDriver();
  const pool = new pg.Pool({ connectionString: libpqUrl(url), max: 1, idleTimeoutMillis: 0, Client: clientClass(pg, passwordOf(options)) });
  let client: pg.PoolClient | undefined;
  pool.on('connect', (c) => (client = c));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  bindNative(db, postgresNative(pool, () => client, Cursor));
  const where = shown(url);
  try {
    let tables: string[];
    try {
      // The catalog itself (information_schema's views cost a command some milliseconds and show
      // only the tables the role has a privilege on).
      const r = await sql<{ name: string }>`select relname as name from pg_class where relnamespace = current_schema()::regnamespace and relkind in ('r', 'p', 'v')`.execute(db);
      tables = r.rows.map((t) => t.name);
    } catch (e) {
      throw openFailure(e, where, url);
    }
    if (!tables.includes('kysely_migration')) {
      if (tables.length) throw new GaspError('db.notGasp', { path: where });
      if (!options.create) throw new GaspError('db.missing', { path: where });
    }
    const migrated = await migrate(db, where, options.upTo).catch(async (e) => {
      // A member's role may not change the schema: a newer gasp's migrations are the owner's.
      if ((e as { code?: string }).code !== '42501') throw e;
      const me = await sql<{ name: string }>`select current_user as name`.execute(db);
      throw new GaspError('db.pgUpgrade', { path: where, role: me.rows[0]!.name });
    });
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

/** Why gasp could not connect, in the user's language for the usual causes (the server's or the
 * network's own words otherwise). */
function openFailure(e: unknown, where: string, url: string): GaspError {
  if (e instanceof GaspError) return e;
  const err = e as { code?: string; message?: string; hostname?: string };
  const message = err.message ?? String(e);
  const role = /(?:user|role) "([^"]+)"/.exec(message)?.[1] ?? '';
  switch (err.code) {
    case 'ENOENT':
    case 'ECONNREFUSED':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new GaspError('db.pgNoServer', { path: where });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new GaspError('db.pgNoHost', { path: where, host: err.hostname ?? '' });
    case '28P01':
      return new GaspError('db.pgAuth', { path: where, role });
    case '28000':
      if (/not permitted to log in/.test(message)) return new GaspError('db.pgNoLogin', { path: where, role });
      if (/does not exist/.test(message)) return new GaspError('db.pgNoRole', { path: where, role });
      if (/pg_hba\.conf/.test(message)) return new GaspError('db.pgHba', { path: where, role });
      break;
    case '3D000':
      return new GaspError('db.pgNoDatabase', { path: where });
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new GaspError('db.pgTls', { path: where, reason: err.code });
  }
  if (/sslmode=verify-ca requires specifying a CA/.test(message)) return new GaspError('db.pgNeedCa', { path: where });
  if (/does not support SSL/i.test(message)) return new GaspError('db.pgNoTls', { path: where, mode: sslmodeOf(url) ?? 'require' });
  return new GaspError('db.open', { path: where, reason: message });
}

/** A backup of the whole database in pg_dump's custom format (pg_restore reads it), into a file
 * gasp has already created with its own mode; or, without pg_dump on the PATH, the sentence
 * that the oblast's administrator backs it up. */
async function pgDump(url: string, dest: string): Promise<void> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('pg_dump', ['--format=custom', '--enable-row-security', `--file=${dest}`, `--dbname=${url}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => reject((e as NodeJS.ErrnoException).code === 'ENOENT' ? new GaspError('db.pgBackup', {}) : e));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new GaspError('backup.pgDump', { reason: stderr.trim().split('\n')[0]?.replace(/^pg_dump: (error: )?/, '') || `exit ${code}` }));
    });
  });
}
