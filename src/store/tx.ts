// One transaction per command. A write transaction takes the write lock up front (SQLite's
// BEGIN IMMEDIATE), so two clerks registering at the same instant queue instead of failing.
import { sql } from 'kysely';
import { busyTimeoutMs, type Db } from './db.js';
import { storeFailure } from './failures.js';
import { engineOf } from './engine.js';
import { inheritNative } from './raw.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes the write lock, trying again every few milliseconds until the busy timeout. SQLite's own
 * wait sleeps up to 100 ms between tries and so keeps missing the short gaps that a long import
 * leaves between its transactions; polling this often, a clerk gets in at the next gap. */
async function beginImmediate(conn: Db): Promise<void> {
  const deadline = Date.now() + busyTimeoutMs();
  await sql`pragma busy_timeout = 0`.execute(conn);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await sql`begin immediate`.execute(conn);
        return;
      } catch (e) {
        if (storeFailure(e) !== 'busy' || Date.now() >= deadline) throw e;
        await sleep(Math.min(1 + attempt, 4) + Math.random() * 2);
      }
    }
  } finally {
    await sql.raw(`pragma busy_timeout = ${busyTimeoutMs()}`).execute(conn);
  }
}

/** PostgreSQL's code for a transaction that lost to another one (serializable) or a deadlock:
 * the whole transaction is run again, as if the command had been typed a moment later. */
const RETRY_CODES = new Set(['40001', '40P01']);

export async function writeTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (engineOf(db) === 'postgres') return serializable(db, fn);
  return db.connection().execute(async (conn) => {
    inheritNative(db, conn);
    await beginImmediate(conn);
    return committed(conn, fn);
  });
}

/** Runs fn in the transaction just begun on conn: committed if it succeeds, else rolled back
 * and its failure passed on. */
async function committed<T>(conn: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  try {
    const result = await fn(conn);
    await sql`commit`.execute(conn);
    return result;
  } catch (e) {
    try {
      await sql`rollback`.execute(conn);
    } catch {
      // The engine has already rolled back on its own (SQLite: a full disk, an I/O error):
      // «cannot rollback - no transaction is active» must not hide the failure that caused it.
    }
    throw e;
  }
}

/** One consistent snapshot for a command that only reads (gasp check): whatever others commit
 * meanwhile is not seen, so a check run while clerks register never reports a false problem. */
export async function readTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  const postgres = engineOf(db) === 'postgres';
  return db.connection().execute(async (conn) => {
    inheritNative(db, conn);
    await (postgres ? sql`begin isolation level repeatable read, read only` : sql`begin`).execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`rollback`.execute(conn).catch(() => undefined);
    }
  });
}

/** A write on PostgreSQL: serializable, so that whatever a command read before it writes (a
 * case's state, the last number of the year) is still so when it commits; run again when
 * another transaction got there first, until the busy timeout. */
async function serializable<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  const deadline = Date.now() + busyTimeoutMs();
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.connection().execute(async (conn) => {
        inheritNative(db, conn);
        await sql`begin isolation level serializable`.execute(conn);
        return committed(conn, fn);
      });
    } catch (e) {
      if (!RETRY_CODES.has((e as { code?: string }).code ?? '') || Date.now() >= deadline) throw e;
      await sleep(Math.min(1 + attempt, 20) + Math.random() * 10);
    }
  }
}
