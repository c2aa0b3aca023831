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

// A paper register: valid ИИН, Cyrillic and Kazakh names, received over 2013 in working hours.
const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
function iin(i) {
  for (let k = 0; ; k++) {
    const y = 50 + ((i + k) % 45);
    const m = 1 + ((i * 7 + k) % 12);
    const d = 1 + ((i * 13 + k) % 28);
    const first = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${3 + ((i + k) % 2)}${String((i * 31 + k) % 10000).padStart(4, '0')}`;
    const dg = [...first].map(Number);
    let c = dg.reduce((s, x, j) => s + x * W1[j], 0) % 11;
    if (c === 10) c = dg.reduce((s, x, j) => s + x * W2[j], 0) % 11;
    if (c !== 10) return first + c;
  }
}
const surnames = ['Нұрланова', 'Ахметов', 'Жақсылықов', 'Сапарова', 'Ибраев', 'Омарова', 'Құрманова', 'Сейітов', 'Бекова', 'Әбдірахманов'];
const names = ['Әлия', 'Серік', 'Айгерім', 'Болат', 'Дина', 'Ерлан', 'Гүлнар', 'Марат', 'Сәуле', 'Нұрлан'];
const csvFile = path.join(dir, 'register.csv');
const out = fs.createWriteStream(csvFile);
out.write('iin,name,address,phone,received_at,office,docs\n');
const t0 = Date.UTC(2013, 0, 9, 3, 0); // 9 January 2013, 09:00 local
for (let i = 0; i < rows; i++) {
  const day = Math.floor((i / rows) * 350);
  const at = new Date(t0 + day * 86400000 + (i % 480) * 60000 + 6 * 3600000).toISOString().slice(0, 16).replace('T', ' ');
  out.write(`${iin(i)},${surnames[i % 10]} ${names[(i >> 3) % 10]},"ул. Абая, ${1 + (i % 200)}",8 701 ${String(i % 1000).padStart(3, '0')} 00 00,${at},${1 + (i % 19)},"application,identity,family,income,address"\n`);
}
await new Promise((r) => out.end(r));

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
