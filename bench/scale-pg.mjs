#!/usr/bin/env node
// The scale bench of issue 10 on PostgreSQL beside SQLite (issue 11, item 8), in one run on one
// machine: prints a table and writes bench/RESULTS-pg.md.
//
//   node bench/scale-pg.mjs [--n 100000] [--from FILE] [--runs 5] [--skip load,listings,import] [--only LABEL,…] [--reuse] [--keep] [--no-write] [--out FILE]
//
//  --only measures only the listed commands (their labels in the table, e.g. `report,report (one
//  quarter)`); with --reuse their rows replace the same rows of the saved figures. --out writes the
//  table elsewhere than bench/RESULTS-pg.md (bench/RESULTS-pg-1m.md holds the 1,000,000-case run).
//
//  - Load: the cached SQLite database of N cases (bench/large-db.mjs) is copied (never opened in
//    place: opening migrates it), brought to the latest migration by gasp, and loaded into a fresh
//    PostgreSQL database made by `gasp init` (gasp's own schema, triggers, row security), table by
//    table with PostgreSQL's own fast path: `sqlite3 -csv` of each table into psql's
//    `\copy … from program … (format csv)`, in one transaction, as the owner with
//    session_replication_role = replica (no trigger fires, so the case_counts and case_words
//    triggers do not count twice: case_counts is copied as it is), after truncating what `init`
//    wrote (its admin, directory, settings and office 0's chain would collide with the file's).
//    Then every identity sequence is set past its table's largest id, and VACUUM ANALYZE (what
//    autovacuum does to an insert-only table soon after a load). Counts are compared table by
//    table; `gasp check` must be silent on the copy. NULL against empty text: `sqlite3 -csv`
//    writes NULL as an empty unquoted field and '' as "", which PostgreSQL's CSV reads back as
//    NULL and '' (the loader checks both on a sample column).
//  - Listings: every listing's first page, find, case, report (whole and one quarter), export of
//    a day's register and check, each on both engines against `gasp office 7` on the same engine,
//    interleaved (SQLite baseline, SQLite command, PostgreSQL baseline, PostgreSQL command), ratio
//    of medians, wall time and peak RSS from /usr/bin/time. `check` on SQLite is compared with
//    `sqlite3 FILE 'pragma quick_check'`, on PostgreSQL (which has no quick_check: the engine's
//    integrity is the server's) with one psql query that reads every event whole
//    (`select count(*), sum(length(details) + length(hash) + length(prev_hash)) from events`),
//    the least that a check of the chain must read.
//  - Import: 100,000 rows of a paper register (bench/paper-register.mjs) into a freshly init-ed
//    database on each engine; on PostgreSQL against psql `\copy` of the same final rows (what
//    gasp's import wrote, dumped as CSV) into a freshly init-ed database in one transaction, the
//    same schema and indexes, triggers set aside as in the load: PostgreSQL's own fast path.
//
// PostgreSQL: GASP_BENCH_PG (a server URL whose user is a superuser: the load sets
// session_replication_role), else a throwaway cluster started here from the machine's
// PostgreSQL programs (as `postgres` when run as root), fsync on and synchronous_commit off (as
// bench/concurrent.mjs), other settings the server's defaults.
// Staff logins and GASP_NOW are bench/large-db.mjs's (the databases are `trust`: --as and GASP_NOW
// are believed on both engines).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster as startPgCluster } from './pg-server.mjs';
import { ADMIN, GASP_NOW, GEN_VERSION, cacheDir, cachedPath, largeDb, officeStaff } from './large-db.mjs';
import { writePaperRegister } from './paper-register.mjs';
import { measure } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const gaspBin = path.join(root, 'bin', 'gasp.js');

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const N = Number(String(opt('n', '100000')).replace(/_/g, ''));
const RUNS = Number(opt('runs', 5));
const skip = new Set(opt('skip', '').split(',').filter(Boolean));
const write = !argv.includes('--no-write');
const only = opt('only', null)?.split(',');
const out = path.resolve(opt('out', path.join(root, 'bench', 'RESULTS-pg.md')));
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write('usage: node bench/scale-pg.mjs [--n 100000] [--from FILE] [--runs 5] [--skip load,listings,import] [--only LABEL,…] [--reuse] [--keep] [--no-write] [--out FILE]\n(see the comment at the top of bench/scale-pg.mjs)\n');
  process.exit(0);
}
if (!Number.isInteger(N) || N < 1000 || !Number.isInteger(RUNS) || RUNS < 1) {
  process.stderr.write('usage: node bench/scale-pg.mjs [--n 100000] [--from FILE] [--runs 5] [--skip load,listings,import] [--only LABEL,…] [--reuse] [--keep] [--no-write] [--out FILE]\n');
  process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gasp-scale-pg-'));
const cleanups = [];
process.on('exit', () => {
  for (const c of cleanups.reverse()) c();
  fs.rmSync(work, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

const say = (s) => process.stdout.write(`${s}\n`);
const pad = (s, n) => String(s).padEnd(n);
const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const fmtX = (x) => `${x.toFixed(2)}×`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------------------------------------
// The server.

/** A throwaway cluster (bench/pg-server.mjs), stopped at the end. */
function startCluster() {
  const cluster = startPgCluster(work);
  cleanups.push(cluster.stop);
  return cluster.url;
}

let server;
const dbUrl = (name) => server.replace(/^(postgres(?:ql)?:\/\/[^/?]*)\/[^?]*/, `$1/${name}`);

/** psql's output of a script (tuples only, unaligned), stopping at the first error. */
function psql(url, script, { opts = [] } = {}) {
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', ...opts, url], { input: script, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout;
}

function createDatabase(name, { keep = false } = {}) {
  psql(server, `drop database if exists ${name};\ncreate database ${name};\n`);
  if (!keep) cleanups.push(() => spawnSync('psql', ['-X', '-q', server, '-c', `drop database if exists ${name}`]));
  return dbUrl(name);
}

function sqlite3(file, sql) {
  const r = spawnSync('sqlite3', [file], { input: sql, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 || r.stderr) throw new Error(`sqlite3 ${file}: ${r.stderr}`);
  return r.stdout;
}

// ---------------------------------------------------------------------------------------------
// Measuring (bench/measure.mjs, as bench/scale.mjs).

const gaspEnv = (db, extra = {}) => ({ ...process.env, GASP_DB: db, GASP_NOW, NO_COLOR: '1', GASP_LANG: 'ru', ...extra });
const gasp = (db, args, extra = {}, o = {}) => measure(process.execPath, [gaspBin, '--no-input', ...args], { env: gaspEnv(db, extra), ...o });

// ---------------------------------------------------------------------------------------------
// The load.

/** The SQLite database of N cases: --from FILE, else the cache's (GASP_BENCH_CACHE or
 * bench/.cache) of the latest migration, else of an earlier one of the same generator (gasp
 * migrates the copy: building 1,000,000 cases again takes most of an hour), else built. */
function sourceOf(n) {
  const from = opt('from', null);
  if (from) return path.resolve(from);
  const latest = cachedPath(n);
  if (fs.existsSync(latest)) return latest;
  const older = fs.existsSync(cacheDir())
    ? fs.readdirSync(cacheDir()).filter((f) => f.startsWith(`gasp-${n}-`) && f.endsWith(`-g${GEN_VERSION}.sqlite`)).sort()
    : [];
  return older.length ? path.join(cacheDir(), older[older.length - 1]) : null;
}

/** The tables to copy: every table of the file but SQLite's own and Kysely's migration records
 * (which `gasp init` wrote on the PostgreSQL side). */
function tablesOf(file) {
  return sqlite3(file, `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name;`).trim().split('\n');
}

/** Loads the SQLite file into the (init-ed) PostgreSQL database: returns the seconds it took and
 * the rows per table. */
function load(file, url) {
  const tables = tablesOf(file);
  const pgCols = new Map();
  for (const line of psql(url, `select table_name, string_agg(column_name, ',' order by ordinal_position) from information_schema.columns where table_schema = current_schema() group by table_name;`).trim().split('\n')) {
    const [t, cols] = line.split('|');
    pgCols.set(t, cols.split(','));
  }
  const script = ['\\set ON_ERROR_STOP 1', 'begin;', 'set local session_replication_role = replica;'];
  // What init wrote (its admin, the directory, settings, office 0's chain): the copy must be the
  // file's content and nothing else. TRUNCATE fires no row trigger (the append-only guards are
  // row triggers on UPDATE and DELETE), and takes the tables together, references and all.
  script.push(`truncate ${tables.map((t) => `"${t}"`).join(', ')};`);
  for (const t of tables) {
    const cols = sqlite3(file, `select name from pragma_table_info('${t}') order by cid;`).trim().split('\n');
    const missing = cols.filter((c) => !pgCols.get(t)?.includes(c));
    if (missing.length) throw new Error(`PostgreSQL's ${t} has no column ${missing.join(', ')}`);
    const select = path.join(work, `select-${t}.sql`);
    fs.writeFileSync(select, `select ${cols.map((c) => `"${c}"`).join(', ')} from "${t}";\n`);
    script.push(`\\copy "${t}" (${cols.map((c) => `"${c}"`).join(', ')}) from program 'sqlite3 -csv -bail ${file} < ${select}' with (format csv)`);
  }
  script.push('commit;');
  const t0 = Date.now();
  psql(url, `${script.join('\n')}\n`);
  const copied = Date.now() - t0;
  // Every identity past its table's largest id, so that the next case or event takes the next.
  const identities = psql(url, `select table_name, column_name from information_schema.columns where table_schema = current_schema() and is_identity = 'YES';`).trim().split('\n').filter(Boolean);
  psql(url, identities.map((l) => {
    const [t, c] = l.split('|');
    return `select setval(pg_get_serial_sequence('"${t}"', '${c}'), coalesce(max("${c}"), 0) + 1, false) from "${t}";`;
  }).join('\n'));
  const t1 = Date.now();
  psql(url, 'vacuum analyze;');
  const analyzed = Date.now() - t1;
  const counts = tables.map((t) => ({ table: t, sqlite: Number(sqlite3(file, `select count(*) from "${t}";`).trim()), pg: Number(psql(url, `select count(*) from "${t}";`).trim()) }));
  return { copied, analyzed, counts, identities: identities.length };
}

/** NULL against '': a column that holds both on SQLite holds both alike on PostgreSQL. */
function nullsAlike(file, url) {
  const out = [];
  for (const [t, c] of [['cases', 'phone'], ['cases', 'akimat'], ['cases', 'reason_text'], ['offices', 'email'], ['akimats', 'website']]) {
    const s = sqlite3(file, `select coalesce(sum("${c}" is null), 0) || ',' || coalesce(sum("${c}" = ''), 0) from "${t}";`).trim();
    const p = psql(url, `select count(*) filter (where "${c}" is null) || ',' || count(*) filter (where "${c}" = '') from "${t}";`).trim();
    out.push({ column: `${t}.${c}`, sqlite: s, pg: p });
  }
  // And the path itself, on a column that surely holds both: NULL, '', '""', a comma, a new line.
  const probe = path.join(work, 'probe.sqlite');
  sqlite3(probe, `create table t (i integer, v text); insert into t values (1, null), (2, ''), (3, '""'), (4, 'a,b'), (5, 'a' || char(10) || 'b');`);
  const p = psql(url, `create temp table t (i integer, v text);\n\\copy t (i, v) from program 'sqlite3 -csv ${probe} "select i, v from t"' with (format csv)\nselect string_agg(i || ':' || coalesce(quote_literal(v), 'NULL'), ' ' order by i) from t;\n`).trim();
  const s = sqlite3(probe, `select group_concat(i || ':' || coalesce(quote(v), 'NULL'), ' ') from (select * from t order by i);`).trim();
  out.push({ column: 'NULL, \'\', \'""\', \'a,b\', a new line', sqlite: s, pg: p });
  return out;
}

// ---------------------------------------------------------------------------------------------

const results = { date: new Date().toISOString(), n: N, load: null, rows: [], import: null, machine: null };

/** The two databases of N cases: a copy of the SQLite file and its load into PostgreSQL. */
async function loaded() {
  // The SQLite side: a copy of the cached file, migrated by gasp.
  const cached = sourceOf(N) ?? (await largeDb(N));
  say(`SQLite database: a copy of ${cached}`);
  const file = path.join(work, `gasp-${N}.sqlite`);
  for (const ext of ['', '-wal', '-shm']) if (fs.existsSync(cached + ext)) fs.copyFileSync(cached + ext, file + ext);
  gasp(file, ['--as', ADMIN, 'office', '7']);
  sqlite3(file, 'pragma wal_checkpoint(truncate);');

  // The PostgreSQL side.
  const url = createDatabase(`gasp_scale_${N}`, { keep: argv.includes('--keep') && !!process.env.GASP_BENCH_PG });
  gasp(url, ['init', '--auth', 'trust', '--admin', ADMIN, '--name', 'Әбенова Сәуле Маратовна']);
  say(`\nLoading the ${N.toLocaleString('en')}-case database into PostgreSQL…`);
  const l = load(file, url);
  const bad = l.counts.filter((c) => c.sqlite !== c.pg);
  say(`  \\copy of ${l.counts.length} tables in ${fmtMs(l.copied)}, vacuum analyze ${fmtMs(l.analyzed)}; ${l.identities} identities set`);
  for (const c of l.counts) say(`  ${pad(c.table, 16)} ${pad(c.sqlite.toLocaleString('en'), 10)} ${c.pg === c.sqlite ? 'equal' : `PostgreSQL ${c.pg}: NOT EQUAL`}`);
  const nulls = nullsAlike(file, url);
  for (const x of nulls) say(`  ${pad(x.column, 20)} null, empty: SQLite ${x.sqlite}, PostgreSQL ${x.pg}${x.sqlite === x.pg ? '' : ' DIFFER'}`);
  const t0 = Date.now();
  const check = spawnSync(process.execPath, [gaspBin, '--no-input', '--as', ADMIN, 'check'], { env: gaspEnv(url), encoding: 'utf8', maxBuffer: 1 << 30 });
  const checkMs = Date.now() - t0;
  say(`  gasp check on the copy: ${check.status === 0 && !check.stdout.trim() ? 'silent' : `exit ${check.status}: ${(check.stdout + check.stderr).split('\n').slice(0, 5).join(' / ')}`} (${fmtMs(checkMs)})`);
  results.load = { ...l, nulls, check: check.status === 0 && !check.stdout.trim() ? 'silent' : `exit ${check.status}`, checkMs, equal: !bad.length };
  if (bad.length || nulls.some((x) => x.sqlite !== x.pg)) throw new Error('the copy differs from the file');
  save();
  return { file, url };
}

async function main() {
  say(`gasp scale bench on PostgreSQL beside SQLite: ${N.toLocaleString('en')} cases, ${os.cpus().length} cores, Node ${process.version}, GASP_NOW ${GASP_NOW}, load average ${os.loadavg()[0].toFixed(1)}`);
  server = process.env.GASP_BENCH_PG ?? startCluster();
  results.server = psql(server, 'show server_version;').trim();
  results.settings = psql(server, `select string_agg(name || '=' || setting || coalesce(unit, ''), ', ' order by name) from pg_settings where name in ('shared_buffers', 'work_mem', 'fsync', 'synchronous_commit', 'effective_cache_size', 'random_page_cost', 'jit');`).trim();
  say(`PostgreSQL ${results.server} (${results.settings})`);

  if (!(skip.has('load') && skip.has('listings'))) {
    const { file, url } = await loaded();
    if (!skip.has('listings')) await listings(file, url);
  }
  save();
  if (!skip.has('import')) await importBench();
  save();
  if (write) say(`\nwrote ${path.relative(root, out)}`);
}

// ---------------------------------------------------------------------------------------------
// Listings, report, export, check.

async function listings(file, url) {
  const office = 7;
  const staff = officeStaff(office);
  // The hundredth case of the office (its first, in a small database).
  const regno = sqlite3(file, `select regno from cases where office = ${office} order by id limit 1 offset 99;`).trim() || sqlite3(file, `select regno from cases where office = ${office} order by id limit 1;`).trim();
  const [iin, name] = sqlite3(file, `select iin, name from cases where regno = '${regno}';`).trim().split('|');
  const phoneKey = sqlite3(file, `select phone_key from cases where office = ${office} and phone_key is not null order by id limit 1;`).trim();
  const surname = name.split(' ')[0];
  const phoneTail = [...phoneKey.slice(0, 4)].reverse().join('');
  const day = '2025-06-16';
  const exportFile = path.join(work, 'register.csv');
  const commands = [
    ['cases', [ADMIN, ['cases']]],
    ['cases --state assigned', [ADMIN, ['cases', '--state', 'assigned']]],
    ['cases --state issued', [ADMIN, ['cases', '--state', 'issued']]],
    ['cases --office 7', [ADMIN, ['cases', '--office', '7']]],
    ['cases --executor', [ADMIN, ['cases', '--executor', staff.executors[0]]]],
    ['cases --overdue', [ADMIN, ['cases', '--overdue']]],
    ['cases --date', [ADMIN, ['cases', '--date', day]]],
    ['cases --iin', [ADMIN, ['cases', '--iin', iin]]],
    ['cases --name', [ADMIN, ['cases', '--name', surname]]],
    ['cases --phone', [ADMIN, ['cases', '--phone', phoneTail]]],
    ['overdue', [ADMIN, ['overdue']]],
    ['find name', [ADMIN, ['find', surname]]],
    ['find ИИН', [ADMIN, ['find', iin]]],
    ['find number', [ADMIN, ['find', regno]]],
    ['case', [ADMIN, ['case', regno]]],
    ['cases (head of office)', [staff.head, ['cases']]],
    ['cases (executor)', [staff.executors[0], ['cases']]],
    ['overdue (head of office)', [staff.head, ['overdue']]],
    ['find name (head of office)', [staff.head, ['find', surname]]],
    ['export register (one day)', [ADMIN, ['export', 'register', '--date', day, '-o', exportFile, '--force']]],
    ['report (one quarter)', [ADMIN, ['report', '--from', '2025-04-01', '--to', '2025-06-30']]],
    ['report', [ADMIN, ['report']]],
    ['check', [ADMIN, ['check']]],
  ];
  const engines = [
    { engine: 'SQLite', db: file, check: () => measure('sqlite3', [file, 'pragma quick_check']), checkOf: 'quick_check' },
    { engine: 'PostgreSQL', db: url, check: () => measure('psql', ['-X', '-q', '-A', '-t', url, '-c', 'select count(*), sum(length(details) + length(hash) + length(prev_hash)) from events']), checkOf: 'psql events' },
  ];
  // Outputs must agree between the engines (the same database, the same command): compared once.
  say(`\n${N.toLocaleString('en')} cases: each command against \`gasp office 7\` on its own engine (interleaved, medians of up to ${RUNS} runs)`);
  say(`  ${pad('command', 28)} ${pad('SQLite', 9)} ${pad('ratio', 7)} ${pad('PostgreSQL', 11)} ${pad('ratio', 7)} ${pad('goal', 7)} ${pad('PG÷SQLite', 10)} peak SQLite/PG`);
  for (const [label, [login, args]] of commands.filter(([label]) => !only || only.includes(label))) {
    const run = (e) => {
      const r = gasp(e.db, ['--as', login, ...args], {}, { stdout: 'pipe' });
      return r;
    };
    const base = (e) => (label === 'check' ? e.check() : gasp(e.db, ['--as', ADMIN, 'office', '7']));
    const row = { name: label, goal: goalOf(label) };
    try {
      // The first run of each (warms the caches) also compares the outputs.
      const first = engines.map((e) => run(e));
      const same = first[0].stdout === first[1].stdout;
      const slow = Math.max(first[0].ms, first[1].ms);
      const n = slow > 10_000 ? 1 : slow > 2_000 ? 3 : RUNS;
      const t = engines.map(() => ({ a: [], b: [], mib: 0 }));
      for (let i = 0; i < n; i++) {
        engines.forEach((e, k) => {
          t[k].b.push(base(e).ms);
          const r = run(e);
          t[k].a.push(r.ms);
          t[k].mib = Math.max(t[k].mib, r.mib);
        });
      }
      for (const [k, e] of engines.entries()) {
        const ms = median(t[k].a);
        const b = median(t[k].b);
        row[e.engine] = { ms, base: b, ratio: ms / b, mib: t[k].mib, of: label === 'check' ? e.checkOf : 'office 7', met: row.goal ? ms / b <= row.goal : null };
      }
      row.runs = n;
      row.same = same;
      if (!same) row.diff = firstDiff(first[0].stdout, first[1].stdout);
    } catch (e) {
      row.failed = String(e.message).split('\n').filter(Boolean).slice(-1)[0] ?? 'failed';
      say(`  ${pad(label, 28)} FAILED: ${row.failed}`);
      keep(row);
      continue;
    }
    keep(row);
    const s = row.SQLite;
    const p = row.PostgreSQL;
    say(
      `  ${pad(label, 28)} ${pad(fmtMs(s.ms), 9)} ${pad(fmtX(s.ratio), 7)} ${pad(fmtMs(p.ms), 11)} ${pad(fmtX(p.ratio), 7)} ${pad(row.goal ? `≤ ${row.goal}×` : '', 7)} ${pad(fmtX(p.ms / s.ms), 10)} ${s.mib.toFixed(0)}/${p.mib.toFixed(0)} MiB${row.goal && !p.met ? '  PG NOT met' : ''}${row.goal && !s.met ? '  SQLite NOT met' : ''}${row.same ? '' : `  (outputs differ: ${row.diff})`}${row.runs < RUNS ? ` [${row.runs} run${row.runs > 1 ? 's' : ''}]` : ''}`,
    );
  }
  results.base = Object.fromEntries(engines.map((e) => [e.engine, median(results.rows.filter((r) => r.name !== 'check' && r[e.engine]).map((r) => r[e.engine].base))]));
}

/** A command's figures, in place of the same command's from an earlier run (--reuse --only). */
function keep(row) {
  const at = results.rows.findIndex((r) => r.name === row.name);
  if (at >= 0) results.rows.splice(at, 1, row);
  else results.rows.push(row);
}

function firstDiff(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return `line ${i + 1}: ${JSON.stringify(x[i] ?? '')} / ${JSON.stringify(y[i] ?? '')}`;
  return 'none';
}

function goalOf(name) {
  if (name === 'report') return 15;
  if (name === 'report (one quarter)') return 5;
  if (name === 'check') return 3;
  return 1.3;
}

// ---------------------------------------------------------------------------------------------
// Import.

async function importBench() {
  const rowsN = 100_000;
  const dir = path.join(work, 'import');
  fs.mkdirSync(dir);
  const csv = path.join(dir, 'register.csv');
  await writePaperRegister(csv, rowsN);
  const now = '2013-12-31T18:00:00+06:00';
  say(`\nImport of ${rowsN.toLocaleString('en')} rows (bench/paper-register.mjs) into a fresh database…`);
  let k = 0;
  const fresh = {
    SQLite: () => {
      const f = path.join(dir, `fresh-${++k}.sqlite`);
      gasp(f, ['init', '--auth', 'trust', '--admin', ADMIN, '--name', 'Әбенова Сәуле Маратовна'], { GASP_NOW: now });
      cleanups.push(() => fs.rmSync(f, { force: true }));
      return f;
    },
    PostgreSQL: () => {
      const u = createDatabase(`gasp_import_${++k}`);
      gasp(u, ['init', '--auth', 'trust', '--admin', ADMIN, '--name', 'Әбенова Сәуле Маратовна'], { GASP_NOW: now });
      return u;
    },
  };
  const importInto = (db) => gasp(db, ['--as', ADMIN, 'import', csv], { GASP_NOW: now });
  const out = { rows: rowsN };
  // gasp's import on each engine, interleaved: runs while a run takes under a minute, up to 3.
  const times = { SQLite: [], PostgreSQL: [] };
  const mib = { SQLite: 0, PostgreSQL: 0 };
  let lastPg = null;
  for (let i = 0; i < 3; i++) {
    for (const e of ['SQLite', 'PostgreSQL']) {
      const db = fresh[e]();
      const r = importInto(db);
      times[e].push(r.ms);
      mib[e] = Math.max(mib[e], r.mib);
      say(`  ${pad(e, 11)} gasp import ${fmtMs(r.ms)}, peak ${r.mib.toFixed(0)} MiB`);
      if (e === 'PostgreSQL') {
        if (lastPg) psql(server, `drop database ${lastPg.name};`);
        lastPg = { url: db, name: db.match(/\/([^/?]+)\?/)[1] };
      }
    }
    if (Math.max(...times.PostgreSQL, ...times.SQLite) > 60_000) break;
  }
  for (const e of ['SQLite', 'PostgreSQL']) out[e] = { ms: median(times[e]), mib: mib[e], runs: times[e].length };
  // PostgreSQL's floor: the rows gasp's import wrote, \copy'd out as CSV and \copy'd into a fresh
  // init-ed database in one transaction, the way the load above does it (the fast path: the
  // same indexes, no trigger: session_replication_role = replica, so case_counts is copied as
  // the import left it). With the triggers on, one transaction of 100,000 cases updates the
  // same few case_counts rows 100,000 times, and each update walks its row's ever longer chain
  // of versions: slower than gasp's import itself, which commits every few thousand.
  const imported = lastPg.url;
  const base = fresh.PostgreSQL();
  const tables = psql(base, `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%' order by table_name;`).trim().split('\n');
  const filled = [];
  const script = ['\\set ON_ERROR_STOP 1', 'begin;', 'set local session_replication_role = replica;'];
  const order = (t) => (t === 'cases' ? 0 : 1);
  for (const t of tables.sort((a, b) => order(a) - order(b))) {
    const before = Number(psql(base, `select count(*) from "${t}";`).trim());
    const after = Number(psql(imported, `select count(*) from "${t}";`).trim());
    if (after === before && t !== 'case_counts') continue;
    const cols = psql(base, `select string_agg('"' || column_name || '"', ', ' order by ordinal_position) from information_schema.columns where table_schema = current_schema() and table_name = '${t}';`).trim();
    const f = path.join(dir, `${t}.csv`);
    // The rows the import added: all of them but the base's (init's admin event in events and
    // chain_heads's updated head, which is the one row of chain_heads in both).
    const baseIds = t === 'events' ? Number(psql(base, 'select coalesce(max(id), 0) from events;').trim()) : 0;
    const where = t === 'events' ? `where id > ${baseIds}` : '';
    psql(imported, `\\copy (select ${cols} from "${t}" ${where} order by 1) to '${f}' with (format csv)\n`);
    filled.push({ table: t, rows: after - before });
    if (t === 'chain_heads' || t === 'case_counts') script.push(`delete from ${t};`);
    script.push(`\\copy "${t}" (${cols}) from '${f}' with (format csv)`);
  }
  script.push('commit;');
  const floorOnce = () => {
    const u = fresh.PostgreSQL();
    const r = measure('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', u], { input: `${script.join('\n')}\n` });
    psql(server, `drop database ${u.match(/\/([^/?]+)\?/)[1]};`);
    return r;
  };
  const floors = [];
  for (let i = 0; i < 3; i++) floors.push(floorOnce().ms);
  out.floor = { ms: median(floors), filled };
  out.ratio = out.PostgreSQL.ms / out.floor.ms;
  say(`  SQLite      gasp import ${fmtMs(out.SQLite.ms)} (median of ${out.SQLite.runs})`);
  say(`  PostgreSQL  gasp import ${fmtMs(out.PostgreSQL.ms)} (median of ${out.PostgreSQL.runs}), ${fmtX(out.PostgreSQL.ms / out.SQLite.ms)} SQLite's`);
  say(`  PostgreSQL  psql \\copy of the same rows ${fmtMs(out.floor.ms)} (${filled.map((f) => `${f.table} ${f.rows.toLocaleString('en')}`).join(', ')}): gasp ${fmtX(out.ratio)} (goal ≤ 2×: ${out.ratio <= 2 ? 'met' : 'NOT met'})`);
  results.import = out;
}

// ---------------------------------------------------------------------------------------------
// RESULTS-pg.md

function markdown() {
  const L = [];
  const yes = (met) => (met === null || met === undefined ? '—' : met ? 'met' : '**not met**');
  const machine = `${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}, ${os.cpus().length} cores (nproc), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  L.push('# Scale bench on PostgreSQL beside SQLite (issue 11)');
  L.push('');
  const runs = (results.runs ?? []).map((r) => `\`node bench/scale-pg.mjs${r.args ? ` ${r.args}` : ''}\` at ${r.date.slice(0, 16).replace('T', ' ')} UTC (load average ${r.load0.toFixed(1)} at the start)`);
  L.push(`Measured by ${runs.join(', then ')}. Machine: ${machine}. PostgreSQL ${results.server ?? '?'} on the same machine over a Unix socket (${results.settings ?? ''}).`);
  if ((results.runs ?? []).some((r) => r.load0 > 1)) L.push('The machine was not idle during some of these runs (a load average above 1 at a start): times are inflated and the ratios noisy.');
  L.push('');
  if (results.load) {
    const l = results.load;
    L.push(`## The ${N.toLocaleString('en')}-case database on PostgreSQL`);
    L.push('');
    L.push(`The cached SQLite database (\`bench/large-db.mjs\`), copied and migrated by gasp, loaded into a database made by \`gasp init\` with \`sqlite3 -csv\` piped into psql \`\\copy … (format csv)\` per table, in one transaction with \`session_replication_role = replica\` (no trigger counts twice; \`case_counts\` copied as it is): ${fmtMs(l.copied)}, then \`vacuum analyze\` ${fmtMs(l.analyzed)}. Every table's count equal: ${l.equal ? 'yes' : '**no**'}; NULL and '' kept apart (${l.nulls.map((x) => `${x.column} ${x.pg.replace(/\n/g, '\\n')}`).join('; ')} null,empty on both). \`gasp check\` on the copy: ${l.check}, ${fmtMs(l.checkMs)}.`);
    L.push('');
    L.push(`| table | rows |`);
    L.push('|---|---:|');
    for (const c of l.counts) L.push(`| ${c.table} | ${c.pg.toLocaleString('en')} |`);
    L.push('');
  }
  if (results.rows.length) {
    L.push('## Every command on both engines');
    L.push('');
    L.push('Each command against `gasp office 7` on its own engine, interleaved (SQLite baseline, SQLite command, PostgreSQL baseline, PostgreSQL command), ratio of medians. `check`: on SQLite against `sqlite3 FILE \'pragma quick_check\'`; PostgreSQL has no quick_check (the engine\'s integrity is the server\'s business), so against one `psql` query reading every event whole (`select count(*), sum(length(details) + length(hash) + length(prev_hash)) from events`), the least a check of the chain reads. Goals of issue 10 (README «A million cases»); they are stated for 1,000,000 cases.');
    L.push('');
    L.push('| command | SQLite | ratio | PostgreSQL | ratio | goal | SQLite | PostgreSQL | PG ÷ SQLite | peak memory SQLite / PG | same output |');
    L.push('|---|---:|---:|---:|---:|---:|---|---|---:|---:|---|');
    for (const r of results.rows) {
      if (r.failed) {
        L.push(`| \`${r.name}\` | failed: ${r.failed.replace(/\|/g, '/')} | | | | ≤ ${r.goal}× | | | | | |`);
        continue;
      }
      const s = r.SQLite;
      const p = r.PostgreSQL;
      L.push(`| \`${r.name}\` | ${fmtMs(s.ms)} | ${fmtX(s.ratio)} | ${fmtMs(p.ms)} | ${fmtX(p.ratio)} | ≤ ${r.goal}× | ${yes(s.met)} | ${yes(p.met)} | ${fmtX(p.ms / s.ms)} | ${s.mib.toFixed(0)} / ${p.mib.toFixed(0)} MiB | ${r.same ? 'yes' : `**no** (${r.diff.replace(/\|/g, '/')})`} |`);
    }
    if (results.base) L.push(`| baseline \`gasp office 7\` | ${fmtMs(results.base.SQLite)} | | ${fmtMs(results.base.PostgreSQL)} | | | | | ${fmtX(results.base.PostgreSQL / results.base.SQLite)} | | |`);
    L.push('');
  }
  if (results.import) {
    const i = results.import;
    L.push(`## Import of ${i.rows.toLocaleString('en')} rows`);
    L.push('');
    L.push('`gasp import` of a paper register (`bench/paper-register.mjs`) into a freshly `gasp init`-ed database on each engine; on PostgreSQL against psql `\\copy` of the rows gasp\'s import wrote (dumped as CSV) into a freshly init-ed database in one transaction, the same indexes, triggers set aside (`session_replication_role = replica`, `case_counts` copied as the import left it): PostgreSQL\'s own fast path, as the load above.');
    L.push('');
    L.push('| | time | peak memory |');
    L.push('|---|---:|---:|');
    L.push(`| \`gasp import\` on SQLite | ${fmtMs(i.SQLite.ms)} (${i.SQLite.runs} run${i.SQLite.runs > 1 ? 's' : ''}) | ${i.SQLite.mib.toFixed(0)} MiB |`);
    L.push(`| \`gasp import\` on PostgreSQL | ${fmtMs(i.PostgreSQL.ms)} (${i.PostgreSQL.runs} run${i.PostgreSQL.runs > 1 ? 's' : ''}) | ${i.PostgreSQL.mib.toFixed(0)} MiB |`);
    L.push(`| psql \`\\copy\` (${i.floor.filled.map((f) => `${f.table} ${f.rows.toLocaleString('en')}`).join(', ')}) | ${fmtMs(i.floor.ms)} | |`);
    L.push(`| PostgreSQL ÷ SQLite | ${fmtX(i.PostgreSQL.ms / i.SQLite.ms)} | |`);
    L.push(`| gasp ÷ \\copy on PostgreSQL (goal ≤ 2×) | ${fmtX(i.ratio)} ${yes(i.ratio <= 2)} | |`);
    L.push('');
  }
  L.push('## Why, where PostgreSQL is slower');
  L.push('');
  L.push('- Every command on PostgreSQL pays a fixed cost SQLite does not: loading `pg`, connecting (a new server process per connection), and the open\'s look at the catalog for gasp\'s tables (`pg_class`; `information_schema.tables`, which it read before, took twice as long). It shows in the baseline: `gasp office 7` itself is about 1.6× SQLite\'s. Against that baseline the listings\' first pages are as flat as on SQLite: their statements take a few milliseconds on the server (`find` of a surname: 20 ms of statements in all, logged with `log_min_duration_statement = 0`).');
  L.push('- `report`: its statements are many small ones (per office and month, a piece\'s counts and step times; per office, the refusals by reason, the steps done again, the few step times around each median), each a round trip to the server where SQLite\'s cost nothing: a piece\'s counts and times are now one statement, not two, about 15% off the whole report at 100,000 cases. The refusals by reason read `cases_report`, which on PostgreSQL carries the case\'s id (migration 011, `include (id)`: an index-only scan, where each refused case\'s row was read for its id before, 114 ms for one office at 100,000 cases against 13.7 ms); on SQLite the id is the rowid, in every index already. What remains is the server\'s aggregation of the step times as text (`string_agg`) and their transfer.');
  L.push('- `import` on PostgreSQL went row by row through prepared statements (a round trip per case, per event, per word: about 700,000 for 100,000 rows): 131.7 s against SQLite\'s 23.0 s in one run each (2026-11-26 08:26 UTC, this machine, load about 2). It now writes a thousand cases a statement per table (`json_populate_recordset`, ids taken from the sequences beforehand; src/store/cases.ts `insertImportedInBatches`), which brings it level with SQLite; what remains against the `\\copy` floor is gasp\'s own work per row (reading, checking, hashing the history), the same on both engines.');
  L.push('- `check` reads and hashes every event in JavaScript on both engines: the reference is one server-side read, so the ratio says how much the hashing and the transfer cost; neither engine meets 3× (SQLite\'s own bench measured 7× `quick_check` at 100,000 cases).');
  L.push('');
  return L.join('\n');
}

/** The figures so far, kept after every section: `--reuse` starts from them, so that
 * `--reuse --skip listings` measures the import again and rewrites RESULTS-pg.md with all. */
const saved = path.join(root, 'bench', '.cache', `scale-pg-results-${N}.json`);
function save() {
  if (!write) return;
  fs.mkdirSync(path.dirname(saved), { recursive: true });
  fs.writeFileSync(saved, `${JSON.stringify(results, null, 1)}\n`);
  fs.writeFileSync(out, `${markdown()}\n`);
}

results.load0 = os.loadavg()[0];
results.args = argv.join(' ');
if (argv.includes('--reuse') && fs.existsSync(saved)) {
  const old = JSON.parse(fs.readFileSync(saved, 'utf8'));
  for (const k of ['load', 'rows', 'base', 'import']) if (old[k] && (k !== 'rows' || old.rows.length)) results[k] = old[k];
  results.runs = [...(old.runs ?? [{ date: old.date, args: old.args, load0: old.load0 }])];
}
const measuring = !(skip.has('load') && skip.has('listings')) || !skip.has('import');
if (measuring) results.runs = [...(results.runs ?? []), { date: results.date, args: results.args, load0: results.load0 }];
await main();
