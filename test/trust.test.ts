// Trust: who acts (os, password, trust), when (GASP_NOW only on trust databases, events in time
// order, backdating bounded), and a history that proves itself (hash chains checked by gasp check).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/db';
import { eventHash } from '../src/domain/chain';
import { TRUST_LINE, gasp, gaspAsync, json, nextIin, officeDb, officeTemplate, onPostgres, refused, snapshot, sqlOn, sqliteOnly, tmpDir } from './helpers';

const me = os.userInfo().username;
const T0 = '2013-01-21T10:00:00+06:00';
const STAFF = [
  ['clerk7', 'Айгерим Сапаровна Жумабаева', 'clerk', ['--office', '7']],
  ['head7', 'Болат Ерланович Ахметов', 'head', ['--office', '7']],
  ['exec7', 'Дина Маратовна Касымова', 'executor', ['--office', '7']],
  ['clerk15', 'Сауле Талгаровна Омарова', 'clerk', ['--office', '15']],
] as const;

function run(db: string, args: string[], env: Record<string, string> = {}) {
  return gasp(['--db', db, '--no-input', ...args], { env });
}

/** A real (non-trust) database: init in the given mode, staff added by the admin. */
function realDb(mode: 'os' | 'password', adminOsUser: string): string {
  const db = path.join(tmpDir(), 'gasp.sqlite');
  const pw = { GASP_PASSWORD: 'admin-secret-1' };
  const init = run(db, ['init', '--auth', mode, '--admin', 'admin', '--name', 'Админ Админов', '--os-user', adminOsUser], pw);
  expect(init.code, init.stderr).toBe(0);
  for (const [login, name, role, where] of STAFF) {
    const env = mode === 'password' ? { ...pw, GASP_NEW_PASSWORD: `${login}-secret-1` } : {};
    const r = run(db, ['--as', 'admin', 'staff', 'add', login, '--name', name, '--role', role, ...where], env);
    expect(r.code, r.stderr).toBe(0);
  }
  return db;
}

const reg = (iin = nextIin()) => ['register', '--iin', iin, '--name', 'Тест Тестович Тестов', '--address', 'ул. Абая, 1', '--docs', 'application,identity,family,income,address'];

// On PostgreSQL the server authenticates each member's own role: test/postgres-roles.test.ts.
describe.skipIf(sqliteOnly)('identity in os mode', () => {
  it('acts as the member linked to the OS account and as nobody else, an admin included', () => {
    // We are the admin: --as or GASP_USER naming anyone else is refused.
    const db = realDb('os', me);
    expect(run(db, ['staff', 'list']).code).toBe(0);
    expect(run(db, ['--as', 'admin', 'staff', 'list']).code).toBe(0);
    for (const who of ['head7', 'clerk7']) {
      refused(db, () => run(db, ['--as', who, ...reg()]), `от имени ${who}`, `«${me}» — это admin`);
      refused(db, () => run(db, reg(), { GASP_USER: who }), `от имени ${who}`);
    }
    // Now our account is clerk7's (the admin's is another): we register as clerk7 and only so.
    const raw = new Database(db);
    raw.prepare('update staff set os_user = ? where login = ?').run('someone-else', 'admin');
    raw.prepare('update staff set os_user = ? where login = ?').run(me, 'clerk7');
    raw.close();
    const r = run(db, reg());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('trust');
    const regno = /\d\d-\d{4}-\d{5}/.exec(r.stdout)![0];
    for (const who of ['head7', 'admin']) {
      refused(db, () => run(db, ['--as', who, 'assign', regno, '--executor', 'exec7']), `от имени ${who}`, `«${me}» — это clerk7`);
    }
    // An account linked to nobody can do nothing.
    const raw2 = new Database(db);
    raw2.prepare('update staff set os_user = null where login = ?').run('clerk7');
    raw2.close();
    refused(db, () => run(db, ['cases']), `«${me}»`, /gasp staff link/);
    refused(db, () => run(db, ['--as', 'head7', 'cases']), `«${me}»`, /gasp staff link/);
  });

  it('never goes back to trust: an admin cannot switch off the checks to act as someone else', () => {
    const db = realDb('os', me);
    refused(db, () => run(db, ['auth', 'set', 'trust']), 'trust', 'gasp init --auth trust');
    refused(db, () => run(db, ['auth', 'set', 'os']), 'уже в режиме входа os');
    refused(db, () => run(db, ['--as', 'head7', 'auth', 'set', 'trust']), `от имени head7`);
  });

  it('refuses GASP_NOW with a sentence and changes nothing', () => {
    const db = realDb('os', me);
    refused(db, () => run(db, ['--as', 'admin', 'staff', 'list'], { GASP_NOW: '2012-06-01T10:00:00+06:00' }), 'GASP_NOW', 'trust');
    const other = path.join(tmpDir(), 'gasp.sqlite');
    const r = run(other, ['init', '--auth', 'os'], { GASP_NOW: T0 });
    expect(r.code).toBe(1);
    expect(fs.existsSync(other)).toBe(false);
  });

  it('links the first admin to the account that ran init', () => {
    const db = path.join(tmpDir(), 'gasp.sqlite');
    expect(run(db, ['init', '--admin', 'admin', '--name', 'Админ Админов']).code).toBe(0);
    const staff = json<{ login: string; os_user: string }[]>(run(db, ['staff', 'list', '--json']));
    expect(staff).toEqual([expect.objectContaining({ login: 'admin', os_user: me })]);
    expect(json<{ auth: string }>(run(db, ['auth', '--json'])).auth).toBe('os');
  });
});

