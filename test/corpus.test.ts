// The bad-input corpus: every command and every option that takes a value is fed an empty, a
// huge (100,000 characters), a control-character, an invalid-UTF-8, an SQL-looking, a far-past
// and a far-future value, each on a fresh copy of one office database. A bad value is refused:
// exit 1 or 2, one sentence on stderr, nothing on stdout, the database file byte for byte as it
// was. A value a command legitimately takes (a search that finds nothing, a comment that is just
// text) is listed as accepted: exit 0, and either nothing changed ('read') or the value stored as
// it was typed ('stored'). No answer may be an internal error, a stack trace or a raw control
// character.
//
// The whole table (some 750 cases) runs through gasp's `main` in this process, one case after
// the other, with stdout and stderr captured; and every slot runs once more in the real binary,
// a process of its own, with the kinds taking turns, so that each kind meets the real binary on
// some fifteen commands. A process costs ~0.2 s of CPU, the whole table spawned ~3 minutes on two
// cores: GASP_CORPUS=spawn spawns every case instead. On PostgreSQL the copies come from a pool
// (PgCopies below): a copy that a case left as it was serves the next case.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PG_TABLES_SQL, baseEnv, copyDb, gaspAsync, nextIin, officeDb, officeTemplate, onPostgres, pgSnapshotSql, snapshot, tmpDir, type RunResult } from './helpers';
import { main } from '../src/cli/program';
import { setLang } from '../src/i18n/index';

const T0 = '2013-01-21T10:00:00+06:00';
const NOW = '2013-01-21T11:00:00+06:00';

const KINDS = ['empty', 'huge', 'control', 'utf8', 'sql', 'past', 'future'] as const;
type Kind = (typeof KINDS)[number];
/** A NUL cannot be passed in an argument; these stand for the control characters. */
const CONTROLS = ['\x1b[2J', '\x01', '\x7f', '\u202e', '\u200b'];

/** The value of a kind for the n-th slot: the control characters take turns. */
function valueOf(kind: Kind, n: number): string {
  switch (kind) {
    case 'empty':
      return '';
    case 'huge':
      return 'x'.repeat(100_000);
    case 'control':
      return `ab${CONTROLS[n % CONTROLS.length]}cd`;
    case 'utf8':
      // What Node makes of bytes that are not UTF-8 in an argument.
      return 'ab\ufffdcd';
    case 'sql':
      return "'; drop table cases; --";
    case 'past':
      return '0001-01-01';
    case 'future':
      return '9999-12-31';
  }
}

type Accept = 'read' | 'stored';
interface Slot {
  /** The command and the option or argument that gets the value. */
  name: string;
  /** The arguments after `--db DB --no-input`. */
  args: (v: string) => string[];
  /** The whole argument list, for the global --db itself. */
  raw?: (v: string, db: string) => string[];
  accepts?: Partial<Record<Kind, Accept>>;
}

const as = (login: string, ...rest: string[]) => ['--as', login, ...rest];
const TEXT: Partial<Record<Kind, Accept>> = { sql: 'stored', past: 'stored', future: 'stored' };
const NAME: Partial<Record<Kind, Accept>> = { sql: 'stored' };
const SEARCH: Partial<Record<Kind, Accept>> = { sql: 'read', past: 'read', future: 'read' };
const FILE_OUT: Partial<Record<Kind, Accept>> = { sql: 'read', past: 'read', future: 'read' };

let iins: Record<string, string>;
const C = (n: number) => `07-2013-0000${n}`;
const CASE_FILTERS = (prefix: string[], extra: Partial<Record<string, Partial<Record<Kind, Accept>>>> = {}): Slot[] =>
  ['--state', '--office', '--executor', '--date', '--iin', '--name', '--phone'].map((flag) => ({
    name: `${prefix.join(' ')} ${flag}`,
    args: (v) => as('admin', ...prefix, flag, v),
    accepts: extra[flag],
  }));

