#!/usr/bin/env node
// The scale bench of issue 10, all in one run; prints every figure and writes bench/RESULTS.md and
// bench/scale.svg (median time against database size, one line per command).
//
//   node bench/scale.mjs [--sizes 10000,100000,1000000] [--runs 7] [--startup-runs 15]
//                        [--no-1m] [--skip startup,sizes,import,export] [--reuse] [--no-write]
//
// The figures are kept after every section in bench/.cache/scale-results.json; --reuse starts from
// them, so that `--reuse --skip startup,sizes,import` measures the export again and rewrites
// RESULTS.md with everything.
//
//  - start-up: `office 7`, `case`, `cases`, `register` (a real registration, in a copy of the 10k
//    database) and `--help`, each against `node -e 0`, interleaved runs, medians;
//  - at each size (databases from bench/large-db.mjs, cached): every listing's first page, `find`,
//    `case`, `report` (whole and one quarter), `export register` of one day, `check` and `backup`,
//    each against `gasp office 7` on the same database (interleaved, ratio of medians), and
//    `check` against `sqlite3 FILE 'pragma quick_check'`; peak memory (RSS) of each;
//  - import of 100,000 rows of a paper register (bench/paper-register.mjs) against one `sqlite3`
//    run that `.import`s the same final rows (dumped from the tables the import filled) into a
//    freshly `gasp init`-ed database, the same schema and indexes, in one transaction;
//  - export of the 100k database (`export cases`, `export register` of a day) against
//    `sqlite3 -csv` of the same query.
//
// Needs /usr/bin/time and the sqlite3 shell. A command that takes seconds is run fewer times
// (3, or once above 10 s). The 1M size needs a few GB of disk for its copy.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { ADMIN, GASP_NOW, largeDb, officeStaff } from './large-db.mjs';
import { checkDigit, writePaperRegister } from './paper-register.mjs';
import { measure } from './measure.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const gaspBin = path.join(root, 'bin', 'gasp.js');

// ---------------------------------------------------------------------------------------------
// Options.

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
let sizes = opt('sizes', '10000,100000,1000000').split(',').map((s) => Number(s.replace(/[_]/g, '')));
if (argv.includes('--no-1m')) sizes = sizes.filter((n) => n < 1_000_000);
if (sizes.some((n) => !Number.isInteger(n) || n < 1000)) {
  process.stderr.write('usage: node bench/scale.mjs [--sizes 10000,100000,1000000] [--runs 7] [--startup-runs 15] [--no-1m] [--skip startup,sizes,import,export] [--reuse] [--no-write]\n');
  process.exit(2);
}
const RUNS = Number(opt('runs', 7));
const STARTUP_RUNS = Number(opt('startup-runs', 15));
/** gasp's import and its floor take seconds each: three interleaved runs of each. */
const IMPORT_RUNS = 3;
const skip = new Set(opt('skip', '').split(',').filter(Boolean));
const write = !argv.includes('--no-write');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gasp-scale-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

// ---------------------------------------------------------------------------------------------
// Measuring.

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};


const gaspEnv = (db, extra = {}) => ({ ...process.env, GASP_DB: db, GASP_NOW, NO_COLOR: '1', GASP_LANG: 'ru', ...extra });
const gaspCmd = (args) => [process.execPath, [gaspBin, '--no-input', ...args]];

/** Interleaved runs of a command and its baseline: medians, their ratio, the command's peak RSS.
 * A command of seconds is run 3 times, one above 10 s once. */
function versus(command, baseline, runs) {
  const first = command();
  let n = first.ms > 10_000 ? 1 : first.ms > 2_000 ? 3 : runs;
  const a = [];
  const b = [];
  let mib = first.mib;
  for (let i = 0; i < n; i++) {
    b.push(baseline().ms);
    const r = command();
    a.push(r.ms);
    mib = Math.max(mib, r.mib);
  }
  const ma = median(a);
  const mb = median(b);
  return { ms: ma, base: mb, ratio: ma / mb, mib, runs: n };
}

const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const fmtX = (x) => `${x.toFixed(2)}×`;
const say = (s) => process.stdout.write(`${s}\n`);
const pad = (s, n) => String(s).padEnd(n);

// ---------------------------------------------------------------------------------------------
// The goals of issue 10.

const EVERYDAY = 1.3;
function goalOf(name) {
  if (name === 'report') return { limit: 15, of: 'office 7' };
  if (name === 'report (one quarter)') return { limit: 5, of: 'office 7' };
  if (name === 'check') return { limit: 3, of: 'quick_check' };
  if (name === 'backup') return null;
  return { limit: EVERYDAY, of: 'office 7' };
}
const MEMORY_GOAL = 150;
/** The commands whose time must not grow with the database. */
const mustBeFlat = (name) => !/^(report|check|backup)/.test(name);
/** Flat: the ratio to the baseline (measured in the same loop, so a busier machine does not
 * count) grows by at most this much from the smallest database to the largest. */
