// A throwaway PostgreSQL server for the test run: initdb and pg_ctl into a temporary folder,
// listening only on a Unix socket in that folder, owned by a user that is not root (PostgreSQL
// refuses to run as root), removed when the run ends. GASP_TEST_PG names a server to use instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Cluster {
  /** A connection URL for the cluster's superuser (`postgresql://gasp_test@/postgres?host=…`). */
  url: string;
  /** The folder of its data and socket. */
  dir: string;
  stop(): void;
}

const SUPERUSER = 'gasp_test';

/** Where PostgreSQL's server programs are: on the PATH, or Debian's /usr/lib/postgresql/N/bin
 * (the newest), or nothing. */
export function serverBin(): string | null {
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) {
    const dir = path.dirname(onPath.stdout.trim());
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  }
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions.length ? path.join(base, versions[0]!, 'bin') : null;
}

/** Runs a server program as `user` (root runs nothing of PostgreSQL's as itself). */
function runAs(user: string | null, file: string, args: string[]): { status: number | null; output: string } {
  const r = user ? spawnSync('runuser', ['-u', user, '--', file, ...args], { encoding: 'utf8' }) : spawnSync(file, args, { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** The user the server runs as: this one, or (as root) `postgres`, else `nobody`. */
function serverUser(): string | null {
  if (process.getuid?.() !== 0) return null;
  for (const u of ['postgres', 'nobody']) if (spawnSync('id', ['-u', u]).status === 0) return u;
  throw new Error('running as root and there is neither a postgres nor a nobody user to run PostgreSQL as');
}

/** Starts a fresh cluster below `parent`. Throws with the server's own words if it cannot. */
export function startCluster(parent: string = os.tmpdir()): Cluster {
  const bin = serverBin();
  if (!bin) throw new Error('no PostgreSQL server programs (initdb, pg_ctl) on this machine');
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(parent, 'pg-'));
  const data = path.join(dir, 'data');
  if (user) {
    const id = (flag: string) => Number(spawnSync('id', [flag, user], { encoding: 'utf8' }).stdout.trim());
    fs.chownSync(dir, id('-u'), id('-g'));
    // The server's user must reach its folder through every parent.
    for (let p = parent; p !== path.dirname(p); p = path.dirname(p)) {
      const mode = fs.statSync(p).mode;
      if ((mode & 0o001) === 0) fs.chmodSync(p, mode | 0o001);
    }
  }
  const init = runAs(user, path.join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.output}`);
  const options = `-k ${dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
  const start = runAs(user, path.join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  if (start.status !== 0) {
    const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8') : '';
    throw new Error(`pg_ctl start failed: ${start.output}\n${log}`);
  }
  return {
    url: `postgresql://${SUPERUSER}@/postgres?host=${encodeURIComponent(dir)}`,
    dir,
    stop() {
      runAs(user, path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
