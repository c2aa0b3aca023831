#!/usr/bin/env node
// Does a long import keep clerks waiting? Builds a paper register of ROWS rows (default
// 100,000), starts `gasp import` on it, and while it runs registers applicants one after another
// in office 7, timing each registration from spawn to exit. Prints the registrations' times
// alone (before the import) and during it — the difference is the wait for the write lock — the
// import's total time, and `gasp check` afterwards (numbers gapless though both wrote). On a
// busy machine a registration is also slower for want of CPU, so a probe measures the lock alone:
// every 100 ms it takes the write lock the way gasp does (BEGIN IMMEDIATE, tried every few ms)
// and lets it go at once, recording how long it waited.
// Usage: node bench/import-lock.mjs [ROWS]   (GASP_BENCH_BIN=path/to/bin/gasp.js to compare builds)
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDigit, writePaperRegister } from './paper-register.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.GASP_BENCH_BIN ? path.resolve(process.env.GASP_BENCH_BIN) : path.join(root, 'bin', 'gasp.js');
const Database = createRequire(path.join(root, 'package.json'))('better-sqlite3');
const rows = Number(process.argv[2] ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gasp-bench-lock-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const db = path.join(dir, 'gasp.sqlite');
const env = { ...process.env, GASP_DB: db, GASP_NOW: '2013-12-31T12:00:00+06:00', NO_COLOR: '1' };

function gaspSync(...args) {
  const r = spawnSync(process.execPath, [bin, '--no-input', ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gasp ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function gaspAsync(...args) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, '--no-input', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr, ms: performance.now() - started }));
  });
}

// ИИН with a valid check digit. The register's applicants are born 1950–1994; the clerks'
// applicants in 1999, so that no registration meets an open case of the import.
let clerkSerial = 0;
function clerkIin() {
  for (;;) {
    const iin = checkDigit(`9901014${String(++clerkSerial).padStart(4, '0')}`);
    if (iin) return iin;
  }
}

const csvFile = path.join(dir, 'register.csv');
await writePaperRegister(csvFile, rows);

gaspSync('init', '--auth', 'trust', '--admin', 'admin', '--name', 'Администратор', '--office', '7');
gaspSync('--as', 'admin', 'staff', 'add', 'clerk7', '--name', 'Айгерим Сапаровна Жумабаева', '--role', 'clerk', '--office', '7');

const register = () =>
  gaspAsync('--as', 'clerk7', 'register', '--iin', clerkIin(), '--name', 'Заявитель Бенчмарков', '--address', 'ул. Абая, 1', '--docs', 'application,identity,family,income,address');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Registrations alone, for the baseline (start-up, validation, the write and the talon).
const alone = [];
for (let i = 0; i < 10; i++) {
  const r = await register();
  if (r.code !== 0) throw new Error(r.stderr);
  alone.push(r.ms);
}

const importStarted = performance.now();
let importDone = false;
const importRun = gaspAsync('--as', 'admin', 'import', csvFile).then((r) => {
  importDone = true;
  return { ...r, ms: performance.now() - importStarted };
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const lockWaits = [];
const probe = (async () => {
  const conn = new Database(db);
  conn.pragma('busy_timeout = 0');
  while (!importDone) {
    const started = performance.now();
    for (let attempt = 0; ; attempt++) {
      try {
        conn.exec('begin immediate');
        break;
      } catch (e) {
        if (!String(e.code).startsWith('SQLITE_BUSY')) throw e;
        await sleep(Math.min(1 + attempt, 4) + Math.random() * 2);
      }
    }
    lockWaits.push(performance.now() - started);
    conn.exec('rollback');
    await sleep(100);
  }
  conn.close();
})();
const during = [];
let failed = 0;
const firstError = [];
while (!importDone) {
  const r = await register();
  if (importDone) break; // finished after the import: not a registration during it
  if (r.code !== 0) {
    failed++;
    firstError.push(r.stderr.trim());
  } else during.push(r.ms);
}
const imp = await importRun;
await probe;
if (imp.code !== 0) throw new Error(`import: ${imp.stderr}`);
const check = spawnSync(process.execPath, [bin, '--as', 'admin', 'check'], { env, encoding: 'utf8' });

const ms = (x) => `${x.toFixed(0)} ms`;
console.log(`rows imported                       ${rows.toLocaleString('en')}`);
console.log(`import total time                   ${(imp.ms / 1000).toFixed(2)} s (${Math.round(rows / (imp.ms / 1000)).toLocaleString('en')} rows/s), registrations running beside it`);
console.log(`registration alone                  median ${ms(median(alone))}, max ${ms(Math.max(...alone))} (10 runs)`);
console.log(`registration during the import      median ${ms(median(during))}, max ${ms(Math.max(...during))} (${during.length} runs, ${failed} failed)`);
console.log(`wait for the lock (during - alone)  median ${ms(Math.max(0, median(during) - median(alone)))}, max ${ms(Math.max(0, Math.max(...during) - median(alone)))}`);
console.log(`write lock wait (probe, every 100 ms) median ${ms(median(lockWaits))}, max ${ms(Math.max(...lockWaits))} (${lockWaits.length} probes)`);
console.log(`gasp check afterwards               ${check.status === 0 && !check.stdout.trim() ? 'silent, exit 0' : `exit ${check.status}: ${check.stdout}${check.stderr}`}`);
if (firstError.length) console.log(`first failure: ${firstError[0]}`);