const FLAT = 1.25;

const results = { date: new Date().toISOString(), startup: null, sizes: [], import: null, export: null, runs: [] };

// ---------------------------------------------------------------------------------------------
// Start-up.

async function startup() {
  const db = path.join(work, 'startup.sqlite');
  fs.copyFileSync(await dbOf(10_000), db);
  const env = gaspEnv(db);
  measure(...gaspCmd(['--as', ADMIN, 'office', '7']), { env }); // migrates a copy made by an older gasp
  let k = 0;
  const nextIin = () => {
    for (;;) {
      const iin = checkDigit(`8${String(k % 10)}0${1 + (k % 9)}1${1 + (k % 9)}4${String(1000 + k++).slice(-4)}`);
      if (iin) return iin;
    }
  };
  const commands = {
    'node -e 0': () => measure(process.execPath, ['-e', '0'], { env }),
    'office 7': () => measure(...gaspCmd(['office', '7']), { env }),
    case: () => measure(...gaspCmd(['--as', ADMIN, 'case', '07-2025-00100']), { env }),
    cases: () => measure(...gaspCmd(['--as', ADMIN, 'cases']), { env }),
    register: () =>
      measure(
        ...gaspCmd(['--as', officeStaff(7).clerks[0], 'register', '--iin', nextIin(), '--name', 'Жақсылықова Айгерім Серікқызы', '--address', 'Илийский район, п. Боралдай, ул. Абая, д. 7', '--phone', '+7 701 555 12 34', '--docs', 'application,identity,family,income,address']),
        { env },
      ),
    '--help': () => measure(...gaspCmd(['--help']), { env }),
  };
  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const mem = Object.fromEntries(Object.keys(commands).map((k) => [k, 0]));
  for (const c of Object.values(commands)) c(); // warm the file cache
  for (let i = 0; i < STARTUP_RUNS; i++) {
    for (const [name, c] of Object.entries(commands)) {
      const r = c();
      times[name].push(r.ms);
      mem[name] = Math.max(mem[name], r.mib);
    }
  }
  const node = median(times['node -e 0']);
  const rows = Object.keys(commands).map((name) => {
    const ms = median(times[name]);
    const limit = name === 'node -e 0' ? null : name === 'cases' ? 1.4 : 1.3;
    return { name, ms, ratio: ms / node, mib: mem[name], limit };
  });
  say(`\nStart-up (${STARTUP_RUNS} interleaved runs each, medians; a copy of the 10,000-case database)`);
  for (const r of rows) say(`  ${pad(r.name, 12)} ${pad(fmtMs(r.ms), 9)} ${r.limit ? `${pad(fmtX(r.ratio), 7)} node -e 0 (goal ≤ ${r.limit}×: ${r.ratio <= r.limit ? 'met' : 'NOT met'})` : ''}  peak ${r.mib.toFixed(0)} MiB`);
  results.startup = { runs: STARTUP_RUNS, node, rows };
}

// ---------------------------------------------------------------------------------------------
// One size.

/** The cached database of n cases, looked up when it is used (built again if it went missing). */
const dbOf = (n) => largeDb(n);

function sqliteRows(file, sql) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

