// One temporary folder for the whole run: every test file's databases, files and the demo's
// throwaway folders go below it, and it is removed when the run ends, failed or not. And one
// PostgreSQL server for the run's PostgreSQL half: GASP_TEST_PG if it names one, else a
// throwaway cluster started here (test/pg-cluster.ts) and removed at the end; where the machine
// has no PostgreSQL, the half is skipped and said so in one line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Cluster, startCluster } from './pg-cluster.js';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gasp-tests-'));
  process.env.GASP_TEST_ROOT = root;
  let cluster: Cluster | undefined;
  if (!process.env.GASP_TEST_PG) {
    try {
      cluster = startCluster(root);
      process.env.GASP_TEST_PG = cluster.url;
    } catch (e) {
      process.env.GASP_TEST_PG_SKIP = (e as Error).message.split('\n')[0]!;
      process.stderr.write(`PostgreSQL half skipped: ${process.env.GASP_TEST_PG_SKIP} (Debian: apt-get install postgresql).\n`);
    }
  }
  return () => {
    cluster?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
}
