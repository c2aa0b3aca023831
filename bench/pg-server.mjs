// A throwaway PostgreSQL cluster for the benches (test/pg-cluster.ts is the tests' own, which
// keeps fsync off): initdb and pg_ctl into `parent`/pg, a Unix socket there, as `postgres` when
// run as root; fsync on and synchronous_commit off, what SQLite's WAL with synchronous=NORMAL
// promises. Returns the superuser's URL and a stop function.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function serverBin() {
  const base = '/usr/lib/postgresql';
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (onPath && fs.existsSync(path.join(path.dirname(onPath), 'initdb'))) return path.dirname(onPath);
  const v = fs.existsSync(base) ? fs.readdirSync(base).filter((x) => fs.existsSync(path.join(base, x, 'bin', 'pg_ctl'))).sort((a, b) => b - a) : [];
  return v.length ? path.join(base, v[0], 'bin') : null;
}

export function startCluster(parent) {
  const pgBin = serverBin();
  if (!pgBin) throw new Error('no PostgreSQL server programs: apt-get install postgresql, or set GASP_BENCH_PG');
  const user = process.getuid() === 0 ? 'postgres' : null;
  const run = (file, args) => spawnSync(user ? 'runuser' : file, user ? ['-u', user, '--', file, ...args] : args, { encoding: 'utf8' });
  const pgDir = path.join(parent, 'pg');
  fs.mkdirSync(pgDir);
  if (user) {
    const id = (flag) => Number(spawnSync('id', [flag, user], { encoding: 'utf8' }).stdout.trim());
    fs.chownSync(pgDir, id('-u'), id('-g'));
    for (let p = parent; p !== path.dirname(p); p = path.dirname(p)) if ((fs.statSync(p).mode & 1) === 0) fs.chmodSync(p, fs.statSync(p).mode | 1);
  }
  const data = path.join(pgDir, 'data');
  const init = run(path.join(pgBin, 'initdb'), ['-D', data, '-U', 'bench', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  if (init.status !== 0) throw new Error(init.stderr);
  const opts = `-k ${pgDir} -c listen_addresses='' -c synchronous_commit=off -c max_connections=100`;
  const start = run(path.join(pgBin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(pgDir, 'log'), '-w', 'start']);
  if (start.status !== 0) throw new Error(start.stderr);
  return {
    url: `postgresql://bench@/postgres?host=${encodeURIComponent(pgDir)}`,
    stop: () => run(path.join(pgBin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']),
  };
}
