#!/usr/bin/env node
// Administration bench, all in one run on a database of ROWS cases (default 100,000):
//  - import: `gasp import` of a generated paper register against sqlite3's `.import` of the same
//    file into a plain table;
//  - export: `gasp export cases` of every case against `sqlite3 -csv` of the same query, rows per
//    second and peak memory (RSS), and the peak memory of a 10% export to show it does not grow
//    with the row count.
// Needs the sqlite3 command (Debian: sqlite3). Usage: node bench/admin.mjs [ROWS]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePaperRegister } from './paper-register.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rows = Number(process.argv[2] ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gasp-bench-admin-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const db = path.join(dir, 'gasp.sqlite');
const env = { ...process.env, GASP_DB: db, GASP_NOW: '2013-12-31T18:00:00+06:00', NO_COLOR: '1' };

/** Runs a command under /usr/bin/time: wall seconds and peak RSS in MiB. */
function measure(cmd, args, opts = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  const [secs, kib] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { secs, mib: kib / 1024, stdout: r.stdout };
}
const gasp = (...args) => measure(process.execPath, [path.join(root, 'bin', 'gasp.js'), '--no-input', ...args]);

const csvFile = path.join(dir, 'register.csv');
await writePaperRegister(csvFile, rows);

gasp('init', '--auth', 'trust', '--admin', 'admin', '--name', 'Администратор', '--office', '7');
const imp = gasp('--as', 'admin', 'import', csvFile);
const plainDb = path.join(dir, 'plain.sqlite');
const ref = measure('sqlite3', [plainDb, '.import --csv ' + csvFile + ' plain']);

// Make the states realistic: most cases decided and issued, some in work (bench data, direct SQL).
spawnSync('sqlite3', [db, `update cases set state = 'issued', decision = case when id % 5 = 0 then 'refuse' else 'grant' end,
  reason = case when id % 5 = 0 then 'income-above-poverty-line' end, executor = 'admin', signed_by = 'admin',
  signed_at = registered_at, issued_at = registered_at, issue_channel = 'in-person', deadline_at = null where id % 10 <> 0`]);

const query = `select regno, received_at, name, iin, address, coalesce(akimat, office), state, executor, decision, reason, signed_at, issued_at, deadline_at, deadline_at < '2013-12-31' from cases order by registered_at, id`;
const exp = gasp('--as', 'admin', 'export', 'cases', '-o', path.join(dir, 'export.csv'));
const sq = measure('sqlite3', ['-csv', db, query], { stdio: ['ignore', fs.openSync(path.join(dir, 'sqlite3.csv'), 'w'), 'pipe'] });
const small = gasp('--as', 'admin', 'export', 'cases', '--state', 'registered', '-o', path.join(dir, 'export-small.csv'));
const smallRows = fs.readFileSync(path.join(dir, 'export-small.csv'), 'utf8').split('\r\n').length - 2;

const rate = (n, s) => `${Math.round(n / s).toLocaleString('en')} rows/s`;
console.log(`rows                                   ${rows.toLocaleString('en')}`);
console.log(`import  gasp import                    ${imp.secs.toFixed(2)} s  ${rate(rows, imp.secs)}  peak ${imp.mib.toFixed(0)} MiB`);
console.log(`import  sqlite3 .import (plain table)  ${ref.secs.toFixed(2)} s  ${rate(rows, ref.secs)}`);
console.log(`import  ratio                          ${(imp.secs / ref.secs).toFixed(2)}x (aim <= 3x)`);
console.log(`export  gasp export cases              ${exp.secs.toFixed(2)} s  ${rate(rows, exp.secs)}  peak ${exp.mib.toFixed(0)} MiB`);
console.log(`export  sqlite3 -csv                   ${sq.secs.toFixed(2)} s  ${rate(rows, sq.secs)}  peak ${sq.mib.toFixed(0)} MiB`);
console.log(`export  ratio                          ${(exp.secs / sq.secs).toFixed(2)}x (aim <= 2x)`);
console.log(`export  ${smallRows.toLocaleString('en')} rows (--state registered)   peak ${small.mib.toFixed(0)} MiB (vs ${exp.mib.toFixed(0)} MiB for all)`);
