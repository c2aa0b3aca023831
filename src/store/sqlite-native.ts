// The fast path on SQLite: better-sqlite3's statements, rows as arrays, a few hundred a batch.
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { Native, Prepared, Row } from './raw.js';

const BATCH = 256;

/** The page cache during a bulk run (negative: KiB): 16 MiB, against SQLite's 2 MiB. */
const BULK_CACHE_KIB = -16384;
/** How far the write-ahead log may grow during a bulk run before it is copied back. */
const BULK_WAL_BYTES = 32 << 20;

export function sqliteNative(native: Database.Database): Native {
  const statements = new Map<string, Prepared>();
  return {
    async *batches(sql, parameters) {
      let batch: Row[] = [];
      for (const row of native.prepare(sql).raw(true).iterate(...(parameters as unknown[])) as IterableIterator<Row>) {
        batch.push(row);
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
    async all(sql, parameters) {
      const s = native.prepare(sql);
      return s.reader ? (s.raw(true).all(...(parameters as unknown[])) as Row[]) : (s.run(...(parameters as unknown[])), []);
    },
    prepare(sql) {
      let p = statements.get(sql);
      if (p) return p;
      const s = native.prepare(sql);
      const reader = s.reader ? s.raw(true) : undefined;
      p = {
        run: async (params) => void s.run(...(params as unknown[])),
        insert: async (params) => Number(s.run(...(params as unknown[])).lastInsertRowid),
        first: async <T extends Row>(params: readonly unknown[]) => reader?.get(...(params as unknown[])) as T | undefined,
        all: async <T extends Row>(params: readonly unknown[]) => (reader?.all(...(params as unknown[])) ?? []) as T[],
      };
      statements.set(sql, p);
      return p;
    },
    bulk: (fn) => bulkWrites(native, fn),
  };
}

/** A long run of short write transactions (an import). Meanwhile the connection keeps more of
 * the database in memory, and SQLite's write-ahead log is copied back into the database file not
 * after every transaction that outgrows 4 MiB of log (each copy rewrites every index page the
 * transactions touched and syncs the disk) but between two transactions, when `between` is
 * called and the log has passed 32 MiB — a copy that does not hold the write lock, so that clerks
 * may write meanwhile, and is not counted in how long a transaction held it. The connection is
 * set back, and the log copied back, at the end. */
async function bulkWrites<T>(native: Database.Database, fn: (between: () => void) => Promise<T>): Promise<T> {
  const before = {
    cache: native.pragma('cache_size', { simple: true }),
    checkpoint: native.pragma('wal_autocheckpoint', { simple: true }),
    temp: native.pragma('temp_store', { simple: true }),
  };
  const wal = `${native.name}-wal`;
  const between = () => {
    let size = 0;
    try {
      size = fs.statSync(wal).size;
    } catch {
      // no log: nothing to copy
    }
    if (size > BULK_WAL_BYTES) native.pragma('wal_checkpoint(PASSIVE)');
  };
  native.pragma(`cache_size = ${BULK_CACHE_KIB}`);
  native.pragma('wal_autocheckpoint = 0');
  // An insert into cases fires triggers, so SQLite keeps a statement journal of every page it
  // touches (to undo the statement alone); past 64 KiB — the cases' many indexes — that journal
  // goes to a temporary file, created and removed for every row. Kept in memory instead.
  native.pragma('temp_store = MEMORY');
  try {
    return await fn(between);
  } finally {
    try {
      native.pragma('wal_checkpoint(PASSIVE)');
      native.pragma(`cache_size = ${Number(before.cache)}`);
      native.pragma(`wal_autocheckpoint = ${Number(before.checkpoint)}`);
      native.pragma(`temp_store = ${Number(before.temp)}`);
    } catch {
      // A connection the failure that ends the run left unusable: that failure is what matters.
    }
  }
}