async function atSize(n) {
  const db = path.join(work, `gasp-${n}.sqlite`);
  say(`\n${n.toLocaleString('en')} cases: copying the database…`);
  fs.copyFileSync(await dbOf(n), db);
  const env = gaspEnv(db);
  const t0 = Date.now();
  measure(...gaspCmd(['--as', ADMIN, 'office', '7']), { env }); // a newer gasp migrates the copy here, untimed
  const migrated = Date.now() - t0;
  if (migrated > 2000) say(`  (the first command took ${fmtMs(migrated)}: gasp migrated the copy)`);
  const office = 7;
  const staff = officeStaff(office);
  const regno = `${String(office).padStart(2, '0')}-2025-00100`;
  const [c] = sqliteRows(db, `select iin, name, phone_key from cases where regno = '${regno}'`);
  const [p] = sqliteRows(db, `select phone_key from cases where office = ${office} and phone_key is not null order by id limit 1`);
  const [{ events }] = sqliteRows(db, 'select count(*) as events from events');
  const mib = fs.statSync(db).size / 2 ** 20;
  say(`  ${events.toLocaleString('en')} events, ${mib.toFixed(0)} MiB`);
  const surname = c.name.split(' ')[0];
  const phoneTail = [...p.phone_key.slice(0, 4)].reverse().join('');
  const day = '2025-06-16';
  const backupFile = path.join(work, 'backup.sqlite');
  const exportFile = path.join(work, 'register.csv');
  const as = (login, args) => () => measure(...gaspCmd(['--as', login, ...args]), { env });
  // `check` must stay silent on the generated database: what it says is shown.
  let checkSaid = '';
  const checkRun = () => {
    const r = measure(...gaspCmd(['--as', ADMIN, 'check']), { env, stdout: 'pipe' });
    checkSaid = r.stdout.trim();
    return r;
  };
  const commands = [
    ['cases', as(ADMIN, ['cases'])],
    ['cases --state assigned', as(ADMIN, ['cases', '--state', 'assigned'])],
    ['cases --state issued', as(ADMIN, ['cases', '--state', 'issued'])],
    ['cases --office 7', as(ADMIN, ['cases', '--office', '7'])],
    ['cases --executor', as(ADMIN, ['cases', '--executor', staff.executors[0]])],
    ['cases --overdue', as(ADMIN, ['cases', '--overdue'])],
    ['cases --date', as(ADMIN, ['cases', '--date', day])],
    ['cases --iin', as(ADMIN, ['cases', '--iin', c.iin])],
    ['cases --name', as(ADMIN, ['cases', '--name', surname])],
    ['cases --phone', as(ADMIN, ['cases', '--phone', phoneTail])],
    ['overdue', as(ADMIN, ['overdue'])],
    ['find name', as(ADMIN, ['find', surname])],
    ['find ИИН', as(ADMIN, ['find', c.iin])],
    ['find number', as(ADMIN, ['find', regno])],
    ['case', as(ADMIN, ['case', regno])],
    ['cases (head of office)', as(staff.head, ['cases'])],
    ['cases (executor)', as(staff.executors[0], ['cases'])],
    ['overdue (head of office)', as(staff.head, ['overdue'])],
    ['find name (head of office)', as(staff.head, ['find', surname])],
    ['export register (one day)', as(ADMIN, ['export', 'register', '--date', day, '-o', exportFile, '--force'])],
    ['report (one quarter)', as(ADMIN, ['report', '--from', '2025-04-01', '--to', '2025-06-30'])],
    ['report', as(ADMIN, ['report'])],
    ['backup', as(ADMIN, ['backup', backupFile, '--force'])],
    ['check', checkRun],
  ];
  const baseline = as(ADMIN, ['office', '7']);
  const quick = () => measure('sqlite3', [db, 'pragma quick_check']);
  const rows = [];
  say(`  ${pad('command', 28)} ${pad('median', 9)} ${pad('ratio', 7)} ${pad('of', 12)} ${pad('goal', 8)} peak`);
  for (const [name, command] of commands) {
    let r;
    try {
      r = name === 'check' ? versus(command, quick, Math.min(RUNS, 3)) : versus(command, baseline, RUNS);
    } catch (e) {
      // A command that fails (out of memory, say) is a result too: the others are still measured.
      const why = String(e.message).split('\n').filter(Boolean).slice(-1)[0] ?? 'failed';
      rows.push({ name, failed: why, of: name === 'check' ? 'quick_check' : 'office 7', goal: goalOf(name)?.limit ?? null, met: goalOf(name) ? false : null });
      say(`  ${pad(name, 28)} FAILED: ${why}`);
      continue;
    }
    const goal = goalOf(name);
    const of = name === 'check' ? 'quick_check' : 'office 7';
    const met = goal ? r.ratio <= goal.limit : null;
    rows.push({ name, ...r, of, goal: goal?.limit ?? null, met });
    say(`  ${pad(name, 28)} ${pad(fmtMs(r.ms), 9)} ${pad(fmtX(r.ratio), 7)} ${pad(`${of} ${fmtMs(r.base)}`, 12)} ${pad(goal ? `≤ ${goal.limit}× ${met ? 'met' : 'NOT'}` : '', 8)} ${r.mib.toFixed(0)} MiB${r.mib > MEMORY_GOAL ? ' (> 150)' : ''}${r.runs < RUNS ? ` [${r.runs} run${r.runs > 1 ? 's' : ''}]` : ''}`);
  }
  if (checkSaid) say(`  warning: gasp check was not silent on the generated database:\n${checkSaid.split('\n').slice(0, 10).join('\n')}`);
  const base = median(rows.filter((r) => r.of === 'office 7' && !r.failed).map((r) => r.base));
  results.sizes = [...results.sizes.filter((x) => x.n !== n), { n, base, rows, migratedMs: migrated, events, mib }].sort((a, b) => a.n - b.n);
  fs.rmSync(db, { force: true });
  for (const f of [`${db}-wal`, `${db}-shm`, backupFile, exportFile]) fs.rmSync(f, { force: true });
}

