// Files that hold personal data, and failures told honestly: modes, no overwrite, never the
// database, temporary files, a damaged source, a busy database, a full disk, bad import files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRUST_LINE, testRoot, type RunResult, baseEnv, bin, gasp, gaspAsync, nextIin, officeDb, officeTemplate, refused, snapshot, sqliteOnly, tmpDir } from './helpers';

const ALL_DOCS = 'application,identity,family,income,address';
const T0 = '2013-01-21T10:00:00+06:00';
let template: string;

beforeAll(() => {
  template = officeTemplate([
    ['clerk7', 'Айгерим Сапаровна Жумабаева', 'clerk', ['--office', '7']],
    ['head7', 'Болат Ерланович Ахметов', 'head', ['--office', '7']],
    ['exec7', 'Дина Маратовна Касымова', 'executor', ['--office', '7']],
  ], { adminOffice: '7' });
});

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const registerArgs = (iin = nextIin()) => ['register', '--iin', iin, '--name', 'Әлия Құрманқызы Нұрланова', '--address', 'ул. Абая, 1', '--docs', ALL_DOCS];
type Office = ReturnType<typeof officeDb>;
const register = (o: Office, extra: string[] = []): string => JSON.parse(o.ok('clerk7', [...registerArgs(), '--json', ...extra]).stdout).regno;
const toSigned = (o: Office, regno: string) => {
  o.ok('head7', ['assign', regno, '--executor', 'exec7']);
  o.ok('exec7', ['review', regno]);
  o.ok('exec7', ['draft', regno, '--grant']);
  o.ok('head7', ['sign', regno]);
};
const history = (o: Office, regno: string): { step: string }[] => JSON.parse(o.ok('clerk7', ['case', regno, '--json']).stdout).history;
/** Leftover temporary files of gasp in a folder. */
const temps = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith('.gasp-tmp-'));