function slots(): Slot[] {
  const reg = ['--iin', nextIin(), '--name', 'Тест Тестович Тестов', '--address', 'ул. Абая, 1', '--docs', 'application'];
  const withValue = (args: string[], flag: string, v: string) => {
    const i = args.indexOf(flag);
    return i < 0 ? [...args, flag, v] : [...args.slice(0, i + 1), v, ...args.slice(i + 2)];
  };
  return [
    { name: '--db', args: () => [], raw: (v) => ['--db', v, '--as', 'admin', 'cases'] },
    { name: '--as', args: (v) => ['--as', v, 'cases'] },
    { name: '--lang', args: (v) => as('admin', '--lang', v, 'cases') },

    { name: 'init --admin', args: (v) => ['init', '--admin', v, '--name', 'Босс Боссов'] },
    // The database has its administrator: a good value is refused as well, and nothing written.
    { name: 'init --name', args: (v) => ['init', '--admin', 'boss', '--name', v] },
    { name: 'init --office', args: (v) => ['init', '--admin', 'boss', '--name', 'Босс Боссов', '--office', v] },
    { name: 'init --os-user', args: (v) => ['init', '--admin', 'boss', '--name', 'Босс Боссов', '--os-user', v] },
    { name: 'init --auth', args: (v) => ['init', '--auth', v] },
    { name: 'auth set MODE', args: (v) => as('admin', 'auth', 'set', v) },
    { name: 'passwd LOGIN', args: (v) => as('admin', 'passwd', v) },

    { name: 'offices QUERY', args: (v) => ['offices', v], accepts: { ...SEARCH, empty: 'read' } },
    { name: 'office NO', args: (v) => ['office', v] },
    { name: 'akimats QUERY', args: (v) => ['akimats', v], accepts: { ...SEARCH, empty: 'read' } },
    { name: 'akimats --office', args: (v) => ['akimats', '--office', v] },
    { name: 'akimat CODE', args: (v) => ['akimat', v] },

    { name: 'staff add LOGIN', args: (v) => as('admin', 'staff', 'add', v, '--name', 'Новый Сотрудник', '--role', 'executor', '--office', '7') },
    { name: 'staff add --name', args: (v) => as('admin', 'staff', 'add', 'newbie', '--name', v, '--role', 'executor', '--office', '7'), accepts: NAME },
    { name: 'staff add --role', args: (v) => as('admin', 'staff', 'add', 'newbie', '--name', 'Новый Сотрудник', '--role', v, '--office', '7') },
    { name: 'staff add --office', args: (v) => as('admin', 'staff', 'add', 'newbie', '--name', 'Новый Сотрудник', '--role', 'executor', '--office', v) },
    { name: 'staff add --akimat', args: (v) => as('admin', 'staff', 'add', 'newbie', '--name', 'Новый Сотрудник', '--role', 'akimat', '--akimat', v) },
    { name: 'staff add --os-user', args: (v) => as('admin', 'staff', 'add', 'newbie', '--name', 'Новый Сотрудник', '--role', 'executor', '--office', '7', '--os-user', v), accepts: TEXT },
    { name: 'staff disable LOGIN', args: (v) => as('admin', 'staff', 'disable', v) },
    { name: 'staff disable --handover', args: (v) => as('admin', 'staff', 'disable', 'dina', '--handover', v) },
    { name: 'staff disable --comment', args: (v) => as('admin', 'staff', 'disable', 'dina', '--handover', 'aset', '--comment', v), accepts: TEXT },
    { name: 'staff enable LOGIN', args: (v) => as('admin', 'staff', 'enable', v) },
    { name: 'staff link LOGIN', args: (v) => as('admin', 'staff', 'link', v, '--os-user', 'someone') },
    { name: 'staff link --os-user', args: (v) => as('admin', 'staff', 'link', 'dina', '--os-user', v), accepts: TEXT },

    ...['--iin', '--name', '--address', '--phone', '--docs', '--received-at', '--office', '--pdf', '--doc-lang'].map(
      (flag): Slot => ({
        name: `register ${flag}`,
        args: (v) => as('clerk7', 'register', ...withValue(reg, flag, v)),
        accepts: flag === '--name' ? NAME : flag === '--address' ? TEXT : flag === '--phone' ? { empty: 'stored', past: 'stored', future: 'stored' } : undefined,
      }),
    ),
    { name: 'register --comment', args: (v) => as('clerk7', 'register', ...withValue(reg, '--iin', iins.c1!), '--duplicate-ok', '--comment', v), accepts: TEXT },

    { name: 'forward REGNO', args: (v) => as('ak', 'forward', v) },
    { name: 'assign REGNO', args: (v) => as('head7', 'assign', v, '--executor', 'dina') },
    { name: 'assign --executor', args: (v) => as('head7', 'assign', C(1), '--executor', v) },
    { name: 'assign --resolution', args: (v) => as('head7', 'assign', C(1), '--executor', 'dina', '--resolution', v), accepts: TEXT },
    { name: 'review REGNO', args: (v) => as('dina', 'review', v) },
    { name: 'review --note', args: (v) => as('dina', 'review', C(2), '--note', v), accepts: TEXT },
    { name: 'family REGNO', args: (v) => as('dina', 'family', v) },
    { name: 'family ACTION', args: (v) => as('dina', 'family', C(2), v, '--iin', '820410300002') },
    { name: 'family add --iin', args: (v) => as('dina', 'family', C(2), 'add', '--iin', v, '--name', 'Ерлан Нұрланов', '--relation', 'spouse') },
    { name: 'family add --name', args: (v) => as('dina', 'family', C(2), 'add', '--iin', '820410300002', '--name', v, '--relation', 'spouse'), accepts: NAME },
    { name: 'family add --relation', args: (v) => as('dina', 'family', C(2), 'add', '--iin', '820410300002', '--name', 'Ерлан Нұрланов', '--relation', v) },
    { name: 'family add --employment', args: (v) => as('dina', 'family', C(2), 'add', '--iin', '820410300002', '--name', 'Ерлан Нұрланов', '--relation', 'spouse', '--employment', v) },
    {
      name: 'family add --exempt-reason',
      args: (v) => as('dina', 'family', C(2), 'add', '--iin', '820410300002', '--name', 'Ерлан Нұрланов', '--relation', 'spouse', '--employment', 'exempt', '--exempt-reason', v),
      accepts: TEXT,
    },
    { name: 'family set --iin', args: (v) => as('dina', 'family', C(2), 'set', '--iin', v, '--employment', 'working') },
    { name: 'family set --employment', args: (v) => as('dina', 'family', C(2), 'set', '--iin', iins.c2!, '--employment', v) },
    { name: 'family remove --iin', args: (v) => as('dina', 'family', C(2), 'remove', '--iin', v) },
    { name: 'income REGNO', args: (v) => as('dina', 'income', v) },
    { name: 'income ACTION', args: (v) => as('dina', 'income', C(2), v, '--line', '1') },
    { name: 'income add --iin', args: (v) => as('dina', 'income', C(2), 'add', '--iin', v, '--kind', 'wages', '--amount', '45000', '--month', '2012-11') },
    { name: 'income add --kind', args: (v) => as('dina', 'income', C(2), 'add', '--iin', iins.c2!, '--kind', v, '--amount', '45000', '--month', '2012-11') },
    { name: 'income add --amount', args: (v) => as('dina', 'income', C(2), 'add', '--iin', iins.c2!, '--kind', 'wages', '--amount', v, '--month', '2012-11') },
    { name: 'income add --month', args: (v) => as('dina', 'income', C(2), 'add', '--iin', iins.c2!, '--kind', 'wages', '--amount', '45000', '--month', v) },
    { name: 'income remove --line', args: (v) => as('dina', 'income', C(2), 'remove', '--line', v) },
    { name: 'income import FILE', args: (v) => as('dina', 'income', C(2), 'import', v) },
    { name: 'draft REGNO', args: (v) => as('dina', 'draft', v, '--refuse', '--reason', 'false-information') },
    { name: 'draft --reason', args: (v) => as('dina', 'draft', C(3), '--refuse', '--reason', v) },
    { name: 'draft --reason-text', args: (v) => as('dina', 'draft', C(3), '--refuse', '--reason', 'other', '--reason-text', v), accepts: TEXT },
    { name: 'draft --comment', args: (v) => as('dina', 'draft', C(3), '--grant', '--override', '--comment', v) },
    { name: 'sign REGNO', args: (v) => as('head7', 'sign', v) },
    { name: 'return REGNO', args: (v) => as('head7', 'return', v, '--comment', 'Проверьте доходы') },
    { name: 'return --comment', args: (v) => as('head7', 'return', C(4), '--comment', v), accepts: TEXT },
    { name: 'issue REGNO', args: (v) => as('dina', 'issue', v, '--in-person') },
    { name: 'issue --pdf', args: (v) => as('dina', 'issue', C(5), '--in-person', '--pdf', v) },
    { name: 'withdraw REGNO', args: (v) => as('clerk7', 'withdraw', v, '--comment', 'Заявитель отозвал') },
    { name: 'withdraw --comment', args: (v) => as('clerk7', 'withdraw', C(1), '--comment', v), accepts: TEXT },
    { name: 'reassign REGNO', args: (v) => as('head7', 'reassign', v, '--executor', 'aset', '--comment', 'Отпуск') },
    { name: 'reassign --executor', args: (v) => as('head7', 'reassign', C(2), '--executor', v, '--comment', 'Отпуск') },
    { name: 'reassign --comment', args: (v) => as('head7', 'reassign', C(2), '--executor', 'aset', '--comment', v), accepts: TEXT },
    { name: 'correct REGNO', args: (v) => as('clerk7', 'correct', v, '--address', 'ул. Новая, 2', '--comment', 'Опечатка') },
    { name: 'correct --name', args: (v) => as('clerk7', 'correct', C(1), '--name', v, '--comment', 'Опечатка'), accepts: NAME },
    { name: 'correct --address', args: (v) => as('clerk7', 'correct', C(1), '--address', v, '--comment', 'Опечатка'), accepts: TEXT },
    // An empty phone says there is none: the case's phone is taken off.
    { name: 'correct --phone', args: (v) => as('clerk7', 'correct', C(1), '--phone', v, '--comment', 'Опечатка'), accepts: { empty: 'stored', past: 'stored', future: 'stored' } },
    { name: 'correct --iin', args: (v) => as('clerk7', 'correct', C(1), '--iin', v, '--comment', 'Опечатка') },
    { name: 'correct --docs', args: (v) => as('clerk7', 'correct', C(1), '--docs', v, '--comment', 'Опечатка') },
    { name: 'correct --comment', args: (v) => as('clerk7', 'correct', C(1), '--address', 'ул. Новая, 2', '--comment', v), accepts: TEXT },

    { name: 'case REGNO', args: (v) => as('clerk7', 'case', v) },
    ...CASE_FILTERS(['cases'], { '--name': SEARCH, '--phone': { past: 'read', future: 'read' } }),
    { name: 'cases --page', args: (v) => as('clerk7', 'cases', '--page', v) },
    { name: 'cases --limit', args: (v) => as('clerk7', 'cases', '--limit', v) },
    { name: 'find TEXT', args: (v) => as('clerk7', 'find', v), accepts: SEARCH },
    { name: 'find --page', args: (v) => as('clerk7', 'find', 'Тест', '--page', v) },
    { name: 'find --limit', args: (v) => as('clerk7', 'find', 'Тест', '--limit', v) },
    { name: 'overdue --office', args: (v) => as('head7', 'overdue', '--office', v) },
    { name: 'overdue --page', args: (v) => as('head7', 'overdue', '--page', v) },
    { name: 'overdue --limit', args: (v) => as('head7', 'overdue', '--limit', v) },

    { name: 'calendar --year', args: (v) => as('clerk7', 'calendar', '--year', v) },
    { name: 'calendar set DATE', args: (v) => as('admin', 'calendar', 'set', v, 'off') },
    { name: 'calendar set KIND', args: (v) => as('admin', 'calendar', 'set', '2013-03-11', v) },
    { name: 'calendar set --note', args: (v) => as('admin', 'calendar', 'set', '2013-03-11', 'off', '--note', v), accepts: TEXT },

    { name: 'rates set --region', args: (v) => as('admin', 'rates', 'set', '--region', v, '--year', '2013', '--quarter', '2', '--line', '7000', '--source', 'Приказ') },
    { name: 'rates set --year', args: (v) => as('admin', 'rates', 'set', '--year', v, '--quarter', '2', '--line', '7000', '--source', 'Приказ') },
    { name: 'rates set --quarter', args: (v) => as('admin', 'rates', 'set', '--year', '2013', '--quarter', v, '--line', '7000', '--source', 'Приказ') },
    { name: 'rates set --line', args: (v) => as('admin', 'rates', 'set', '--year', '2013', '--quarter', '2', '--line', v, '--source', 'Приказ') },
    { name: 'rates set --subsistence', args: (v) => as('admin', 'rates', 'set', '--year', '2013', '--quarter', '2', '--line', '7000', '--subsistence', v, '--source', 'Приказ') },
    { name: 'rates set --source', args: (v) => as('admin', 'rates', 'set', '--year', '2013', '--quarter', '2', '--line', '7000', '--source', v), accepts: TEXT },

    { name: 'talon REGNO', args: (v) => as('clerk7', 'talon', v) },
    { name: 'talon --pdf', args: (v) => as('clerk7', 'talon', C(1), '--pdf', v) },
    { name: 'notice REGNO', args: (v) => as('head7', 'notice', v) },
    { name: 'notice --pdf', args: (v) => as('head7', 'notice', C(4), '--pdf', v) },
    { name: 'notice --state', args: (v) => as('head7', 'notice', '--state', v, '--office', '7', '--pdf', 'out.pdf') },
    { name: 'notice --office', args: (v) => as('head7', 'notice', '--state', 'signed', '--office', v, '--pdf', 'out.pdf') },

    { name: 'export register --date', args: (v) => as('admin', 'export', 'register', '--date', v) },
    { name: 'export register --office', args: (v) => as('admin', 'export', 'register', '--date', '2013-01-21', '--office', v) },
    { name: 'export register -o', args: (v) => as('admin', 'export', 'register', '--date', '2013-01-21', '-o', v), accepts: FILE_OUT },
    ...CASE_FILTERS(['export', 'cases'], { '--name': SEARCH, '--phone': { past: 'read', future: 'read' } }),
    { name: 'export cases -o', args: (v) => as('admin', 'export', 'cases', '-o', v), accepts: FILE_OUT },
    { name: 'report --from', args: (v) => as('admin', 'report', '--from', v) },
    { name: 'report --to', args: (v) => as('admin', 'report', '--to', v) },
    { name: 'report --office', args: (v) => as('admin', 'report', '--office', v) },

    { name: 'import FILE', args: (v) => as('admin', 'import', v) },
    // Every row of the file is bad: the rows go to the rejects file, the database stays as it was.
    { name: 'import --rejects', args: (v) => as('admin', 'import', 'bad-rows.csv', '--skip-invalid', '--rejects', v), accepts: FILE_OUT },
    { name: 'backup FILE', args: (v) => as('admin', 'backup', v), accepts: FILE_OUT },
    { name: 'migrate --to', args: (v) => as('admin', 'migrate', '--to', v) },
    // The demo makes a database of its own under the name given; ours is not touched.
    { name: 'demo --keep-db', args: (v) => ['demo', '--keep-db', v], accepts: FILE_OUT },
    // `gasp help NAME` shows the general help for a name it does not know.
    { name: 'help COMMAND', args: (v) => ['help', v], accepts: { empty: 'read', huge: 'read', control: 'read', utf8: 'read', sql: 'read', past: 'read', future: 'read' } },
  ];
}

