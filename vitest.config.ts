import { defineConfig } from 'vitest/config';
import { serverBin } from './test/pg-cluster';

// Every test that touches the database runs twice: once on SQLite, once on PostgreSQL (the run's
// own throwaway cluster, or GASP_TEST_PG; see test/global-setup.ts). The files below the line are
// about SQLite's own file or about no database at all, and run once.
const bothEngines = [
  'admin', 'calendar', 'corpus', 'crash', 'determination', 'directory', 'display', 'documents', 'excel', 'files', 'help',
  'input', 'officeday', 'procedure', 'prompts', 'store', 'trust',
].map((f) => `test/${f}.test.ts`);
const havePostgres = Boolean(process.env.GASP_TEST_PG) || serverBin() !== null;

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    // Each file spawns the real binary many times; a loaded machine is slow, not wrong.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'], env: { GASP_TEST_ENGINE: 'sqlite' } } },
      ...(havePostgres ? [{ extends: true, test: { name: 'postgres', include: bothEngines, env: { GASP_TEST_ENGINE: 'postgres' } } }] : []),
    ],
  },
});
