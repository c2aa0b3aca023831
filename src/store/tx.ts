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
