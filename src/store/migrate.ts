// Migrating on open, the same for both engines.
import { Migrator, sql } from 'kysely';
import { GaspError } from '../errors.js';
import type { Db } from './db.js';
import { latestMigration, migrationNames, migrations } from './migrations.js';

/** Brings the schema up to date; refuses a database that a newer gasp has migrated further. */
export async function migrate(db: Db, file: string, upTo?: string): Promise<boolean> {
  let executed: string[] = [];
  try {
    const r = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    executed = r.rows.map((row) => row.name);
  } catch {
    // A new database: no migration table yet.
  }
  const unknown = executed.find((n) => !migrationNames.includes(n));
  if (unknown) throw new GaspError('db.newer', { path: file, migration: unknown, latest: latestMigration });
  const target = upTo ?? latestMigration;
  if (executed.includes(target)) return false;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo(target);
  if (error) throw error;
  return true;
}

