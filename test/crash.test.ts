// Crash test: `register`, `import`, the moves and `backup` are killed with SIGKILL at random
// moments; after every kill `gasp check` is silent, nothing is half-written, and the killed
// command can simply be run again. CRASH_SEED=<n> replays a run's random delays (CRASH_DEBUG=1 prints
// each trial). On both
// engines: on PostgreSQL the server sees its client vanish mid-transaction and must roll back, and
// a killed backup leaves pg_dump's output either complete under its name or not there at all.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, bin, copyDbAsync, gaspAsync, nextIin, officeDb, officeTemplate, onPostgres, sqlOnAsync, tmpDir } from './helpers';
import { serverBin } from './pg-cluster';

const SEED = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);

const ALL_DOCS = 'application,identity,family,income,address';
const T0 = '2013-01-21T10:00:00+06:00';
/** Every killed command runs after all the history the template holds. */
const T1 = '2013-01-21T11:00:00+06:00';
const IMPORT_ROWS = 2000;

/** A small, seedable generator (mulberry32): the same seed gives the same delays. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Killed {
  /** The kill found the process still running (else it had already exited by itself). */
  killed: boolean;
  code: number | null;
  ms: number;
}

/** Spawns gasp and kills it with SIGKILL `delay` ms after the spawn. */
function killAfter(args: string[], env: Record<string, string>, delay: number): Promise<Killed> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { env: baseEnv(env), stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, ms: performance.now() - t0 });
    });
  });
}

/** When a command's write begins and when it ends, from runs that are not killed: `write` is
 * the first moment the command's mark showed on disk (the WAL grew, a backup's file appeared),
 * `exit` the end. Two runs at once, as the trials run. */
interface Timing {
  write: number;
  exit: number;
}

function timeRun(args: string[], env: Record<string, string>, wrote: () => boolean): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let write = -1;
    const poll = setInterval(() => {
      if (write < 0 && wrote()) write = performance.now() - t0;
    }, 1);
    const child = spawn(process.execPath, [bin, ...args], { env: baseEnv(env), stdio: 'ignore' });
    child.on('exit', (code) => {
      clearInterval(poll);
      const exit = performance.now() - t0;
      if (code !== 0) reject(new Error(`calibration run ${args.join(' ')} exited ${code}`));
      // (PostgreSQL: no mark to watch; its transaction is taken to run in the latter part.)
      resolve({ write: write >= 0 ? write : onPostgres ? exit * 0.6 : exit, exit });
    });
  });
}

async function calibrate(runs: [string[], Record<string, string>, () => boolean][]): Promise<Timing> {
  const times = await Promise.all(runs.map(([args, env, wrote]) => timeRun(args, env, wrote)));
  const mean = (k: keyof Timing) => times.reduce((a, t) => a + t[k], 0) / times.length;
  return { write: mean('write'), exit: mean('exit') };
}

/** The write's mark on SQLite: its log grew. PostgreSQL writes on the server, where a test cannot
 * watch it every millisecond: there the write is taken to begin at 60% of the run (after Node's
 * start-up, the connection and the reads), and the kills aimed "near the write" fall around it. */
const walGrew = (db: string) => () => {
  if (onPostgres) return false;
  try {
    return fs.statSync(`${db}-wal`).size > 0;
  } catch {
    return false;
  }
};

/** Where in a run a trial kills: half the kills within 20 ms of the measured write, the rest
 * anywhere in the last three quarters of the run (start-up included: a kill there must leave
 * nothing too). Drawn as fractions, so that a seed replays them on a faster or slower machine. */
interface Aim {
  nearWrite: boolean;
  u: number;
}

function delayFor(aim: Aim, t: Timing): number {
  if (aim.nearWrite) return Math.max(0, t.write - 20 + aim.u * 40);
  return t.exit * (0.25 + 0.75 * aim.u);
}

/** The product's invariants, read straight from the database: every case starts with its
 * registration, its state is where its history leads, numbers run 1..N per office and year
 * and the counter stands at N. Independent of `gasp check`, which grows stronger over time. */
