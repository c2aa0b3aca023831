#!/usr/bin/env node
// Start-up bench: `gasp office 7` against `node -e 0`, interleaved, several runs each, in one run.
// Prints the medians and their ratio.
//
//   node bench/startup.mjs [RUNS] [--against OTHER/bin/gasp.js]
//
// --against times another build of gasp (an older checkout, built) in the same run, interleaved
// with this one, each on a database of its own making: "not slower than before" is the two
// ratios side by side. Wall time on a shared machine moves by several per cent from run to run,
// so each process's own CPU time (user + system, in microseconds, taken at its exit by a
// preloaded script) is shown beside it: the steadier figure to compare two builds by.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const at = argv.indexOf('--against');
const against = at >= 0 ? path.resolve(argv.splice(at, 2)[1] ?? '') : undefined;
if (against !== undefined && !fs.existsSync(against)) {
  process.stderr.write(`no gasp build at ${against}: give the path of another checkout's bin/gasp.js\n`);
  process.exit(2);
}
const runs = Number(argv[0] ?? 15);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gasp-bench-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

const builds = [{ name: 'gasp office 7', bin: path.join(root, 'bin', 'gasp.js'), db: path.join(dir, 'this.sqlite'), times: [], cpu: [] }];
if (against) builds.push({ name: 'before: office 7', bin: against, db: path.join(dir, 'before.sqlite'), times: [], cpu: [] });
const cpuFile = path.join(dir, 'cpu.cjs');
fs.writeFileSync(cpuFile, `process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeSync(3, String(u.user + u.system)); });\n`);

/** Wall time of a process (ms), and its own CPU time (ms). */
function time(args, db) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', cpuFile, ...args], { env: { ...process.env, GASP_DB: db, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return { ms, cpu: Number(r.output[3]) / 1000 };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const b of builds) time([b.bin, 'init', '--auth', 'trust'], b.db); // create and seed each database once
const node = { times: [], cpu: [] };
for (let i = 0; i < runs; i++) {
  const t = time(['-e', '0'], builds[0].db);
  node.times.push(t.ms);
  node.cpu.push(t.cpu);
  // The builds take turns at going first (what runs right after another process runs slower).
  for (const b of i % 2 ? [...builds].reverse() : builds) {
    const r = time([b.bin, 'office', '7'], b.db);
    b.times.push(r.ms);
    b.cpu.push(r.cpu);
  }
}
const n = median(node.times);
const nc = median(node.cpu);
const line = (name, x) => `${name.padEnd(18)} median ${median(x.times).toFixed(1)} ms, CPU ${median(x.cpu).toFixed(1)} ms (${runs} runs)`;
console.log(line('node -e 0', node));
for (const b of builds) console.log(line(b.name, b));
const ratios = (b) => `${(median(b.times) / n).toFixed(2)}x, CPU ${(median(b.cpu) / nc).toFixed(2)}x`;
console.log(`ratio              ${ratios(builds[0])} (target <= 1.5x)`);
if (builds[1]) console.log(`ratio before       ${ratios(builds[1])}`);
