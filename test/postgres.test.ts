// The PostgreSQL half's server: the run's own throwaway cluster (or GASP_TEST_PG), reachable
// through the `pg` driver gasp uses, a version gasp supports, and a fresh database per test.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshPgDatabase } from './helpers.js';

const url = process.env.GASP_TEST_PG;

describe.skipIf(!url)('PostgreSQL test server', () => {
  it('answers through pg, runs PostgreSQL 13 or newer, and gives each test a database of its own', async () => {
    const a = await freshPgDatabase();
    const b = await freshPgDatabase();
    expect(a).not.toBe(b);
    const client = new pg.Client({ connectionString: a });
    await client.connect();
    try {
      const { rows } = await client.query<{ v: string; db: string }>(`select current_setting('server_version_num') as v, current_database() as db`);
      expect(Number(rows[0]!.v)).toBeGreaterThanOrEqual(130000);
      expect(a).toContain(`/${rows[0]!.db}?`);
      await client.query('create table t (x int)');
    } finally {
      await client.end();
    }
    const other = new pg.Client({ connectionString: b });
    await other.connect();
    try {
      const { rows } = await other.query(`select count(*)::int as n from pg_tables where tablename = 't'`);
      expect(rows[0].n).toBe(0);
    } finally {
      await other.end();
    }
  });
});