// ---------------------------------------------------------------------------------------------
// Import against the sqlite3 shell.

function sqlite3(file, sql, opts = {}) {
  const r = spawnSync('sqlite3', [file], { input: sql, encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  if (r.status !== 0 || r.stderr) throw new Error(`sqlite3 ${file}: ${r.stderr}`);
  return r.stdout;
}

async function importBench() {
  const rowsN = 100_000;
  const dir = path.join(work, 'import');
  fs.mkdirSync(dir);
  const csv = path.join(dir, 'register.csv');
  await writePaperRegister(csv, rowsN);
  const now = '2013-12-31T18:00:00+06:00';
  const fresh = path.join(dir, 'fresh.sqlite');
  measure(...gaspCmd(['init', '--auth', 'trust', '--admin', ADMIN, '--name', 'Әбенова Сәуле Маратовна']), { env: gaspEnv(fresh, { GASP_NOW: now }) });
  sqlite3(fresh, 'pragma wal_checkpoint(truncate);');
  say(`\nImport of ${rowsN.toLocaleString('en')} rows (bench/paper-register.mjs)…`);
  // Each run on its own copy of the fresh database (copying is not timed), gasp and the floor
  // interleaved.
  const imported = path.join(dir, 'imported.sqlite');
  const importOnce = () => {
    for (const f of [imported, `${imported}-wal`, `${imported}-shm`]) fs.rmSync(f, { force: true });
    fs.copyFileSync(fresh, imported);
    return measure(...gaspCmd(['--as', ADMIN, 'import', csv]), { env: gaspEnv(imported, { GASP_NOW: now }) });
  };
  const first = importOnce();
  // The tables the import filled, and the rows it added to them, dumped as CSV with NULL marked
  // (CSV has no NULL: a plain dump would load empty strings, which fill other partial indexes and
  // break references). sqlite3 .imports each into a bare staging table and inserts the same final
  // rows, NULLs and types as gasp wrote them, into gasp's own tables: the same schema, indexes
  // and triggers, one transaction.
  const tables = sqlite3(imported, `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name;`).trim().split('\n');
  const NULL = '\\N';
  const imports = [];
  const filled = [];
  for (const t of tables) {
    const count = (file) => Number(sqlite3(file, `select count(*) from "${t}";`).trim());
    const before = count(fresh);
    const after = count(imported);
    // case_counts is kept by triggers on cases: sqlite3 loading the cases fills it the same way.
    if (after === before || t === 'case_counts') continue;
    const file = path.join(dir, `${t}.csv`);
    const out = fs.openSync(file, 'w');
    const r = spawnSync('sqlite3', ['-csv', '-nullvalue', NULL, imported, `attach '${fresh}' as f; select * from main."${t}" except select * from f."${t}";`], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
    fs.closeSync(out);
    if (r.status !== 0) throw new Error(r.stderr);
    const columns = sqlite3(imported, `select name from pragma_table_info('${t}') order by cid;`).trim().split('\n');
    filled.push({ table: t, rows: after - before });
    imports.push({
      table: t,
      lines: [
        `create temp table "s_${t}" (${columns.map((c) => `"${c}"`).join(', ')});`,
        `.import --csv ${file} s_${t}`,
        `insert into main."${t}" (${columns.map((c) => `"${c}"`).join(', ')}) select ${columns.map((c) => `nullif("${c}", '${NULL}')`).join(', ')} from temp."s_${t}";`,
      ],
    });
  }
  // cases first: the other tables refer to them.
  imports.sort((a, b) => (a.table === 'cases' ? -1 : b.table === 'cases' ? 1 : 0));
  const script = ['.bail on', 'begin;', ...imports.flatMap((i) => i.lines), 'commit;'];
  const floorDb = path.join(dir, 'floor.sqlite');
  const floorOnce = () => {
    for (const f of [floorDb, `${floorDb}-wal`, `${floorDb}-shm`]) fs.rmSync(f, { force: true });
    fs.copyFileSync(fresh, floorDb);
    return measure('sqlite3', [floorDb], { input: `${script.join('\n')}\n`, stdout: 'pipe' });
  };
  floorOnce();
  for (const f of filled) {
    const same = sqlite3(floorDb, `attach '${imported}' as g; select (select count(*) from (select * from main."${f.table}" except select * from g."${f.table}")) + (select count(*) from (select * from g."${f.table}" except select * from main."${f.table}"));`).trim();
    if (same !== '0') say(`  warning: ${same} rows of ${f.table} differ between sqlite3's load and gasp's import`);
  }
  const runs = { gasp: [], floor: [] };
  let mib = first.mib;
  for (let i = 0; i < IMPORT_RUNS; i++) {
    runs.floor.push(floorOnce().ms);
    const r = importOnce();
    runs.gasp.push(r.ms);
    mib = Math.max(mib, r.mib);
  }
  const vs = { runs: IMPORT_RUNS };
  const gasp = { ms: median(runs.gasp), mib };
  const floor = { ms: median(runs.floor) };
  const ratio = gasp.ms / floor.ms;
  say(`  gasp import                      ${fmtMs(gasp.ms)}  peak ${gasp.mib.toFixed(0)} MiB  (${vs.runs} interleaved runs)`);
  say(`  sqlite3 .import (same rows)      ${fmtMs(floor.ms)}  (${filled.map((f) => `${f.table} ${f.rows.toLocaleString('en')}`).join(', ')})`);
  say(`  ratio                            ${fmtX(ratio)} (goal ≤ 2×: ${ratio <= 2 ? 'met' : 'NOT met'})`);
  results.import = { rows: rowsN, gasp: gasp.ms, mib: gasp.mib, floor: floor.ms, ratio, filled, runs: vs.runs };
}

// ---------------------------------------------------------------------------------------------
// Export against sqlite3 -csv.

const EXPORT_SQL = `select regno, received_at, name, iin, address, akimat, office, state, executor, decision, reason, reason_text, signed_at, issued_at, issue_channel, deadline_at, phone, docs from cases`;

async function exportBench() {
  const n = 100_000;
  const db = path.join(work, 'export.sqlite');
  fs.copyFileSync(await dbOf(n), db);
  const env = gaspEnv(db);
  measure(...gaspCmd(['--as', ADMIN, 'office', '7']), { env });
  const out = path.join(work, 'export.csv');
  const day = '2025-06-16';
  const [from, to] = [new Date(`${day}T00:00:00+05:00`).toISOString(), new Date(`2025-06-17T00:00:00+05:00`).toISOString()];
  say(`\nExport of the ${n.toLocaleString('en')}-case database…`);
  const rows = [];
  // The goal (≤ 2×) is the bulk export's; a day's register is bounded by start-up (its goal is
  // 1.3× `office 7`, in the sizes' table) and is shown here for what sqlite3 would take.
  for (const [name, args, sql, runs, goal] of [
    ['export cases (all)', ['export', 'cases', '-o', out, '--force'], `${EXPORT_SQL} order by registered_at, id`, 3, 2],
    ['export register (one day)', ['export', 'register', '--date', day, '-o', out, '--force'], `${EXPORT_SQL} where registered_at >= '${from}' and registered_at < '${to}' order by registered_at, id`, RUNS, null],
  ]) {
    const r = versus(
      () => measure(...gaspCmd(['--as', ADMIN, ...args]), { env }),
      () => measure('sqlite3', ['-csv', db, sql], { stdout: `${out}.sqlite3` }),
      runs,
    );
    const lines = fs.readFileSync(out, 'utf8').split('\n').length - 2;
    rows.push({ name, ...r, lines, goal });
    say(`  ${pad(name, 28)} ${pad(fmtMs(r.ms), 9)} sqlite3 -csv ${pad(fmtMs(r.base), 9)} ${pad(fmtX(r.ratio), 7)} ${goal ? `(goal ≤ ${goal}×: ${r.ratio <= goal ? 'met' : 'NOT met'})` : ''}  peak ${r.mib.toFixed(0)} MiB, ${lines.toLocaleString('en')} rows`);
  }
  results.export = { n, rows };
  fs.rmSync(db, { force: true });
}

// ---------------------------------------------------------------------------------------------
// RESULTS.md and the chart.

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939'];

export function chart(sizeResults) {
  const W = 980;
  const H = 620;
  const m = { left: 70, right: 300, top: 40, bottom: 60 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const ns = sizeResults.map((s) => s.n);
  const names = sizeResults[0].rows.map((r) => r.name);
  const series = names.map((name) => ({ name, points: sizeResults.map((s) => [s.n, s.rows.find((r) => r.name === name)?.ms]).filter(([, v]) => v !== undefined) })).filter((s) => s.points.length);
  // The commands that grow most first, so that the legend reads from the steepest to the flat.
  const growth = (s) => (s.points.length > 1 ? s.points[s.points.length - 1][1] / s.points[0][1] : 1);
  series.sort((a, b) => growth(b) - growth(a));
  series.push({ name: 'gasp office 7 (baseline)', points: sizeResults.map((s) => [s.n, s.base]), baseline: true });
  const all = series.flatMap((s) => s.points.map(([, v]) => v));
  const yLo = 10 ** Math.floor(Math.log10(Math.min(...all)));
  const yHi = 10 ** Math.ceil(Math.log10(Math.max(...all)));
  const xLo = Math.log10(Math.min(...ns));
  const xHi = Math.log10(Math.max(...ns));
  const x = (n) => m.left + (xHi === xLo ? pw / 2 : ((Math.log10(n) - xLo) / (xHi - xLo)) * pw);
  const y = (v) => m.top + ph - ((Math.log10(v) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo))) * ph;
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${m.left}" y="22" font-size="15" font-weight="bold">gasp: median time per command against database size (log–log)</text>`);
  // Grid: decades and their 2× and 5×.
  for (let d = yLo; d <= yHi; d *= 10) {
    for (const k of [1, 2, 5]) {
      const v = d * k;
      if (v > yHi) break;
      const yy = y(v).toFixed(1);
      out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${yy}" y2="${yy}" stroke="${k === 1 ? '#bbb' : '#eee'}"/>`);
      out.push(`<text x="${m.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle" fill="#555">${v >= 1000 ? `${v / 1000} s` : `${v} ms`}</text>`);
    }
  }
  for (const n of ns) {
    const xx = x(n).toFixed(1);
    out.push(`<line x1="${xx}" x2="${xx}" y1="${m.top}" y2="${m.top + ph}" stroke="#ddd"/>`);
    out.push(`<text x="${xx}" y="${m.top + ph + 18}" text-anchor="middle" fill="#333">${n >= 1e6 ? `${n / 1e6}M` : `${n / 1000}k`} cases</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${H - 14}" text-anchor="middle" fill="#333">database size (cases, log scale)</text>`);
  out.push(`<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#333">median wall time (log scale)</text>`);
  series.forEach((s, i) => {
    const color = s.baseline ? '#000' : COLORS[i % COLORS.length];
    const dash = s.baseline ? '6 4' : i >= COLORS.length * 2 ? '1 3' : i >= COLORS.length ? '5 3' : '';
    const width = s.baseline ? 2.5 : 1.8;
    const pts = s.points.map(([n, v]) => `${x(n).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    for (const [n, v] of s.points) out.push(`<circle cx="${x(n).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${color}"/>`);
    const ly = m.top + 8 + i * ((ph - 8) / Math.max(series.length, 1));
    const lx = m.left + pw + 16;
    out.push(`<line x1="${lx}" x2="${lx + 26}" y1="${ly.toFixed(1)}" y2="${ly.toFixed(1)}" stroke="${color}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    const last = s.points[s.points.length - 1];
    const first = s.points[0];
    const growth = last && first && last[0] !== first[0] ? ` (${(last[1] / first[1]).toFixed(1)}×)` : '';
    out.push(`<text x="${lx + 32}" y="${ly.toFixed(1)}" dominant-baseline="middle">${esc(s.name)}${growth}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function markdown() {
  const L = [];
  const machine = `${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores (nproc), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0] ? `sqlite3 ${spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0]}` : ''}`;
  const yes = (met) => (met === null ? '—' : met ? 'met' : '**not met**');
  L.push('# Scale bench (issue 10)');
  L.push('');
  const runs = results.runs.map((r) => `\`node bench/scale.mjs${r.args ? ` ${r.args}` : ''}\` on ${r.date.slice(0, 10)}${r.load == null ? '' : ` (load average ${r.load.toFixed(1)} at the start)`}`);
  L.push(`Measured by ${runs.join(', then ')}. Machine: ${machine}.`);
  if (results.runs.some((r) => r.load == null || r.load > os.cpus().length)) L.push('The machine was shared with other work while this ran (load above its cores): every time is inflated and the ratios are noisy; run it again on a quiet machine for figures to quote.');
  L.push('Databases: `bench/large-db.mjs` (19 offices, a year of working days, every state, the full history), copied for every run.');
  L.push('Times are medians of interleaved runs; a ratio compares the command with its baseline measured in the same loop. Peak memory is the maximum RSS (`/usr/bin/time -f %M`).');
  L.push('');
  if (results.sizes.length) {
    L.push('![median time against database size](scale.svg)');
    L.push('');
    L.push('The chart: median wall time of each command at each size, both axes logarithmic; a flat line is a command whose cost does not depend on the database, a line rising a decade per decade grows with it. The legend lists the steepest first, with each command\'s growth in median wall time from the smallest database to the largest (the baseline `office 7` grows too, by the figure its own line shows: the table\'s «flat?» column divides that out, comparing the ratio to `office 7` at both ends).');
    L.push('');
  }
  if (results.startup) {
    const s = results.startup;
    L.push(`## Start-up (${s.runs} interleaved runs, a copy of the 10,000-case database)`);
    L.push('');
    L.push('| command | median | × `node -e 0` | goal | | peak memory |');
    L.push('|---|---:|---:|---:|---|---:|');
    for (const r of s.rows) L.push(`| \`${r.name === 'node -e 0' ? r.name : `gasp ${r.name}`}\` | ${fmtMs(r.ms)} | ${r.limit ? fmtX(r.ratio) : ''} | ${r.limit ? `≤ ${r.limit}×` : ''} | ${r.limit ? yes(r.ratio <= r.limit) : ''} | ${r.mib.toFixed(0)} MiB |`);
    L.push('');
  }
  if (results.sizes.length) {
    const ns = results.sizes.map((s) => s.n);
    const largest = results.sizes[results.sizes.length - 1];
    L.push('## Every command at every size');
    L.push('');
    L.push(`Each command against \`gasp office 7\` on the same database (\`check\` against \`sqlite3 FILE 'pragma quick_check'\`). Goals are checked at the largest size measured (${largest.n.toLocaleString('en')} cases${largest.n < 1e6 ? '; the goals are stated for 1,000,000' : ''}).`);
    L.push('');
    const head = ['command', ...ns.map((n) => `${n.toLocaleString('en')}`), 'ratio at largest', 'goal', '', 'peak memory at largest', 'flat?'];
    L.push(`| ${head.join(' | ')} |`);
    const left = [0, ns.length + 3, ns.length + 5];
    L.push(`|${head.map((_, i) => (left.includes(i) ? '---' : '---:')).join('|')}|`);
    for (const r of largest.rows) {
      const cells = results.sizes.map((s) => {
        const x = s.rows.find((q) => q.name === r.name);
        return !x ? '' : x.failed ? `failed: ${x.failed.replace(/\|/g, '/')}` : `${fmtMs(x.ms)} (${fmtX(x.ratio)})`;
      });
      if (r.failed) {
        L.push(`| \`${r.name}\` | ${cells.join(' | ')} | failed | ${r.goal ? `≤ ${r.goal}×` : ''} | ${yes(r.met)} | | |`);
        continue;
      }
      const small = results.sizes[0].rows.find((q) => q.name === r.name && !q.failed);
      const growth = small && results.sizes.length > 1 ? r.ratio / small.ratio : null;
      const flat = mustBeFlat(r.name) && growth !== null ? `${growth <= FLAT ? 'yes' : '**no**'} (${growth.toFixed(2)}×)` : growth !== null ? `(${growth.toFixed(1)}×)` : '';
      L.push(`| \`${r.name}\` | ${cells.join(' | ')} | ${fmtX(r.ratio)}${r.of === 'quick_check' ? ' quick_check' : ''} | ${r.goal ? `≤ ${r.goal}×` : ''} | ${yes(r.met)} | ${r.mib.toFixed(0)} MiB${r.mib > MEMORY_GOAL ? ' **(> 150)**' : ''} | ${flat} |`);
    }
    L.push(`| baseline \`gasp office 7\` | ${results.sizes.map((s) => fmtMs(s.base)).join(' | ')} | | | | | |`);
    L.push('');
    const everyday = largest.rows.filter((r) => r.goal === EVERYDAY);
    const overMem = largest.rows.filter((r) => !r.failed && r.mib > MEMORY_GOAL);
    const flatOnes = largest.rows.filter((r) => mustBeFlat(r.name));
    const flatMet = flatOnes.filter((r) => {
      const small = results.sizes[0].rows.find((q) => q.name === r.name && !q.failed);
      return small && !r.failed && r.ratio / small.ratio <= FLAT;
    });
    L.push(`Everyday commands within ${EVERYDAY}× \`office 7\` at ${largest.n.toLocaleString('en')}: ${everyday.filter((r) => r.met).length} of ${everyday.length}. Peak memory above ${MEMORY_GOAL} MiB at this size: ${overMem.length ? overMem.map((r) => `\`${r.name}\` ${r.mib.toFixed(0)} MiB`).join(', ') : 'none'}.${results.sizes.length > 1 ? ` Flat from ${ns[0].toLocaleString('en')} to ${largest.n.toLocaleString('en')} cases: ${flatMet.length} of ${flatOnes.length} listings, \`case\`, \`find\` and \`overdue\` ("flat": the ratio to \`office 7\` grows by at most ${FLAT}×; the figure in brackets is that growth).` : ''}`);
    L.push('');
    L.push('| cases | events | file |');
    L.push('|---:|---:|---:|');
    for (const s of results.sizes) L.push(`| ${s.n.toLocaleString('en')} | ${s.events.toLocaleString('en')} | ${s.mib.toFixed(0)} MiB |`);
    L.push('');
  }
  if (results.import) {
    const i = results.import;
    L.push(`## Import of ${i.rows.toLocaleString('en')} rows`);
    L.push('');
    L.push(`\`gasp import\` of a paper register (\`bench/paper-register.mjs\`) into a fresh database, against one \`sqlite3\` run that, inside one BEGIN/COMMIT, \`.import\`s the rows the import wrote (dumped to CSV from every table it filled, NULL marked) into bare staging tables and inserts them, NULLs and types restored, into a freshly \`gasp init\`-ed database: the same schema, indexes and triggers, and the same final rows (compared row by row after the first run). ${i.runs ? `Medians of ${i.runs} interleaved runs, each on a fresh copy.` : 'One run each.'}`);
    L.push('');
    L.push('| | time | peak memory |');
    L.push('|---|---:|---:|');
    L.push(`| \`gasp import\` | ${fmtMs(i.gasp)} | ${i.mib.toFixed(0)} MiB${i.mib > MEMORY_GOAL ? ` (above ${MEMORY_GOAL} MiB)` : ''} |`);
    L.push(`| \`sqlite3\` \`.import\` (${i.filled.map((f) => `${f.table} ${f.rows.toLocaleString('en')}`).join(', ')}) | ${fmtMs(i.floor)} | |`);
    L.push(`| ratio (goal ≤ 2×) | ${fmtX(i.ratio)} ${yes(i.ratio <= 2)} | |`);
    L.push('');
  }
  if (results.export) {
    const e = results.export;
    L.push(`## Export of the ${e.n.toLocaleString('en')}-case database`);
    L.push('');
    L.push('Against `sqlite3 -csv` of the same query (the same columns, rows and order) into a file.');
    L.push('');
    L.push('| command | rows | gasp | sqlite3 -csv | ratio | goal | | peak memory |');
    L.push('|---|---:|---:|---:|---:|---:|---|---:|');
    for (const r of e.rows) L.push(`| \`${r.name}\` | ${r.lines.toLocaleString('en')} | ${fmtMs(r.ms)} | ${fmtMs(r.base)} | ${fmtX(r.ratio)} | ${r.goal ? `≤ ${r.goal}×` : '(start-up bound)'} | ${r.goal ? yes(r.ratio <= r.goal) : ''} | ${r.mib.toFixed(0)} MiB |`);
    L.push('');
  }
  return `${L.join('\n')}`;
}

// ---------------------------------------------------------------------------------------------

/** The figures so far, kept after every section (bench/.cache/scale-results.json) so that a run
 * cut short loses nothing and `--reuse` can measure one section again; RESULTS.md and the chart
 * are written from them. */
const saved = path.join(root, 'bench', '.cache', 'scale-results.json');
function save() {
  if (!write) return;
  fs.mkdirSync(path.dirname(saved), { recursive: true });
  fs.writeFileSync(saved, `${JSON.stringify(results, null, 1)}\n`);
  fs.writeFileSync(path.join(root, 'bench', 'RESULTS.md'), `${markdown()}\n`);
  if (results.sizes.length) fs.writeFileSync(path.join(root, 'bench', 'scale.svg'), chart(results.sizes));
}

async function main() {
  if (argv.includes('--reuse') && fs.existsSync(saved)) Object.assign(results, JSON.parse(fs.readFileSync(saved, 'utf8')), { date: results.date });
  const measuring = ['startup', 'sizes', 'import', 'export'].some((x) => !skip.has(x));
  if (measuring) results.runs = [...(results.runs ?? []), { date: results.date, args: argv.join(' '), load: os.loadavg()[0] }];
  const needed = new Set(skip.has('sizes') ? [] : sizes);
  if (!skip.has('startup')) needed.add(10_000);
  if (!skip.has('export')) needed.add(100_000);
  for (const n of [...needed].sort((a, b) => a - b)) {
    const t0 = Date.now();
    await largeDb(n);
    if (Date.now() - t0 > 1000) say(`built the ${n.toLocaleString('en')}-case database in ${fmtMs(Date.now() - t0)}`);
  }
  say(`gasp scale bench: ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, GASP_NOW ${GASP_NOW}`);
  if (!skip.has('startup')) {
    await startup();
    save();
  }
  if (!skip.has('sizes')) {
    for (const n of [...sizes].sort((a, b) => a - b)) {
      await atSize(n);
      save();
    }
  }
  if (!skip.has('import')) {
    await importBench();
    save();
  }
  if (!skip.has('export')) {
    await exportBench();
    save();
  }
  if (!measuring) save();
  if (write) say(`\nwrote bench/RESULTS.md${results.sizes.length ? ' and bench/scale.svg' : ''}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
