// One transaction per command. A write transaction takes the write lock up front (SQLite's
// BEGIN IMMEDIATE), so two clerks registering at the same instant queue instead of failing.
import { sql } from 'kysely';
import type { Db } from './db.js';

export async function writeTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (e) {
      await sql`rollback`.execute(conn);
      throw e;
    }
  });
}

/** One consistent snapshot for a command that only reads (gasp check): whatever others commit
 * meanwhile is not seen, so a check run while clerks register never reports a false problem. */
export async function readTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`rollback`.execute(conn).catch(() => undefined);
    }
  });
}
