#!/usr/bin/env node
// Start-up bench: `gasp office 7` against `node -e 0`, interleaved, several runs each, in one run.
// Prints the medians and their ratio. Usage: node bench/startup.mjs [RUNS]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 15);
const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gasp-bench-')), 'gasp.sqlite');
process.on('exit', () => fs.rmSync(path.dirname(db), { recursive: true, force: true }));
const env = { ...process.env, GASP_DB: db, NO_COLOR: '1' };

function time(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

time([path.join(root, 'bin', 'gasp.js'), 'init', '--auth', 'trust']); // create and seed the database once
const gasp = [];
const node = [];
for (let i = 0; i < runs; i++) {
  node.push(time(['-e', '0']));
  gasp.push(time([path.join(root, 'bin', 'gasp.js'), 'office', '7']));
}
const g = median(gasp);
const n = median(node);
console.log(`node -e 0          median ${n.toFixed(1)} ms (${runs} runs)`);
console.log(`gasp office 7      median ${g.toFixed(1)} ms (${runs} runs)`);
console.log(`ratio              ${(g / n).toFixed(2)}x (target <= 1.5x)`);