async function invariants(db: string): Promise<string[]> {
  const problems: string[] = [];
  const stateOf = onPostgres ? `(e.details::json ->> 'state')` : `json_extract(e.details, '$.state')`;
  const [firstStep, states, numbers, [orphans]] = [
    await sqlOnAsync<{ regno: string; first: string | null }>(db, `select c.regno, (select e.step from events e where e.case_id = c.id order by e.id limit 1) as first from cases c`),
    await sqlOnAsync<{ regno: string; state: string; history: string | null }>(
      db,
      `select c.regno, c.state, (select ${stateOf} from events e
         where e.case_id = c.id and ${stateOf} is not null order by e.id desc limit 1) as history
       from cases c`,
    ),
    await sqlOnAsync<{ office: number; year: number; n: number; d: number; m: number; lo: number; last: number | null }>(
      db,
      `select c.office, c.year, count(*) as n, count(distinct c.seq) as d, max(c.seq) as m, min(c.seq) as lo,
         (select last from regno_counters k where k.office = c.office and k.year = c.year) as last
       from cases c group by c.office, c.year`,
    ),
    // Staff and settings events belong to no case; a case's events must have their case.
    await sqlOnAsync<{ n: number }>(db, `select count(*) as n from events e where e.case_id is not null and not exists (select 1 from cases c where c.id = e.case_id)`),
  ];
  for (const r of firstStep) if (r.first !== 'register') problems.push(`${r.regno}: first event ${r.first ?? 'none'}`);
  for (const r of states) if (r.state !== r.history) problems.push(`${r.regno}: state ${r.state}, history ${r.history}`);
  for (const r of numbers) {
    if (r.n !== r.d || r.m !== r.n || r.lo !== 1 || r.last !== r.m) problems.push(`numbers ${r.office}/${r.year}: ${JSON.stringify(r)}`);
  }
  if (orphans!.n) problems.push(`${orphans!.n} events without a case`);
  return problems;
}

/** One value of one query on the database. */
async function scalar<T = number>(db: string, query: string, ...params: unknown[]): Promise<T> {
  const [row] = await sqlOnAsync<Record<string, T>>(db, [query, params]);
  return Object.values(row!)[0]!;
}

/** `gasp check` as an administrator: no problem listed, exit 0. */
async function expectCheckSilent(db: string): Promise<void> {
  const r = await gaspAsync(['--db', db, '--as', 'admin', 'check']);
  expect(r.stdout, 'gasp check listed problems').toBe('');
  expect(r.code, r.stderr).toBe(0);
}

interface Trial {
  no: number;
  aim: Aim;
  delay: number;
  result?: Killed;
}

interface Tally {
  trials: number;
  killed: number;
  committed: number;
}

/** Runs `count` trials two at a time (the delays drawn in order first, so that a seed replays
 * them whatever the order of completion); each returns whether the killed command had
 * committed. A failure names the seed, the trial and its delay. */
async function runTrials(name: string, seed: number, count: number, timing: Timing, one: (t: Trial) => Promise<boolean>): Promise<Tally> {
  const measured = timing;
  const rnd = random(seed);
  const trials: Trial[] = Array.from({ length: count }, (_, i) => ({ no: i + 1, aim: { nearWrite: rnd() < 0.5, u: rnd() }, delay: 0 }));
  const tally: Tally = { trials: 0, killed: 0, committed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < trials.length) {
      const t = trials[next++]!;
      t.delay = delayFor(t.aim, timing);
      try {
        if (await one(t)) tally.committed++;
        if (process.env.CRASH_DEBUG) console.log(name, t.no, t.aim.nearWrite, t.delay.toFixed(0), t.result?.killed, t.result?.ms.toFixed(0), JSON.stringify(timing));
        // A run that ended before its kill shows the machine is faster now than when measured.
        if (t.result && !t.result.killed && t.result.ms < timing.exit) {
          const f = t.result.ms / timing.exit;
          timing = { write: timing.write * f, exit: t.result.ms };
        }
      } catch (e) {
        const err = e as Error;
        const ran = t.result ? `, ${t.result.killed ? 'killed' : `exited ${t.result.code}`} after ${t.result.ms.toFixed(0)} ms` : '';
        err.message = `${name} trial ${t.no}, delay ${t.delay.toFixed(1)} ms${ran} (CRASH_SEED=${SEED} replays it): ${err.message}`;
        throw err;
      }
      tally.trials++;
      if (t.result?.killed) tally.killed++;
    }
  };
  await Promise.all([worker(), worker()]);
  console.log(
    `crash ${name}: ${tally.trials} trials, ${tally.killed} killed while running, ${tally.committed} had committed; ` +
      `measured: write from ~${measured.write.toFixed(0)} ms, exit at ~${measured.exit.toFixed(0)} ms (seed ${SEED})`,
  );
  // Kills that find the command gone prove little: most must find it running.
  expect(tally.killed, `${name}: too few kills found the command running`).toBeGreaterThanOrEqual(Math.ceil(count / 4));
  return tally;
}

const G = (db: string, as: string, args: string[]) => ['--db', db, '--as', as, '--no-input', ...args];
const run = (args: string[], now?: string) => gaspAsync(args, { env: now ? { GASP_NOW: now } : {} });

const registerArgs = (iin: string) => ['register', '--iin', iin, '--name', 'Әлия Құрманқызы Нұрланова', '--address', 'пос. Отеген батыр, ул. Титова, 12', '--docs', ALL_DOCS];

