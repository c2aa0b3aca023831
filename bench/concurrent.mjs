#!/usr/bin/env node
// Sixteen clerks registering at once, each from their own processes, on PostgreSQL and on SQLite
// in the same run: registrations per second over the whole run, and each registration's latency
// (a whole `gasp register` process, start-up included) at the median and the 99th percentile.
// All clerks are of one office, so that every registration competes for the same counter of
// numbers (the worst case). Afterwards the numbers are checked: 0 duplicate, 0 missing.
//
// PostgreSQL: GASP_BENCH_PG (a server URL whose user may create databases), else a throwaway
// cluster started here from the machine's PostgreSQL programs (as `postgres` when run as root),
// with fsync on and synchronous_commit off: what SQLite's WAL with synchronous=NORMAL promises (a
// commit survives gasp's crash, the last ones may not survive the machine's).
//
// Usage: node bench/concurrent.mjs [--clerks 16] [--each 10]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster as startPgCluster } from './pg-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const CLERKS = arg('clerks', 16);
const EACH = arg('each', 10);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gasp-bench-conc-'));
const bin = path.join(root, 'bin', 'gasp.js');
const NOW = '2013-01-21T10:00:00+06:00';

function startCluster() {
  const cluster = startPgCluster(dir);
  process.on('exit', cluster.stop);
  return cluster.url;
}

function gaspSync(db, args) {
  const r = spawnSync(process.execPath, [bin, '--db', db, '--no-input', ...args], { env: { ...process.env, GASP_NOW: NOW, NO_COLOR: '1' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function timed(db, args) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, '--db', db, '--no-input', ...args], { env: { ...process.env, GASP_NOW: NOW, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, err }));
  });
}

let serial = 0;
function iin() {
  for (;;) {
    const d = `8503154${String(++serial).padStart(4, '0')}`.split('').map(Number);
    const sum = (w) => d.reduce((s, x, i) => s + x * w[i], 0) % 11;
    let c = sum([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    if (c === 10) c = sum([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
    if (c !== 10) return d.join('') + c;
  }
}

async function runOn(label, db) {
  gaspSync(db, ['init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов']);
  for (let k = 0; k < CLERKS; k++) gaspSync(db, ['--as', 'admin', 'staff', 'add', `clerk${k}`, '--name', `Клерк ${k}`, '--role', 'clerk', '--office', '7']);
  const latencies = [];
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: CLERKS }, async (_, k) => {
      for (let i = 0; i < EACH; i++) {
        const r = await timed(db, ['--as', `clerk${k}`, 'register', '--iin', iin(), '--name', `Заявитель ${k} ${i}`, '--address', 'ул. Абая, 1', '--docs', 'application,identity']);
        if (r.code !== 0) throw new Error(r.err);
        latencies.push(r.ms);
      }
    }),
  );
  const secs = (Date.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  const cases = JSON.parse(gaspSync(db, ['--as', 'admin', 'cases', '--json']));
  const seqs = cases.map((c) => Number(c.regno.slice(-5))).sort((a, b) => a - b);
  const duplicates = seqs.length - new Set(seqs).size;
  const missing = Math.max(...seqs) - new Set(seqs).size;
  const check = spawnSync(process.execPath, [bin, '--db', db, '--as', 'admin', 'check'], { env: { ...process.env, GASP_NOW: NOW }, encoding: 'utf8' });
  return { label, n: latencies.length, secs, rate: latencies.length / secs, p50: q(0.5), p99: q(0.99), duplicates, missing, check: check.status === 0 ? 'silent' : `exit ${check.status}` };
}

try {
  const server = process.env.GASP_BENCH_PG ?? startCluster();
  const name = `gasp_bench_${process.pid}`;
  const create = spawnSync('psql', [server, '-qc', `create database ${name}`], { encoding: 'utf8' });
  if (create.status !== 0) throw new Error(create.stderr);
  const pgDb = server.replace(/^(postgres(?:ql)?:\/\/[^/?]*)\/[^?]*/, `$1/${name}`);
  const results = [await runOn('SQLite', path.join(dir, 'gasp.sqlite')), await runOn('PostgreSQL', pgDb)];
  console.log(`${CLERKS} clerks × ${EACH} registrations each, one office, ${os.cpus().length} cores`);
  console.log('engine      | registrations/s | p50 ms | p99 ms | duplicates | missing | check');
  for (const r of results) {
    console.log(`${r.label.padEnd(11)} | ${r.rate.toFixed(1).padStart(15)} | ${r.p50.toFixed(0).padStart(6)} | ${r.p99.toFixed(0).padStart(6)} | ${String(r.duplicates).padStart(10)} | ${String(r.missing).padStart(7)} | ${r.check}`);
  }
  console.log(`PostgreSQL ÷ SQLite: ${(results[1].rate / results[0].rate).toFixed(2)}× the rate, ${(results[1].p50 / results[0].p50).toFixed(2)}× the median latency`);
  if (results.some((r) => r.duplicates || r.missing || r.check !== 'silent')) process.exitCode = 1;
} finally {
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}