/** Commands that take no value at all: run once, they succeed and change nothing. */
const NO_VALUE: [string, string[]][] = [
  ['staff list', as('admin', 'staff', 'list')],
  ['check', as('admin', 'check')],
  ['rates', as('clerk7', 'rates')],
];

interface Outcome {
  slot: Slot;
  kind: Kind;
  how: 'in process' | 'spawned';
  value: string;
  result: RunResult;
  unchanged: boolean;
  stored: boolean;
}

let base: string;
let baseBytes: Buffer;
let baseRows: string;
/** The folder of the base database's files (the bad rows an import slot reads). */
let baseDir: string;
const outcomes: Outcome[] = [];
const noValue = new Map<string, { result: RunResult; unchanged: boolean }>();

/** The database file as it was, with nothing left in a write-ahead log. */
function unchangedFile(db: string): boolean {
  const wal = `${db}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) return false;
  return fs.readFileSync(db).equals(baseBytes);
}

/** gasp's `main` in this process, as the binary runs it: the same environment, stdout and stderr
 * captured, the working folder given. */
async function inProcess(args: string[], cwd: string): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array, enc?: unknown, cb?: unknown) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = typeof enc === 'function' ? enc : cb;
      if (typeof done === 'function') done();
      return true;
    }) as typeof process.stdout.write;
  const [stdoutWrite, stderrWrite, env, dir] = [process.stdout.write, process.stderr.write, process.env, process.cwd()];
  process.env = baseEnv({ GASP_NOW: NOW });
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  process.chdir(cwd);
  setLang('ru');
  let code: number;
  try {
    code = await main(['node', 'gasp', ...args]);
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.env = env;
    process.chdir(dir);
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

type Runner = (args: string[], cwd: string) => Promise<RunResult>;
const spawned: Runner = (args, cwd) => gaspAsync(args, { env: { GASP_NOW: NOW }, cwd });

/** PostgreSQL's copies of the base database. A copy there is a CREATE DATABASE … TEMPLATE (a
 * quarter of a second and megabytes of log) and every look at it a connection, which over some
 * 850 cases came to a quarter of an hour on two cores. So a case takes a clean copy from a pool
 * and gives it back when it left the copy as it was (what every case is checked for anyway: the
 * rows compared with the base's, read in this process); a copy a case changed is dropped. */
class PgCopies {
  private clean: string[] = [];
  private made = 0;
  private constructor(
    private server: import('pg').Client,
    private Client: typeof import('pg').Client,
    private base: string,
    private tables: string[],
  ) {}

  static async of(base: string): Promise<PgCopies> {
    const { default: pg } = await import('pg');
    const server = new pg.Client({ connectionString: PG_SERVER });
    await server.connect();
    const tables = (await PgCopies.query<{ t: string }>(pg.Client, base, PG_TABLES_SQL)).map((r) => r.t);
    return new PgCopies(server, pg.Client, base, tables);
  }

  private static async query<T>(Client: typeof import('pg').Client, url: string, text: string): Promise<T[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Every row of a copy, as `snapshot` gives it. */
  async rows(url: string): Promise<string> {
    return JSON.stringify(await PgCopies.query(this.Client, url, pgSnapshotSql(this.tables)));
  }

  async take(): Promise<string> {
    const ready = this.clean.pop();
    if (ready) return ready;
    const name = `gasp_corpus${process.pid}_${++this.made}`;
    await this.admin(`create database "${name}" template "${nameOf(this.base)}"`);
    return this.base.replace(/^(postgres(?:ql)?:\/\/[^/?]*)\/[^?]*/, `$1/${name}`);
  }

  async giveBack(url: string, unchanged: boolean): Promise<void> {
    if (unchanged) this.clean.push(url);
    else await this.admin(`drop database "${nameOf(url)}" with (force)`);
  }

  /** The server's one connection, one statement at a time (the cases ask for copies at once). */
  private queue: Promise<unknown> = Promise.resolve();
  private admin(text: string): Promise<unknown> {
    const next = this.queue.then(() => this.server.query(text));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async end(): Promise<void> {
    for (const url of this.clean.splice(0)) await this.admin(`drop database "${nameOf(url)}" with (force)`);
    await this.server.end();
  }
}
const nameOf = (url: string) => /^postgres(?:ql)?:\/\/[^/?]*\/([^?]+)/.exec(url)![1]!;
/** Read once: an in-process case sets process.env aside while it runs. */
const PG_SERVER = process.env.GASP_TEST_PG;
let copies: PgCopies | undefined;

/** One case on a copy of the database, in a folder of its own (files it writes land there);
 * `rows` is everything the copy holds afterwards. */
async function runCase(runner: Runner, args: (db: string) => string[]): Promise<{ result: RunResult; unchanged: boolean; rows: () => string }> {
  const dir = tmpDir('gasp-corpus-');
  fs.copyFileSync(path.join(baseDir, 'bad-rows.csv'), path.join(dir, 'bad-rows.csv'));
  if (copies) {
    const db = await copies.take();
    const result = await runner(args(db), dir);
    const rows = await copies.rows(db);
    const unchanged = rows === baseRows;
    await copies.giveBack(db, unchanged);
    return { result, unchanged, rows: () => rows };
  }
  const db = copyDb(base, dir);
  const result = await runner(args(db), dir);
  return { result, unchanged: unchangedFile(db), rows: () => snapshot(db) };
}

/** Runs tasks `width` at a time. */
async function pool(tasks: (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}

let table: Slot[];

beforeAll(async () => {
  const template = officeTemplate(
    [
      ['clerk7', 'Айгерим Сапаровна Жумабаева', 'clerk', ['--office', '7']],
      ['head7', 'Болат Ерланович Ахметов', 'head', ['--office', '7']],
      ['dina', 'Дина Маратовна Касымова', 'executor', ['--office', '7']],
      ['aset', 'Асет Нурланович Беков', 'executor', ['--office', '7']],
      ['gone', 'Гульнар Ушедшая', 'executor', ['--office', '7']],
      ['ak', 'Нурлан Аскарович Жаксыбеков', 'akimat', ['--akimat', '07-01']],
    ],
    { adminOffice: '7' },
  );
  const { db, dir, ok } = officeDb(template, T0);
  iins = Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`c${n}`, nextIin()]));
  const register = (as: string, n: number, extra: string[] = []) =>
    ok(as, ['register', '--iin', iins[`c${n}`]!, '--name', `Заявитель Номер ${'ОДИНДВАТРИ'.slice(0, n + 2)}`, '--address', 'ул. Абая, 1', '--docs', 'application', ...extra]);
  // 1 registered (with a phone), 2 assigned, 3 reviewed, 4 drafted (refusal), 5 signed, 6 taken by an akimat.
  register('clerk7', 1, ['--phone', '+7 701 111 22 33']);
  for (const n of [2, 3, 4, 5]) {
    register('clerk7', n);
    ok('head7', ['assign', C(n), '--executor', 'dina']);
  }
  for (const n of [3, 4, 5]) ok('dina', ['review', C(n)]);
  ok('dina', ['draft', C(4), '--refuse', '--reason', 'income-above-poverty-line']);
  ok('dina', ['draft', C(5), '--grant']);
  ok('head7', ['sign', C(5)]);
  register('ak', 6);
  ok('admin', ['staff', 'disable', 'gone']);
  fs.writeFileSync(path.join(dir, 'bad-rows.csv'), 'iin,name,address,received_at\n850315400125,Плохой ИИН,ул. Ленина 3,2012-12-12 10:00\n');
  base = db;
  baseDir = dir;
  if (onPostgres) {
    copies = await PgCopies.of(db);
    baseRows = await copies.rows(db);
  } else baseBytes = fs.readFileSync(db);

  table = slots();
  const everySpawned = process.env.GASP_CORPUS === 'spawn';
  const inProcessTasks: (() => Promise<void>)[] = [];
  const spawnedTasks: (() => Promise<void>)[] = [];
  const record = (runner: Runner, how: Outcome['how'], slot: Slot, kind: Kind, value: string) => async () => {
    const { result, unchanged, rows } = await runCase(runner, (db) => (slot.raw ? slot.raw(value, db) : ['--db', db, '--no-input', ...slot.args(value)]));
    const stored = slot.accepts?.[kind] === 'stored' && result.code === 0 && !unchanged && rows().includes(JSON.stringify(value).slice(1, -1));
    outcomes.push({ slot, kind, value, how, result, unchanged, stored });
  };
  table.forEach((slot, n) => {
    KINDS.forEach((kind, k) => {
      const value = valueOf(kind, n);
      if (everySpawned) spawnedTasks.push(record(spawned, 'spawned', slot, kind, value));
      else {
        inProcessTasks.push(record(inProcess, 'in process', slot, kind, value));
        if (k === n % KINDS.length) spawnedTasks.push(record(spawned, 'spawned', slot, kind, value));
      }
    });
  });
  for (const [name, args] of NO_VALUE) {
    spawnedTasks.push(async () => {
      const { result, unchanged } = await runCase(spawned, (db) => ['--db', db, '--no-input', ...args]);
      noValue.set(name, { result, unchanged });
    });
  }
  // The processes run beside the in-process cases, which take one at a time.
  await Promise.all([pool(spawnedTasks, 3), pool(inProcessTasks, 1)]);
  await copies?.end();
}, 900_000);

/** What no answer may be: an internal error, a stack trace, a raw control character. */
function noCrash(r: RunResult, what: string): void {
  const all = r.stdout + r.stderr;
  expect(all, what).not.toMatch(/Внутренняя ошибка|internal error|ішкі қатесі/);
  expect(all, what).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  // eslint-disable-next-line no-control-regex
  expect(all, what).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f]/);
}

const short = (v: string) => (v.length > 30 ? `${v.slice(0, 12)}… (${v.length})` : JSON.stringify(v));

describe('the bad-input corpus', () => {
  it('covers every command of gasp --help and of its command groups', async () => {
    const names = async (args: string[]) => [...(await gaspAsync([...args, '--help'])).stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!);
    const covered = new Set([...table, ...NO_VALUE.map(([name]) => ({ name }))].map((s) => s.name.split(' ').filter((w) => /^[a-z]+$/.test(w)).join(' ')));
    const words = [...covered].join('\n');
    for (const c of await names([])) expect(words, c).toMatch(new RegExp(`^${c}\\b`, 'm'));
    for (const group of ['staff', 'export', 'calendar', 'rates']) {
      for (const c of await names([group])) if (c !== 'help') expect(words, `${group} ${c}`).toMatch(new RegExp(`^${group} ${c}\\b`, 'm'));
    }
  });

  it('refuses each bad value with one sentence and leaves the database as it was', () => {
    const failures: string[] = [];
    for (const o of outcomes) {
      const accept = o.slot.accepts?.[o.kind];
      const what = `${o.slot.name} ${o.kind} ${short(o.value)} (${o.how}) → exit ${o.result.code}: ${o.result.stderr.slice(0, 300)}`;
      try {
        noCrash(o.result, what);
        if (accept === 'read') {
          expect(o.result.code, what).toBe(0);
          expect(o.unchanged, `${what}: the database changed`).toBe(true);
        } else if (accept === 'stored') {
          expect(o.result.code, what).toBe(0);
          expect(o.stored, `${what}: the value is not stored as typed`).toBe(true);
        } else {
          expect([1, 2], what).toContain(o.result.code);
          expect(o.result.stdout, what).toBe('');
          expect(o.result.stderr.trimEnd().split('\n'), what).toHaveLength(1);
          expect(o.unchanged, `${what}: the database changed`).toBe(true);
        }
      } catch (e) {
        failures.push((e as Error).message.split('\n')[0]!);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('runs the commands that take no value without changing anything', () => {
    for (const [name, { result, unchanged }] of noValue) {
      noCrash(result, name);
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
      expect(unchanged, name).toBe(true);
    }
  });
});
