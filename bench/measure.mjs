// Timing a command for the benches: wall time measured here, peak memory from /usr/bin/time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Runs a command under /usr/bin/time: wall milliseconds (measured here) and peak RSS (MiB). */
export function measure(cmd, args, { env = process.env, stdout = 'ignore', input } = {}) {
  const out = typeof stdout === 'string' && stdout !== 'ignore' && stdout !== 'pipe' ? fs.openSync(stdout, 'w') : stdout;
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {
      env,
      input,
      stdio: [input === undefined ? 'ignore' : 'pipe', out, 'pipe'],
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const lines = r.stderr.trimEnd().split('\n');
    const kib = Number(lines[lines.length - 1].split(' ')[1]);
    if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')}: exit ${r.status}\n${lines.slice(0, -1).join('\n')}`);
    return { ms, mib: kib / 1024, stdout: r.stdout };
  } finally {
    if (typeof out === 'number') fs.closeSync(out);
  }
}