describe.skipIf(sqliteOnly)('identity in password mode', () => {
  let db: string;
  let iin: string;
  beforeAll(() => {
    db = realDb('password', 'someone-else');
    iin = nextIin();
    const r = run(db, ['--as', 'clerk7', ...reg(iin)], { GASP_PASSWORD: 'clerk7-secret-1' });
    expect(r.code, r.stderr).toBe(0);
  });

  it('stores only a slow salted hash', () => {
    const raw = new Database(db, { readonly: true });
    const rows = raw.prepare('select login, password_hash from staff').all() as { login: string; password_hash: string }[];
    raw.close();
    for (const r of rows) {
      expect(r.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(r.password_hash).not.toContain('secret');
    }
    expect(new Set(rows.map((r) => r.password_hash.split('$')[4])).size).toBe(rows.length);
  });

  it('needs the member’s own password: an admin’s password does not sign as the head', () => {
    refused(db, () => run(db, ['--as', 'head7', 'assign', '07-2026-00001', '--executor', 'exec7']), 'head7', 'GASP_PASSWORD');
    refused(db, () => run(db, ['assign', '07-2026-00001', '--executor', 'exec7'], { GASP_PASSWORD: 'admin-secret-1' }), '--as');
    const before = snapshot(db);
    const wrong = run(db, ['--as', 'head7', 'assign', '07-2026-00001', '--executor', 'exec7'], { GASP_PASSWORD: 'admin-secret-1' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Неверный пароль head7; осталось попыток до блокировки: 4/);
    expect(snapshot(db)).not.toBe(before); // the wrong try is counted
    const right = run(db, ['--as', 'head7', 'assign', '07-2026-00001', '--executor', 'exec7'], { GASP_PASSWORD: 'head7-secret-1' });
    expect(right.code, right.stderr).toBe(0);
    refused(db, () => run(db, ['--as', 'head7', 'case', '07-2026-00001'], { GASP_PASSWORD: 'head7-secret-1', GASP_NOW: T0 }), 'GASP_NOW');
  });

  it('locks an account for 15 minutes after five wrong passwords in a row, as an event; an admin lifts it', () => {
    for (let i = 4; i >= 1; i--) {
      expect(run(db, ['--as', 'exec7', 'cases'], { GASP_PASSWORD: 'nope-nope' }).stderr).toContain(`: ${i}.`);
    }
    const fifth = run(db, ['--as', 'exec7', 'cases'], { GASP_PASSWORD: 'nope-nope' });
    expect(fifth.stderr).toMatch(/5 раз подряд: учётная запись заблокирована на 15 минут/);
    refused(db, () => run(db, ['--as', 'exec7', 'cases'], { GASP_PASSWORD: 'exec7-secret-1' }), /заблокирована .* до \d{4}-\d\d-\d\d \d\d:\d\d/);
    const raw = new Database(db, { readonly: true });
    const lock = raw.prepare(`select * from events where step = 'lock'`).get() as { actor: string; case_id: null; details: string };
    raw.close();
    expect(lock).toMatchObject({ actor: 'exec7', case_id: null });
    expect(JSON.parse(lock.details)).toMatchObject({ login: 'exec7', tries: 5 });
    const reset = run(db, ['--as', 'admin', 'passwd', 'exec7'], { GASP_PASSWORD: 'admin-secret-1', GASP_NEW_PASSWORD: 'exec7-new-pass' });
    expect(reset.code, reset.stderr).toBe(0);
    expect(run(db, ['--as', 'exec7', 'cases'], { GASP_PASSWORD: 'exec7-new-pass' }).code).toBe(0);
    // A member may change only their own password.
    refused(db, () => run(db, ['--as', 'clerk7', 'passwd', 'head7'], { GASP_PASSWORD: 'clerk7-secret-1', GASP_NEW_PASSWORD: 'x-x-x-x-x-x' }), 'смена пароля другого сотрудника');
    refused(db, () => run(db, ['--as', 'clerk7', 'passwd'], { GASP_PASSWORD: 'clerk7-secret-1', GASP_NEW_PASSWORD: 'short' }), /от 8 до 200/);
    expect(run(db, ['--as', 'admin', 'check'], { GASP_PASSWORD: 'admin-secret-1' })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});

describe.skipIf(sqliteOnly)('trust mode and changing the mode', () => {
  it('says so on human output only, and only an admin with a way back in changes the mode, as an event', () => {
    const template = officeTemplate([...STAFF].map(([l, n, r, w]) => [l, n, r, [...w]]));
    const { db, g, ok } = officeDb(template);
    const r = ok('clerk7', reg());
    expect(r.stderr.endsWith(TRUST_LINE)).toBe(true);
    expect(g('clerk7', ['cases', '--json']).stderr).toBe('');
    refused(db, () => g('head7', ['auth', 'set', 'password']), 'смена режима входа');
    refused(db, () => g('admin', ['auth', 'set', 'password']), 'gasp passwd');
    refused(db, () => g('admin', ['auth', 'set', 'os']), `--os-user ${me}`);
    refused(db, () => g('admin', ['auth', 'set', 'kerberos']), 'kerberos', 'os, password, trust');
    refused(db, () => g('admin', ['passwd']), 'GASP_NEW_PASSWORD');
    expect(g('admin', ['passwd'], T0, { GASP_NEW_PASSWORD: 'admin-secret-1' }).code).toBe(0);
    expect(g('admin', ['auth', 'set', 'password'], T0).code).toBe(0);
    // From now on the clock is the real one and the password is needed.
    const check = gasp(['--db', db, '--as', 'admin', 'check'], { env: { GASP_PASSWORD: 'admin-secret-1' } });
    expect(check).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const raw = new Database(db, { readonly: true });
    const steps = raw.prepare('select step, actor, details from events where case_id is null order by id').all() as { step: string; details: string }[];
    raw.close();
    expect(steps.map((s) => s.step)).toEqual(['staff', 'staff', 'staff', 'staff', 'staff', 'passwd', 'auth']);
    expect(JSON.parse(steps.at(-1)!.details)).toEqual({ from: 'trust', to: 'password' });
  });
});

describe('time', () => {
  const template = () => officeTemplate([...STAFF].map(([l, n, r, w]) => [l, n, r, [...w]]));
  it('refuses a move dated before the case’s last event', () => {
    const { db, ok, g } = officeDb(template());
    ok('clerk7', reg(), '2013-01-21T11:00:00+06:00');
    refused(db, () => g('head7', ['assign', '07-2013-00001', '--executor', 'exec7'], '2013-01-21T10:59:00+06:00'), '07-2013-00001', '2013-01-21 10:59', '2013-01-21 11:00');
    expect(g('head7', ['assign', '07-2013-00001', '--executor', 'exec7'], '2013-01-21T11:00:00+06:00').code).toBe(0);
  });

  it('backdates a registration by at most 30 days, never into the future', () => {
    const { db, ok, g } = officeDb(template());
    const now = '2013-03-01T10:00:00+06:00';
    refused(db, () => g('clerk7', [...reg(), '--received-at', '2013-01-29T10:00:00+06:00'], now), '2013-01-29', '30', 'gasp import');
    refused(db, () => g('clerk7', [...reg(), '--received-at', '2013-03-01T10:01:00+06:00'], now), '2013-03-01');
    expect(ok('clerk7', [...reg(), '--received-at', '2013-01-30T10:00:00+06:00'], now).stdout).toContain('07-2013-00001');
  });
});

describe('the history proves itself', () => {
  let template: string;
  beforeAll(() => {
    template = officeTemplate([...STAFF].map(([l, n, r, w]) => [l, n, r, [...w]]));
  });

  /** An office with a few cases and moves in two offices. */
  function busy() {
    const o = officeDb(template);
    o.ok('clerk7', reg(), '2013-01-21T10:00:00+06:00');
    o.ok('clerk15', ['register', '--iin', nextIin(), '--name', 'Другой Заявитель', '--address', 'ул. 2', '--docs', 'application'], '2013-01-21T10:05:00+06:00');
    o.ok('clerk7', reg(), '2013-01-21T10:10:00+06:00');
    o.ok('head7', ['assign', '07-2013-00001', '--executor', 'exec7'], '2013-01-21T10:20:00+06:00');
    o.ok('exec7', ['review', '07-2013-00001'], '2013-01-21T11:00:00+06:00');
    o.ok('clerk7', ['talon', '07-2013-00002'], '2013-01-21T11:05:00+06:00');
    const check = o.g('admin', ['check']);
    expect(check).toMatchObject({ code: 0, stdout: '', stderr: '' });
    return o;
  }

  const events = (db: string) => {
    return sqlOn<{ id: number; office: number; step: string; case_id: number | null; at: string; actor: string; details: string; prev_hash: string; hash: string }>(db, 'select * from events order by id');
  };

  it('links every event to the one before it in its office', () => {
    const { db } = busy();
    const rows = events(db);
    const byOffice = new Map<number, string>();
    for (const e of rows) {
      expect(e.prev_hash).toBe(byOffice.get(e.office) ?? '0'.repeat(64));
      expect(e.hash).toBe(eventHash(e.prev_hash, e));
      byOffice.set(e.office, e.hash);
    }
    expect([...byOffice.keys()].sort((a, b) => a - b)).toEqual([0, 7, 15]);
  });

  it('names the event changed with the shell after the guard was dropped, and the missing guard', () => {
    const { db, g } = busy();
    const target = events(db).find((e) => e.step === 'assign')!;
    sqlOn(db, onPostgres ? 'alter table events disable trigger events_no_update' : 'drop trigger events_no_update', ['update events set actor = ? where id = ?', ['exec7', target.id]]);
    const r = g('admin', ['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`событии №${target.id} (резолюция и назначение исполнителя, 2013-01-21 10:20, дело 07-2013-00001)`);
    expect(r.stdout).toContain('events_no_update');
    // The forged actor is also not one whose role assigns.
    expect(r.stdout).toContain(`событие №${target.id} (резолюция и назначение исполнителя) записано exec7 (ответственный исполнитель)`);
    expect(r.stderr).toMatch(/Найдено проблем: 3/);
  });

  it.skipIf(!onPostgres)('names a missing TRUNCATE guard (PostgreSQL has TRUNCATE; SQLite has none)', () => {
    const { db, g } = busy();
    sqlOn(db, 'drop trigger events_no_truncate on events');
    const r = g('admin', ['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('events_no_truncate');
  });

  it('finds a removed last event, a forged event with a valid chain by the wrong role, and a rewritten time', () => {
    const removed = busy();
    sqlOn(
      removed.db,
      onPostgres ? 'alter table events disable trigger events_no_delete' : 'drop trigger events_no_delete',
      // PostgreSQL enforces the references to the event (its step time): set aside, as by a superuser.
      ...(onPostgres ? ['set session_replication_role = replica'] : []),
      `delete from events where id = (select max(id) from events where office = 7)`,
      onPostgres ? 'alter table events enable trigger events_no_delete' : `create trigger events_no_delete before delete on events begin select raise(abort, 'events are append-only'); end`,
    );
    const r1 = removed.g('admin', ['check']);
    expect(r1.code).toBe(1);
    expect(r1.stdout).toMatch(/Цепочка отдела 07 заканчивается событием №\d+, а записано, что последним было №\d+/);

    // A forger who knows the chain: a sign by the clerk, hashed correctly, head moved.
    const forged = busy();
    const forge = (db: string, caseId: number, step: string, actor: string, at: string, details: string) => {
      const [head] = sqlOn<{ hash: string }>(db, 'select hash from chain_heads where office = 7');
      const e = { office: 7, case_id: caseId, step, actor, at, details };
      const hash = eventHash(head!.hash, e);
      const [{ id }] = sqlOn<{ id: number }>(db, ['insert into events (case_id, office, step, actor, at, details, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?) returning id', [e.case_id, e.office, e.step, e.actor, e.at, e.details, head!.hash, hash]]);
      sqlOn(db, ['update chain_heads set event_id = ?, hash = ? where office = 7', [id, hash]]);
      return id;
    };
    const id = forge(forged.db, 1, 'sign', 'clerk7', '2013-01-21T04:00:00.000Z', JSON.stringify({ state: 'reviewed' }));
    const r2 = forged.g('admin', ['check']);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain(`Дело 07-2013-00001: событие №${id} (подписание) записано clerk7 (сотрудник канцелярии)`);
    expect(r2.stdout).toContain(`Дело 07-2013-00001: событие №${id} (подписание, 2013-01-21 10:00) раньше предыдущего события дела`);
  });

  it('reads where a history leads however its details are written: the state not first, after escapes, given twice (the last counts)', () => {
    const { db, g } = busy();
    let at = Date.parse('2013-01-21T05:10:00.000Z');
    const forge = (caseId: number, details: string) => {
      const [head] = sqlOn<{ hash: string }>(db, 'select hash from chain_heads where office = 7');
      const e = { office: 7, case_id: caseId, step: 'correct', actor: 'head7', at: new Date((at += 60_000)).toISOString(), details };
      const hash = eventHash(head!.hash, e);
      const [{ id }] = sqlOn<{ id: number }>(db, ['insert into events (case_id, office, step, actor, at, details, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?) returning id', [e.case_id, e.office, e.step, e.actor, e.at, e.details, head!.hash, hash]]);
      sqlOn(db, ['update chain_heads set event_id = ?, hash = ? where office = 7', [id, hash]]);
    };
    forge(1, '{"comment":"not a \\"state\\" yet","changes":{"state":"issued"},"state":"drafted"}');
    forge(3, '{"state":"withdrawn","comment":"\\u0441"}');
    forge(3, '{"state":"signed","state":"issued"}');
    forge(3, '{"note":"no state here"}');
    const r = g('admin', ['check']);
    expect(r.stdout.trim().split('\n')).toEqual([
      'Дело 07-2013-00001: состояние «рассмотрено», а история ведёт к «проект решения подготовлен».',
      'Дело 07-2013-00002: состояние «зарегистрировано», а история ведёт к «выдано».',
    ]);
  });

  // An SQLite file written before the chain (PostgreSQL came after it).
  it.skipIf(sqliteOnly)('builds the chain when upgrading a database written before it, and check is silent', async () => {
    const { db } = busy();
    // The same data in a database of the previous schema: events without office and hashes.
    const old = path.join(tmpDir(), 'old.sqlite');
    const s = await openStore(old, { upTo: '006_paper_no', create: true });
    await s.close();
    const raw = new Database(old);
    raw.exec(`attach '${db}' as n`);
    for (const t of ['offices', 'akimats', 'regno_counters', 'calendar_days']) raw.exec(`insert into main.${t} select * from n.${t}`);
    raw.exec('insert into main.staff select login, name, role, office, akimat, os_user, disabled, created_at from n.staff');
    // Only the columns the older schema has (later migrations added some).
    for (const t of ['cases', 'case_words']) {
      const cols = (raw.prepare(`select name from pragma_table_info('${t}', 'main')`).pluck().all() as string[]).join(', ');
      raw.exec(`insert into main.${t} (${cols}) select ${cols} from n.${t}`);
    }
    raw.exec('insert into main.events select id, case_id, step, actor, at, details from n.events where case_id is not null');
    raw.exec('detach n');
    raw.close();
    const r = gasp(['--db', old, '--as', 'admin', 'check'], { env: { GASP_NOW: T0 } });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(json<{ auth: string }>(gasp(['--db', old, 'auth', '--json'])).auth).toBe('trust');
    const rows = events(old);
    expect(rows.length).toBe(events(db).filter((e) => e.case_id !== null).length);
    expect(rows.every((e) => e.hash.length === 64)).toBe(true);
  });

  it('reads one snapshot: run while clerks register, it never reports a false problem', async () => {
    const { db } = officeDb(template);
    const clerks = Array.from({ length: 3 }, async (_, k) => {
      for (let i = 0; i < 6; i++) {
        const r = await gaspAsync(['--db', db, '--as', k === 2 ? 'clerk15' : 'clerk7', '--no-input', ...reg()], { env: { GASP_NOW: T0 } });
        expect(r.code, r.stderr).toBe(0);
      }
    });
    const checks = (async () => {
      const outs = [];
      for (let i = 0; i < 8; i++) outs.push(await gaspAsync(['--db', db, '--as', 'admin', 'check'], { env: { GASP_NOW: T0 } }));
      return outs;
    })();
    await Promise.all(clerks);
    for (const r of await checks) expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(gasp(['--db', db, '--as', 'admin', 'check'], { env: { GASP_NOW: T0 } })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it.skipIf(sqliteOnly)('lists what SQLite finds on a damaged file and exits 1, never an internal error', () => {
    const { db, g } = busy();
    const raw = new Database(db);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const root = raw.prepare(`select rootpage from sqlite_master where name = 'cases'`).pluck().get() as number;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const fd = fs.openSync(db, 'r+');
    fs.writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (root - 1) * pageSize);
    fs.closeSync(fd);
    const r = g('admin', ['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Целостность базы данных: /m);
    expect(r.stdout).toContain(`page ${root}`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Найдено проблем: \d+/);
    expect(r.stdout + r.stderr).not.toContain('Внутренняя ошибка');
  });
});
