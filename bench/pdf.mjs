#!/usr/bin/env node
// PDF bench: one talon as text and as PDF (the whole command, start-up included), and a batch of
// 1,000 signed notifications printed into one PDF. Usage: node bench/pdf.mjs [PAGES]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const Database = createRequire(import.meta.url)(path.join(root, 'node_modules', 'better-sqlite3'));
const pages = Number(process.argv[2] ?? 1000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gasp-bench-pdf-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const db = path.join(dir, 'gasp.sqlite');
const env = { ...process.env, GASP_DB: db, GASP_NOW: '2013-01-21T10:00:00+06:00', NO_COLOR: '1' };

function gasp(...args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'gasp.js'), '--no-input', ...args], { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`gasp ${args.join(' ')}: ${r.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

gasp('init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов');
for (const [login, name, role] of [
  ['clerk', 'Айгерим Сапаровна Жумабаева', 'clerk'],
  ['head', 'Болат Ерланович Ахметов', 'head'],
  ['exec', 'Дина Маратовна Касымова', 'executor'],
]) gasp('--as', 'admin', 'staff', 'add', login, '--name', name, '--role', role, '--office', '7');
gasp('--as', 'clerk', 'register', '--iin', '850315400124', '--name', 'Әлия Құрманқызы Нұрланова', '--address', 'ул. Абая, 1', '--docs', 'application,identity,family,income,address');
gasp('--as', 'head', 'assign', '07-2013-00001', '--executor', 'exec');
gasp('--as', 'exec', 'review', '07-2013-00001');
gasp('--as', 'exec', 'draft', '07-2013-00001', '--grant');
gasp('--as', 'head', 'sign', '07-2013-00001');

const text = [];
const pdf = [];
for (let i = 0; i < 9; i++) {
  text.push(gasp('--as', 'clerk', 'talon', '07-2013-00001'));
  pdf.push(gasp('--as', 'clerk', 'talon', '07-2013-00001', '--pdf', path.join(dir, `talon-${i}.pdf`)));
}

// The batch: copies of the signed case under new numbers (bench data, written straight to SQLite).
const raw = new Database(db);
const cols = raw.prepare('select * from cases where regno = ?').get('07-2013-00001');
const names = Object.keys(cols).filter((c) => c !== 'id');
const insert = raw.prepare(`insert into cases (${names.join(',')}) values (${names.map((n) => '@' + n).join(',')})`);
raw.transaction(() => {
  for (let i = 2; i <= pages; i++) insert.run({ ...cols, regno: `07-2013-${String(i).padStart(5, '0')}`, seq: i, name: `Заявитель ${i} Құрманқызы` });
  raw.prepare('update regno_counters set last = ? where office = 7').run(pages);
})();
raw.close();
const batchFile = path.join(dir, 'batch.pdf');
const batch = gasp('--as', 'exec', 'notice', '--state', 'signed', '--office', '7', '--pdf', batchFile);

console.log(`talon as text (whole command)     median ${median(text).toFixed(1)} ms (9 runs)`);
console.log(`talon as PDF (whole command)      median ${median(pdf).toFixed(1)} ms (9 runs)`);
console.log(`  of which PDF                    ${(median(pdf) - median(text)).toFixed(1)} ms`);
console.log(`batch of ${pages} notifications      ${batch.toFixed(0)} ms, ${(batch / pages).toFixed(2)} ms a page, ${(fs.statSync(batchFile).size / 1024).toFixed(0)} KiB`);