/** A paper register of `n` good rows for office 7. */
function paperRegister(file: string, n: number, bad?: number): void {
  const lines = ['iin,name,address,received_at'];
  for (let i = 1; i <= n; i++) lines.push(`${i === bad ? '850315400125' : nextIin()},Заявитель Номер ${i},"ул. Абая, ${i}",2012-12-10 10:00`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/** The modes of the -wal and -shm files, seen while a gasp that created them still runs (they
 * go when the last connection closes): a long import keeps them there long enough. */
async function walModes(db: string, dir: string): Promise<{ wal: number; shm: number; run: RunResult }> {
  const csv = path.join(dir, 'long.csv');
  paperRegister(csv, 3000);
  for (const f of [`${db}-wal`, `${db}-shm`]) expect(fs.existsSync(f), f).toBe(false);
  const running = gaspAsync(['--db', db, '--as', 'admin', '--no-input', 'import', csv], { env: { GASP_NOW: T0 } });
  let seen: { wal: number; shm: number } | undefined;
  let finished = false;
  void running.then(() => (finished = true));
  while (!seen && !finished) {
    try {
      seen = { wal: mode(`${db}-wal`), shm: mode(`${db}-shm`) };
    } catch {
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  const run = await running;
  expect(run.code, run.stderr).toBe(0);
  expect(seen, 'the -wal and -shm files were never seen').toBeDefined();
  return { ...seen!, run };
}

describe('files gasp creates are its owner\'s only', () => {
  it('creates the database, its folder, its -wal and -shm with 0600 (folder 0700)', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'office', 'gasp.sqlite');
    const r = gasp(['--db', db, 'init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов', '--office', '7'], { env: { GASP_NOW: T0 } });
    expect(r.code, r.stderr).toBe(0);
    expect(mode(path.dirname(db))).toBe(0o700);
    expect(mode(db)).toBe(0o600);
    const { wal, shm } = await walModes(db, dir);
    expect([wal, shm]).toEqual([0o600, 0o600]);
  });

  it('writes backups, CSV and XLSX exports, reject files and PDFs with 0600', () => {
    const o = officeDb(template);
    const files = {
      pdf: path.join(o.dir, 'talon.pdf'),
      reprint: path.join(o.dir, 'reprint.pdf'),
      backup: path.join(o.dir, 'backup.sqlite'),
      csv: path.join(o.dir, 'day.csv'),
      xlsx: path.join(o.dir, 'day.xlsx'),
      rejects: path.join(o.dir, 'paper.rejects.csv'),
    };
    const regno = register(o, ['--pdf', files.pdf]);
    o.ok('clerk7', ['talon', regno, '--pdf', files.reprint]);
    o.ok('admin', ['backup', files.backup]);
    o.ok('admin', ['export', 'register', '--date', '2013-01-21', '-o', files.csv]);
    o.ok('admin', ['export', 'register', '--date', '2013-01-21', '--xlsx', '-o', files.xlsx]);
    const paper = path.join(o.dir, 'paper.csv');
    paperRegister(paper, 3, 2);
    o.ok('admin', ['import', paper, '--skip-invalid']);
    for (const [what, file] of Object.entries(files)) expect([what, mode(file)]).toEqual([what, 0o600]);
    expect(temps(o.dir)).toEqual([]);
  });

  it('makes them 0660 (folders 0770) when the database lives in a setgid, group-writable folder', async () => {
    const shared = tmpDir();
    fs.chmodSync(shared, 0o2770);
    const db = path.join(shared, 'gasp.sqlite');
    const run = (args: string[]) => {
      const r = gasp(['--db', db, '--no-input', ...args], { env: { GASP_NOW: T0 } });
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    run(['init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов', '--office', '7']);
    run(['--as', 'admin', 'staff', 'add', 'clerk7', '--name', 'Айгерим Сапаровна Жумабаева', '--role', 'clerk', '--office', '7']);
    expect(mode(db)).toBe(0o660);
    const pdf = path.join(shared, 'talon.pdf');
    run(['--as', 'clerk7', ...registerArgs(), '--pdf', pdf]);
    run(['--as', 'admin', 'backup', path.join(shared, 'backup.sqlite')]);
    run(['--as', 'admin', 'export', 'cases', '-o', path.join(shared, 'cases.csv')]);
    for (const f of ['talon.pdf', 'backup.sqlite', 'cases.csv']) expect([f, mode(path.join(shared, f))]).toEqual([f, 0o660]);
    const { wal, shm } = await walModes(db, shared);
    expect([wal, shm]).toEqual([0o660, 0o660]);
    // A database created in a subfolder of the shared folder: the subfolder is the group's too.
    const sub = path.join(shared, 'archive', 'gasp.sqlite');
    const r = gasp(['--db', sub, 'init', '--auth', 'trust', '--admin', 'admin', '--name', 'Админ Админов'], { env: { GASP_NOW: T0 } });
    expect(r.code, r.stderr).toBe(0);
    expect(mode(path.dirname(sub)) & 0o777).toBe(0o770);
  });

  // The tests marked sqliteOnly here are about SQLite's own file (its mode, its log, damage, a full
  // disk or a lock under it): PostgreSQL keeps its data on the server.
  it.skipIf(sqliteOnly)('closes a database an older gasp left world-readable to other users', () => {
    const o = officeDb(template);
    fs.chmodSync(o.db, 0o644);
    o.ok('clerk7', ['cases']);
    expect(mode(o.db)).toBe(0o640);
  });
});

describe('no output replaces a file unless --force, and never the database', () => {
  it('refuses an existing file for every output, and replaces it with --force', () => {
    const o = officeDb(template);
    const regno = register(o);
    const signed = register(o);
    toSigned(o, signed);
    const paper = path.join(o.dir, 'paper.csv');
    paperRegister(paper, 2, 2);
    const cases: [string, string, string[]][] = [
      ['admin', 'day.csv', ['export', 'register', '--date', '2013-01-21', '-o']],
      ['admin', 'day.xlsx', ['export', 'cases', '--xlsx', '-o']],
      ['admin', 'rejects.csv', ['import', paper, '--skip-invalid', '--rejects']],
      ['admin', 'copy.sqlite', ['backup']],
      ['clerk7', 'talon.pdf', ['talon', regno, '--pdf']],
      ['exec7', 'notice.pdf', ['notice', signed, '--pdf']],
      ['clerk7', 'new.pdf', [...registerArgs(), '--pdf']],
      ['exec7', 'issued.pdf', ['issue', signed, '--in-person', '--pdf']],
    ];
    for (const [as, name, args] of cases) {
      const file = path.join(o.dir, name);
      fs.writeFileSync(file, 'an earlier file\n');
      refused(o.db, () => o.g(as, [...args, file]), file, '--force');
      expect(fs.readFileSync(file, 'utf8'), name).toBe('an earlier file\n');
      const r = o.g(as, [...args, file, '--force']);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(fs.readFileSync(file, 'utf8'), name).not.toBe('an earlier file\n');
      expect(mode(file), name).toBe(0o600);
    }
    expect(temps(o.dir)).toEqual([]);
  });

  it.skipIf(sqliteOnly)('refuses the database, its -wal and -shm even with --force, however the path is spelled', () => {
    const o = officeDb(template);
    const regno = register(o);
    const inDir = (args: string[]) => () => {
      const r = gasp(['--db', o.db, '--as', 'admin', '--no-input', ...args], { env: { GASP_NOW: T0 }, cwd: o.dir });
      return r;
    };
    fs.symlinkSync(o.db, path.join(o.dir, 'link.pdf'));
    fs.symlinkSync(o.db, path.join(o.dir, 'link.sqlite'));
    fs.linkSync(o.db, path.join(o.dir, 'hard.csv'));
    fs.mkdirSync(path.join(o.dir, 'sub'));
    const paper = path.join(o.dir, 'paper.csv');
    paperRegister(paper, 2, 2);
    const attempts: string[][] = [
      ['export', 'cases', '-o', './gasp.sqlite', '--force'],
      ['export', 'cases', '-o', path.join(o.dir, 'sub', '..', 'gasp.sqlite-wal'), '--force'],
      ['export', 'cases', '--excel', '-o', 'gasp.sqlite-shm', '--force'],
      ['import', paper, '--skip-invalid', '--rejects', 'gasp.sqlite', '--force'],
      ['backup', 'link.sqlite', '--force'],
      ['backup', 'gasp.sqlite-wal', '--force'],
      ['export', 'cases', '-o', 'hard.csv', '--force'],
      ['talon', regno, '--pdf', 'link.pdf', '--force'],
    ];
    const before = fs.readFileSync(o.db);
    for (const args of attempts) {
      const r = refused(o.db, inDir(args), /база данных gasp/);
      expect(r.stderr, args.join(' ')).toContain('--force');
    }
    // Not a registration either: refused before anything is written.
    refused(o.db, () => o.g('clerk7', [...registerArgs(), '--pdf', path.join(o.dir, 'link.pdf'), '--force']), /база данных gasp/);
    expect(fs.readFileSync(o.db).equals(before)).toBe(true);
    expect(o.g('admin', ['check']).code).toBe(0);
  });
});

describe('backup', () => {
  it.skipIf(sqliteOnly)('refuses a database that fails SQLite\'s quick check, and a damaged file is one sentence', () => {
    const o = officeDb(template);
    register(o);
    // Damage the directory of akimats, which neither the backup nor the login reads.
    const raw = new Database(o.db, { readonly: true });
    const root = (raw.prepare(`select rootpage from sqlite_master where name = 'akimats'`).get() as { rootpage: number }).rootpage;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const fd = fs.openSync(o.db, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    fs.closeSync(fd);
    const file = path.join(o.dir, 'backup.sqlite');
    const r = o.g('admin', ['backup', file]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/не прошла проверку целостности SQLite.*резервная копия не сделана/);
    expect(fs.existsSync(file)).toBe(false);
    expect(temps(o.dir)).toEqual([]);
    const list = o.g('clerk7', ['akimats']);
    expect(list.code).toBe(1);
    expect(list.stderr.trim()).toBe(`Файл базы данных ${o.db} повреждён: запустите gasp check, чтобы увидеть повреждения, и восстановите базу из резервной копии.`);
  });

  it('calls a file with an SQLite header and nothing sound after it damaged, and leaves it alone', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'broken.sqlite');
    const bytes = Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4080, 0xab)]);
    fs.writeFileSync(file, bytes);
    const r = gasp(['--db', file, 'offices']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^Файл базы данных .*broken\.sqlite повреждён/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('register and issue with a PDF', () => {
  it('refuses a PDF path it cannot write before registering anything', () => {
    const o = officeDb(template);
    const notAFolder = path.join(o.dir, 'file.txt');
    fs.writeFileSync(notAFolder, 'x');
    for (const pdf of [path.join(o.dir, 'missing', 'talon.pdf'), path.join(notAFolder, 'talon.pdf'), o.dir]) {
      refused(o.db, () => o.g('clerk7', [...registerArgs(), '--pdf', pdf]), pdf);
    }
  });
});

describe('a busy database', () => {
  it.skipIf(sqliteOnly)('says in one sentence that the database is busy and writes nothing', () => {
    const o = officeDb(template);
    const holder = new Database(o.db);
    holder.exec('begin immediate');
    try {
      const started = Date.now();
      const r = refused(o.db, () => o.g('clerk7', registerArgs(), T0, { GASP_BUSY_TIMEOUT_MS: '300' }), /занята другой долгой операцией, вероятно импортом: ничего не записано/);
      expect(r.stderr).not.toMatch(/Внутренняя ошибка|locked/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      holder.exec('rollback');
      holder.close();
    }
  });
});

describe('import of a file that is not there or holds nothing', () => {
  it('is one sentence for a folder, a missing, an empty and a header-only file, and writes nothing', () => {
    const o = officeDb(template);
    const empty = path.join(o.dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    const headerOnly = path.join(o.dir, 'header.csv');
    fs.writeFileSync(headerOnly, 'iin,name,address,received_at\r\n');
    refused(o.db, () => o.g('admin', ['import', o.dir]), o.dir, 'это папка, а не файл');
    refused(o.db, () => o.g('admin', ['import', path.join(o.dir, 'nope.csv')]), 'nope.csv', 'нет такого файла или папки');
    refused(o.db, () => o.g('admin', ['import', empty]), 'empty.csv', 'нет ни одной строки с данными');
    refused(o.db, () => o.g('admin', ['import', headerOnly, '--dry-run']), 'header.csv', 'нет ни одной строки с данными');
  });

  it.skipIf(sqliteOnly)('is one sentence for a file it may not read', (t) => {
    const o = officeDb(template);
    const secret = path.join(o.dir, 'secret.csv');
    paperRegister(secret, 1);
    fs.chmodSync(secret, 0o000);
    const asRoot = process.getuid?.() === 0;
    // root reads anything: the file is then read by «nobody».
    const cmd = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin] : [process.execPath, bin];
    // «nobody» must be able to run gasp and open the database at all (a checkout inside a
    // folder only root may enter, such as `mktemp -d`, does not allow it): else say it is skipped.
    if (asRoot) {
      // This test's own copy is opened to «nobody»; the run's folder only to pass through.
      fs.chmodSync(testRoot, 0o711);
      fs.chmodSync(o.dir, 0o777);
      fs.chmodSync(o.db, 0o666);
      const probe = spawnSync(cmd[0]!, [...cmd.slice(1), '--db', o.db, 'offices'], { env: baseEnv(), encoding: 'utf8' });
      if (probe.error || probe.status !== 0) return t.skip();
    }
    const r = spawnSync(cmd[0]!, [...cmd.slice(1), '--db', o.db, '--as', 'admin', 'import', secret], { env: baseEnv(), encoding: 'utf8' });
    if (asRoot && r.error) return; // no setpriv here: nothing to learn as root
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('нет прав доступа');
  });

  it('still aborts on a bad row far into a long file with nothing written, though it writes in chunks', () => {
    const o = officeDb(template);
    const file = path.join(o.dir, 'long.csv');
    paperRegister(file, 2500, 2400);
    refused(o.db, () => o.g('admin', ['import', file]), /строка 2401/);
    const r = JSON.parse(o.ok('admin', ['import', file, '--skip-invalid', '--json']).stdout);
    expect(r).toMatchObject({ total: 2500, added: 2499, skipped: 0 });
    const again = JSON.parse(o.ok('admin', ['import', file, '--skip-invalid', '--force', '--json']).stdout);
    expect(again).toMatchObject({ total: 2500, added: 0, skipped: 2499 });
    expect(o.g('admin', ['check']).stdout).toBe('');
  });
});

// A full disk, for real: a tiny tmpfs mounted in a private mount namespace (`unshare -rm`, no
// root needed where user namespaces are allowed). Skipped where they are not.
const M = tmpDir();
const canMount = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=8k none "$0"', M]).status === 0;

/** Arguments quoted for sh. */
const shq = (args: string[]) => args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');

/** Runs `script` in a namespace where $M is a tmpfs of `kib` KiB; `gasp` runs gasp. Prints the
 * files left in $M on the last line, after «@@». */
function onTinyDisk(kib: number, script: string, env: Record<string, string> = {}): RunResult & { left: string[] } {
  const mnt = tmpDir();
  const full = `gasp() { "$NODE" "$BIN" --no-input "$@"; }\nmount -t tmpfs -o size=${kib}k none "$M" || exit 99\n${script}\nrc=$?\necho "@@$(ls -A "$M" | tr '\\n' ' ')"\nexit $rc`;
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', full], {
    env: { ...baseEnv({ GASP_NOW: T0, ...env }), M: mnt, NODE: process.execPath, BIN: bin },
    encoding: 'utf8',
  });
  const lines = r.stdout.trimEnd().split('\n');
  const left = lines.pop()!.replace(/^@@/, '').trim().split(' ').filter(Boolean);
  return { code: r.status ?? -1, stdout: lines.join('\n'), stderr: r.stderr, left };
}

describe.skipIf(!canMount)('a full disk', () => {
  it.skipIf(sqliteOnly)('leaves a registration standing when its PDF cannot be written, says so, and exits 0', () => {
    const o = officeDb(template);
    const iin = nextIin();
    const r = onTinyDisk(8, `gasp --db "${o.db}" --as clerk7 ${shq(registerArgs(iin))} --pdf "$M/talon.pdf"`);
    expect(r.code, r.stderr).toBe(0);
    const cases = JSON.parse(o.ok('clerk7', ['cases', '--iin', iin, '--json']).stdout) as { regno: string }[];
    expect(cases).toHaveLength(1);
    const regno = cases[0]!.regno;
    expect(r.stdout).toContain(`регистрационный номер документов ${regno}`);
    expect(r.stderr.replace(TRUST_LINE, '').trim()).toBe(
      `Дело ${regno} ЗАРЕГИСТРИРОВАНО, но PDF талона не записан (диск заполнен): не регистрируйте заявление повторно, а напечатайте талон командой gasp talon ${regno} --pdf FILE.`,
    );
    expect(r.left).toEqual([]);
  });

  it.skipIf(sqliteOnly)('leaves an issue standing when the notification\'s PDF cannot be written', () => {
    const o = officeDb(template);
    const regno = register(o);
    toSigned(o, regno);
    const r = onTinyDisk(8, `gasp --db "${o.db}" --as exec7 issue ${regno} --post --pdf "$M/notice.pdf"`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Решение по делу ${regno} ВЫДАНО и записано, но PDF уведомления не записан (диск заполнен)`);
    expect(r.stderr).toContain(`gasp notice ${regno} --pdf FILE`);
    expect(JSON.parse(o.ok('exec7', ['case', regno, '--json']).stdout).state).toBe('issued');
    expect(r.left).toEqual([]);
  });

  it.skipIf(sqliteOnly)('records no print of a talon whose PDF did not fit, and leaves nothing behind', () => {
    const o = officeDb(template);
    const regno = register(o);
    const before = snapshot(o.db);
    const r = onTinyDisk(8, `gasp --db "${o.db}" --as clerk7 talon ${regno} --pdf "$M/talon.pdf"`);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^Диск, на котором должен лежать файл .*talon\.pdf, заполнен: файл не записан, ничего не изменено\.$/m);
    expect(history(o, regno).map((h) => h.step)).toEqual(['register']);
    expect(snapshot(o.db)).toBe(before);
    expect(r.left).toEqual([]);
  });

  it.skipIf(sqliteOnly)('writes no backup onto a full disk and leaves no file under its name', () => {
    const o = officeDb(template);
    const r = onTinyDisk(64, `gasp --db "${o.db}" --as admin backup "$M/backup.sqlite"`);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/backup\.sqlite, заполнен: файл не записан/);
    expect(r.left).toEqual([]);
  });

  it.skipIf(sqliteOnly)('says the database\'s disk is full and that nothing was written, not «cannot rollback»', () => {
    const o = officeDb(template);
    const kib = Math.ceil(fs.statSync(o.db).size / 1024) + 40;
    const iin = nextIin();
    const r = onTinyDisk(
      kib,
      `cp "${o.db}" "$M/gasp.sqlite" && gasp --db "$M/gasp.sqlite" --as clerk7 ${shq(registerArgs(iin))}
rc=$?; gasp --db "$M/gasp.sqlite" --as clerk7 cases --json; rm -f "$M"/gasp.sqlite*; (exit $rc)`,
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')[0]).toBe(`Диск, на котором лежит база данных ${r.stderr.match(/база данных (\S+),/)![1]}, заполнен: ничего не записано; освободите место и повторите.`);
    expect(r.stderr).not.toMatch(/rollback|Внутренняя ошибка/);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});