/** Cases 1–5 wait for assign, review, draft, sign and issue; the staff to move them. */
let template: string;
/** A paper register of IMPORT_ROWS rows. */
let csv: string;

beforeAll(() => {
  const base = officeTemplate([
    ['clerk7', 'Айгерим Сапаровна Жумабаева', 'clerk', ['--office', '7']],
    ['head7', 'Болат Ерланович Ахметов', 'head', ['--office', '7']],
    ['exec7', 'Дина Маратовна Касымова', 'executor', ['--office', '7']],
  ]);
  const { db, ok } = officeDb(base);
  for (let i = 0; i < 5; i++) ok('clerk7', registerArgs(nextIin()), T0);
  const regno = (i: number) => `07-2013-0000${i}`;
  for (const i of [2, 3, 4, 5]) ok('head7', ['assign', regno(i), '--executor', 'exec7'], '2013-01-21T10:05:00+06:00');
  for (const i of [3, 4, 5]) ok('exec7', ['review', regno(i)], '2013-01-21T10:10:00+06:00');
  for (const i of [4, 5]) ok('exec7', ['draft', regno(i), '--grant'], '2013-01-21T10:20:00+06:00');
  ok('head7', ['sign', regno(5)], '2013-01-21T10:30:00+06:00');
  template = db;

  const rows = ['iin,name,address,received_at,office'];
  for (let i = 0; i < IMPORT_ROWS; i++) rows.push(`${nextIin()},Заявитель Номер ${i},"г. Талгар, ул. Абая, ${i}",2013-01-${String(10 + (i % 8)).padStart(2, '0')} 10:00,7`);
  csv = path.join(tmpDir(), 'register.csv');
  fs.writeFileSync(csv, rows.join('\n') + '\n');
}, 120_000);

/** A copy of the template for one trial. */
function copy(): Promise<string> {
  return copyDbAsync(template, tmpDir());
}

/** pg_restore: on the PATH, else beside the server's programs. */
function pgRestore(): string {
  const onPath = spawnSync('sh', ['-c', 'command -v pg_restore'], { encoding: 'utf8' }).stdout.trim();
  return onPath || path.join(serverBin() ?? '', 'pg_restore');
}

