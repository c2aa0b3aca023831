// Forward-only schema migrations, bundled with the code. Never edit a released one: add a new one.
import type { Kysely, Migration } from 'kysely';

export const migrations: Record<string, Migration> = {
  '001_directory': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('offices')
        .addColumn('no', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('district', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('schedule', 'text', (c) => c.notNull())
        .addColumn('search_key', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('akimats')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('office', 'integer', (c) => c.notNull().references('offices.no'))
        .addColumn('no', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('website', 'text')
        .addColumn('email', 'text')
        .addColumn('phone', 'text')
        .addColumn('schedule', 'text', (c) => c.notNull())
        .addColumn('search_key', 'text', (c) => c.notNull())
        .addUniqueConstraint('akimats_office_no', ['office', 'no'])
        .execute();
    },
  },
  '002_staff': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('staff')
        .addColumn('login', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('office', 'integer', (c) => c.references('offices.no'))
        .addColumn('akimat', 'text', (c) => c.references('akimats.code'))
        .addColumn('os_user', 'text', (c) => c.unique())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

export const migrationNames = Object.keys(migrations);
export const latestMigration = migrationNames[migrationNames.length - 1]!;