describe(`kill -9 at random moments (seed ${SEED})`, () => {
  it('register: the case is there with its history and number, or not at all; running it again works', async () => {
    const cals = await Promise.all([copy(), copy()]);
    const timing = await calibrate(cals.map((db) => [G(db, 'clerk7', registerArgs(nextIin())), { GASP_NOW: T1 }, walGrew(db)]));
    await runTrials('register', SEED, 16, timing, async (t) => {
      const db = await copy();
      const before = await scalar(db, 'select count(*) from cases');
      const iin = nextIin();
      const args = G(db, 'clerk7', registerArgs(iin));
      t.result = await killAfter(args, { GASP_NOW: T1 }, t.delay);
      await expectCheckSilent(db);
      expect(await invariants(db)).toEqual([]);
      const after = await scalar(db, 'select count(*) from cases');
      expect([before, before + 1]).toContain(after);
      const committed = after === before + 1;
      const again = await run(args, T1);
      if (committed) {
        // The clerk who runs it again is told that the applicant has this case already.
        expect(again.code, again.stderr).toBe(1);
        expect(again.stderr).toContain(`07-2013-${String(after).padStart(5, '0')}`);
      } else {
        expect(again.code, again.stderr).toBe(0);
      }
      expect(await scalar(db, 'select count(*) from cases where iin = ?', iin)).toBe(1);
      expect(await invariants(db)).toEqual([]);
      return committed;
    });
  }, 180_000);

  it('import: whole chunks of 1,000 rows or none; running it again completes it without duplicates', async () => {
    const cals = await Promise.all([copy(), copy()]);
    const timing = await calibrate(cals.map((db) => [G(db, 'admin', ['import', csv]), { GASP_NOW: T1 }, walGrew(db)]));
    await runTrials('import', SEED + 1, 10, timing, async (t) => {
      const db = await copy();
      const args = G(db, 'admin', ['import', csv, '--json']);
      t.result = await killAfter(args, { GASP_NOW: T1 }, t.delay);
      await expectCheckSilent(db);
      expect(await invariants(db)).toEqual([]);
      const imported = await scalar(db, 'select count(*) from cases where import_key is not null');
      // The import writes in short transactions of 1,000 cases, each whole.
      expect(imported % 1000, `${imported} cases imported`).toBe(0);
      const again = await run(args, T1);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ added: IMPORT_ROWS - imported, skipped: imported });
      expect(await scalar(db, 'select count(*) from cases')).toBe(5 + IMPORT_ROWS);
      expect(await invariants(db)).toEqual([]);
      return imported > 0;
    });
  }, 180_000);

  it('assign, review, draft, sign, issue: the move is whole or absent; running it again completes it', async () => {
    const moves: { args: string[]; as: string; regno: string; from: string; to: string }[] = [
      { as: 'head7', regno: '07-2013-00001', args: ['assign', '07-2013-00001', '--executor', 'exec7'], from: 'registered', to: 'assigned' },
      { as: 'exec7', regno: '07-2013-00002', args: ['review', '07-2013-00002'], from: 'assigned', to: 'reviewed' },
      { as: 'exec7', regno: '07-2013-00003', args: ['draft', '07-2013-00003', '--refuse', '--reason', 'incomplete-documents'], from: 'reviewed', to: 'drafted' },
      { as: 'head7', regno: '07-2013-00004', args: ['sign', '07-2013-00004'], from: 'drafted', to: 'signed' },
      { as: 'exec7', regno: '07-2013-00005', args: ['issue', '07-2013-00005', '--in-person'], from: 'signed', to: 'issued' },
    ];
    const cals = await Promise.all([copy(), copy()]);
    const timing = await calibrate(cals.map((db, i) => [G(db, moves[i]!.as, moves[i]!.args), { GASP_NOW: T1 }, walGrew(db)]));
    await runTrials('moves', SEED + 2, 20, timing, async (t) => {
      const m = moves[(t.no - 1) % moves.length]!;
      const db = await copy();
      const events = await scalar(db, 'select count(*) from events');
      const args = G(db, m.as, m.args);
      t.result = await killAfter(args, { GASP_NOW: T1 }, t.delay);
      await expectCheckSilent(db);
      expect(await invariants(db)).toEqual([]);
      const state = await scalar<string>(db, 'select state from cases where regno = ?', m.regno);
      expect([m.from, m.to], m.args[0]).toContain(state);
      const committed = state === m.to;
      expect(await scalar(db, 'select count(*) from events')).toBe(events + (committed ? 1 : 0));
      const again = await run(args, T1);
      // Already done: refused with a sentence, nothing written twice.
      expect(again.code, again.stderr).toBe(committed ? 1 : 0);
      expect(await scalar<string>(db, 'select state from cases where regno = ?', m.regno)).toBe(m.to);
      expect(await scalar(db, 'select count(*) from events')).toBe(events + 1);
      expect(await invariants(db)).toEqual([]);
      return committed;
    });
  }, 180_000);

  it('backup: no file under the final name, or a complete copy; running it again works', async () => {
    // A source of a few thousand cases, so that the copy takes a while.
    const source = await copy();
    const imported = await run(G(source, 'admin', ['import', csv]), T1);
    expect(imported.code, imported.stderr).toBe(0);
    const expected = { cases: await scalar(source, 'select count(*) from cases'), events: await scalar(source, 'select count(*) from events') };
    const complete = (file: string) => {
      if (onPostgres) {
        // pg_dump's custom format, read back whole by pg_restore: every table's data is there.
        const list = spawnSync(pgRestore(), ['--list', file], { encoding: 'utf8' });
        expect(list.status, list.stderr).toBe(0);
        for (const table of ['cases', 'events']) expect(list.stdout).toMatch(new RegExp(`TABLE DATA \\S+ ${table} `));
        return;
      }
      expect(fs.existsSync(`${file}-journal`), 'a hot journal beside the backup').toBe(false);
      const copyDb = new Database(file, { readonly: true });
      try {
        expect(copyDb.pragma('quick_check', { simple: true })).toBe('ok');
        expect(copyDb.prepare('select count(*) from cases').pluck().get()).toBe(expected.cases);
        expect(copyDb.prepare('select count(*) from events').pluck().get()).toBe(expected.events);
      } finally {
        copyDb.close();
      }
    };
    // The write begins when any file appears in the target folder (a partial copy, whatever
    // its name).
    const folders = [tmpDir(), tmpDir()];
    const timing = await calibrate(folders.map((dir) => [G(source, 'admin', ['backup', path.join(dir, 'copy.sqlite')]), {}, () => fs.readdirSync(dir).length > 0]));
    const dir = tmpDir();
    await runTrials('backup', SEED + 3, 16, timing, async (t) => {
      const file = path.join(dir, `backup-${t.no}.${onPostgres ? 'dump' : 'sqlite'}`);
      const args = G(source, 'admin', ['backup', file]);
      t.result = await killAfter(args, {}, t.delay);
      await expectCheckSilent(source);
      const written = fs.existsSync(file);
      if (written) complete(file);
      const again = await run(args);
      if (written) {
        // A copy is never overwritten.
        expect(again.code, again.stderr).toBe(1);
        expect(again.stderr).toContain(file);
      } else {
        expect(again.code, again.stderr).toBe(0);
      }
      complete(file);
      return written;
    });
  }, 180_000);
});
