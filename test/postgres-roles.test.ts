// One oblast database on PostgreSQL, guarded by the server itself (issue 11, items 3 and 4): each
// member logs in as their own role, row-level security keeps a clerk of office 15 out of office
// 07's cases in gasp and in psql alike, the history takes no UPDATE or DELETE from any gasp role,
// --as and GASP_NOW are not believed, and registration still finds an open case of the same ИИН in
// another office, naming its number and office without its applicant.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshPgDatabase, gasp, nextIin, tmpDir } from './helpers.js';
import { serverBin } from './pg-cluster.js';
import { libpqUrl } from '../src/store/postgres.js';
import { latestMigration } from '../src/store/migrations.js';

const server = process.env.GASP_TEST_PG;

/** psql: on the PATH, else beside the server's programs. */
function psqlBin(): string {
  const onPath = spawnSync('sh', ['-c', 'command -v psql'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim()) return onPath.stdout.trim();
  const dir = serverBin();
  if (!dir || !fs.existsSync(path.join(dir, 'psql'))) throw new Error('no psql on this machine');
  return path.join(dir, 'psql');
}

/** The database's URL for another user (and password). */
function as(url: string, user: string, password?: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/)[^@/]*@/, `$1${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@`);
}

function psql(url: string, command: string): { code: number; out: string; err: string } {
  const r = spawnSync(psqlBin(), ['-X', '-w', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', command], { encoding: 'utf8', env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } });
  return { code: r.status ?? -1, out: r.stdout.trim(), err: r.stderr.trim() };
}

async function query<T>(url: string, text: string, before?: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    if (before) await c.query(before);
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

describe.skipIf(!server)('PostgreSQL: identity and scope enforced by the server', () => {
  // Roles are the cluster's, shared by every test database: names of this run's own.
  const tag = `${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const adm = `adm_${tag}`;
  const c07 = `c07_${tag}`;
  const h07 = `h07_${tag}`;
  const e07 = `e07_${tag}`;
  const c15 = `c15_${tag}`;
  const adm2 = `adm2_${tag}`;
  const ak07 = `ak07_${tag}`;
  const pw15 = 'пароль-15 secret';
  let hba: { file: string; text: string } | undefined;
  let url = '';
  const iinOpen = nextIin();
  const iinGranted = nextIin();

  beforeAll(async () => {
    // The test cluster trusts every local connection; clerk 15 must give a password (SCRAM).
    const [{ hba_file }] = await query<{ hba_file: string }>(server!, 'show hba_file');
    const text = fs.readFileSync(hba_file, 'utf8');
    hba = { file: hba_file, text };
    fs.writeFileSync(hba_file, `local all ${c15} scram-sha-256\n${text}`);
    await query(server!, 'select pg_reload_conf()');
  });

  afterAll(async () => {
    if (hba) {
      fs.writeFileSync(hba.file, hba.text);
      await query(server!, 'select pg_reload_conf()');
    }
  });

  it('sets up an oblast database: staff in trust mode, then every member a login role of their own', async () => {
    url = await freshPgDatabase();
    // Minutes ago by the real clock: once the database checks who acts, the clock is the real one.
    const base = Date.now() - 3 * 3600_000;
    let minute = 0;
    const at = () => new Date(base + ++minute * 60_000).toISOString();
    const trust = (args: string[]) => {
      const r = gasp(['--db', url, ...args], { env: { GASP_NOW: at() } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    trust(['init', '--auth', 'trust', '--admin', adm, '--name', 'Админ Областной']);
    trust(['--as', adm, 'staff', 'add', c07, '--name', 'Клерк Седьмой', '--role', 'clerk', '--office', '7']);
    trust(['--as', adm, 'staff', 'add', h07, '--name', 'Глава Седьмой', '--role', 'head', '--office', '7']);
    trust(['--as', adm, 'staff', 'add', e07, '--name', 'Исполнитель Седьмой', '--role', 'executor', '--office', '7']);
    trust(['--as', adm, 'staff', 'add', ak07, '--name', 'Аким Сельский', '--role', 'akimat', '--akimat', '07-01']);
    const reg = (clerk: string, iin: string, name: string) =>
      trust(['--as', clerk, 'register', '--iin', iin, '--name', name, '--address', 'ул. Абая 1', '--docs', 'application,identity,family,income,address', '--json']);
    const open07 = JSON.parse(reg(c07, iinOpen, 'Тайна Семёрочная').stdout).regno as string;
    const granted07 = JSON.parse(reg(c07, iinGranted, 'Секрет Выданный').stdout).regno as string;
    trust(['--as', h07, 'assign', granted07, '--executor', e07]);
    // Step 3 recorded on office 07's case: a family member and an income of the quarter before,
    // against a republic-level line an admin sets for this quarter.
    const local = new Date(base + 5 * 3600_000);
    const [year, month] = [local.getUTCFullYear(), local.getUTCMonth() + 1];
    const quarter = Math.floor((month - 1) / 3) + 1;
    const before = quarter === 1 ? `${year - 1}-12` : `${year}-${String((quarter - 1) * 3).padStart(2, '0')}`;
    trust(['--as', adm, 'rates', 'set', '--region', 'republic', '--year', String(year), '--quarter', String(quarter), '--line', '50000', '--source', 'тест']);
    trust(['--as', e07, 'family', granted07, 'add', '--iin', '820410300002', '--name', 'Супруг Секретный', '--relation', 'spouse', '--employment', 'working']);
    trust(['--as', e07, 'income', granted07, 'add', '--iin', '820410300002', '--kind', 'wages', '--amount', '30000', '--month', before]);
    trust(['--as', e07, 'review', granted07]);
    trust(['--as', e07, 'draft', granted07, '--grant']);
    trust(['--as', h07, 'sign', granted07]);
    trust(['--as', e07, 'issue', granted07, '--in-person']);
    expect([open07, granted07]).toEqual([expect.stringMatching(/^07-\d{4}-00001$/), expect.stringMatching(/^07-\d{4}-00002$/)]);
    reg(ak07, nextIin(), 'Сельчанин Акиматов');

    // An existing role is taken over as it is; one that may not create roles.
    psql(url, `drop role if exists ${adm2}; create role ${adm2} login`);
    trust(['--as', adm, 'staff', 'add', adm2, '--name', 'Админ Второй', '--role', 'admin']);

    // Leaving trust: every enabled member gets a login role in gasp_staff; none may create roles,
    // an admin's included (the owner's functions make them: before PostgreSQL 16, CREATEROLE would
    // let a role take any role but a superuser's).
    const set = gasp(['--db', url, '--as', adm, 'auth', 'set', 'password']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain(`Созданы роли входа без пароля`);
    const roles = await query<{ rolname: string; rolcreaterole: boolean; member: boolean }>(
      url,
      `select rolname, rolcreaterole, pg_has_role(rolname, 'gasp_staff', 'member') as member from pg_roles where rolname in ('${adm}', '${c07}', '${adm2}') order by rolname collate "C"`,
    );
    expect(roles).toEqual([
      { rolname: adm2, rolcreaterole: false, member: true },
      { rolname: adm, rolcreaterole: false, member: true },
      { rolname: c07, rolcreaterole: false, member: true },
    ]);
    // The owner's connection is no staff member: it acts as nobody now, and GASP_NOW is refused.
    expect(gasp(['--db', url, '--as', adm, 'cases'])).toMatchObject({ code: 1 });
    expect(gasp(['--db', url, '--as', adm, 'cases']).stderr).toContain(`Нельзя действовать от имени ${adm}`);
    // Without --as, the owner is told to connect as a member, not to become one.
    const owner = /^postgres(?:ql)?:\/\/([^@:/]+)/.exec(url)![1];
    expect(gasp(['--db', url, 'cases']).stderr.trim()).toBe(
      `Роль «${owner}» — владелец базы данных: она нужна для gasp init, обновлений, gasp migrate и pg_dump, а не для работы с делами; подключитесь под своей ролью сотрудника (пользователь в адресе базы или PGUSER).`,
    );

    // The admin, connected as their own role, adds clerk 15 with a password (a new role).
    const add = gasp(['--db', as(url, adm), 'staff', 'add', c15, '--name', 'Клерк Пятнадцатый', '--role', 'clerk', '--office', '15'], { env: { GASP_NEW_PASSWORD: pw15 } });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toContain(`Создана роль входа ${c15} с паролем`);
    // A role the oblast already has is taken over as it is (its password and attributes kept).
    psql(url, `create role pre_${tag} login connection limit 3`);
    const taken = gasp(['--db', as(url, adm), '--json', 'staff', 'add', `pre_${tag}`, '--name', 'Давний Сотрудник', '--role', 'head', '--office', '15']);
    expect(taken.code, taken.stderr).toBe(0);
    expect(JSON.parse(taken.stdout)).toMatchObject({ login: `pre_${tag}`, login_role: 'existing' });
    expect(await query(url, `select rolconnlimit as limit, pg_has_role(rolname, 'gasp_staff', 'member') as member from pg_roles where rolname = 'pre_${tag}'`)).toEqual([{ limit: 3, member: true }]);
    // Any admin adds staff (a role taken over as it was, without CREATEROLE, too)...
    const added = gasp(['--db', as(url, adm2), 'staff', 'add', `x_${tag}`, '--name', 'Никто Никтоев', '--role', 'clerk', '--office', '15']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain(`Создана роль входа x_${tag} без пароля`);
    // ...but no admin creates or grants roles in psql: the owner's role, pg_execute_server_program.
    const owner2 = /^postgres(?:ql)?:\/\/([^@:/]+)/.exec(url)![1];
    for (const statement of [`create role y_${tag} login`, `grant ${owner2} to ${adm}`, `grant pg_execute_server_program to ${adm}`]) {
      const r = psql(as(url, adm), statement);
      expect(r.code, statement).not.toBe(0);
      expect(r.err, statement).toMatch(/permission denied|must have admin option|must be superuser/);
    }
    // A role with powers of its own is not taken over (its password could then be set by an admin).
    psql(url, `create role pow_${tag} login createdb`);
    const power = gasp(['--db', as(url, adm), 'staff', 'add', `pow_${tag}`, '--name', 'Сильная Роль', '--role', 'clerk', '--office', '15']);
    expect(power).toMatchObject({ code: 1, stdout: '' });
    expect(power.stderr.trim()).toBe(`Роль pow_${tag} — не простая роль входа (суперпользователь, владелец базы, служебная роль pg_ или роль с правами CREATEROLE, CREATEDB, REPLICATION, BYPASSRLS): gasp не принимает и не меняет её.`);
    expect(await query(url, `select login from staff where login = 'pow_${tag}'`)).toEqual([]);
    // Nor a role that has another role's powers through a membership (the owner's, a pg_ role's).
    psql(url, `create role ops_${tag} login; grant ${owner2} to ops_${tag}; create role ops2_${tag} login; grant pg_execute_server_program to ops2_${tag}`);
    // Nor another application's role: one that owns a table, one granted a privilege on one.
    const other = await freshPgDatabase();
    psql(other, `create role app_${tag} login; create role app2_${tag} login; create table t (x int); alter table t owner to app_${tag}; grant select on t to app2_${tag}`);
    for (const login of [`ops_${tag}`, `ops2_${tag}`, `app_${tag}`, `app2_${tag}`]) {
      const r = gasp(['--db', as(url, adm), 'staff', 'add', login, '--name', 'Чужая Роль', '--role', 'clerk', '--office', '15']);
      expect(r.code, login).toBe(1);
      expect(r.stderr.trim()).toContain(`Роль ${login} — не простая роль входа`);
    }
    // And the functions act only for members on the staff list, whoever calls them in psql.
    for (const call of [`select gasp_member_role('z_${tag}', null)`, `select gasp_member_role('ops_${tag}', null)`]) {
      const r = psql(as(url, adm), call);
      expect(r.code, call).not.toBe(0);
      expect(r.err, call).toContain("is not a member's login role");
    }
    expect(await query(url, `select rolname from pg_roles where rolname = 'z_${tag}'`)).toEqual([]);
  });

  it('keeps a clerk of office 15 out of office 07, in gasp and in psql', () => {
    const me = as(url, c15, pw15);
    // The server asks clerk 15 for the password.
    const noPw = gasp(['--db', as(url, c15), 'cases']);
    expect(noPw).toMatchObject({ code: 1, stdout: '' });
    expect(noPw.stderr.trim()).toBe(
      `Сервер PostgreSQL требует пароль роли ${c15}: укажите его в адресе базы, в PGPASSWORD или в ~/.pgpass, либо запустите команду в терминале — пароль будет запрошен.`,
    );
    // PGPASSWORD, as libpq reads it.
    expect(gasp(['--db', as(url, c15), 'cases'], { env: { PGPASSWORD: pw15 } }).code).toBe(0);
    const wrong = gasp(['--db', as(url, c15, 'не тот'), 'cases']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe(`Сервер PostgreSQL не принял пароль роли ${c15} для базы данных ${as(url, c15, '***')}.`);
    const own = gasp(['--db', me, 'register', '--iin', nextIin(), '--name', 'Свой Пятнадцатый', '--address', 'ул. Ленина 5', '--docs', 'application,identity', '--json']);
    expect(own.code, own.stderr).toBe(0);
    const ownNo = JSON.parse(own.stdout).regno as string;
    expect(ownNo).toMatch(/^15-/);
    const list = gasp(['--db', me, 'cases']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(ownNo);
    expect(list.stdout).not.toMatch(/07-\d{4}-/);
    const find = gasp(['--db', me, 'find', 'Семёрочная']);
    expect(find.stdout).not.toContain('07-');
    expect(find.stdout + find.stderr).not.toContain('Тайна');
    const regno07 = gasp(['--db', me, 'case', '07-' + ownNo.slice(3, 7) + '-00001']);
    expect(regno07).toMatchObject({ code: 1, stdout: '' });
    expect(regno07.stderr).not.toContain('Тайна');

    // psql as the same role: only office 15's rows, whatever is asked.
    expect(psql(me, 'select count(*) from cases').out).toBe('1');
    expect(psql(me, 'select string_agg(distinct office::text, \',\') from cases').out).toBe('15');
    expect(psql(me, 'select count(*) from events where office = 7').out).toBe('0');
    expect(psql(me, "select count(*) from case_words where office = 7 or word like 'taina%'").out).toBe('0');
    expect(psql(me, 'select count(*) from case_steps where office = 7').out).toBe('0');
    expect(psql(me, 'select count(*) from events').out).toBe('1');
    // Nor office 07's families and incomes; the poverty lines are everybody's to read, an admin's to set.
    expect(psql(me, 'select count(*) from family_members').out).toBe('0');
    expect(psql(me, 'select count(*) from income_lines').out).toBe('0');
    expect(psql(url, 'select count(*) from family_members').out).toBe('1');
    expect(psql(me, 'select count(*) from poverty_lines').out).toBe('1');
    const id07 = psql(url, 'select min(id) from cases where office = 7').out;
    expect(psql(me, `insert into family_members (case_id, iin, name, relation, birth_date, sex, added_by, added_at) values (${id07}, '100506500004', 'x', 'child', '2010-05-06', 'male', '${c15}', 'now')`).err).toContain('row-level security');
    expect(psql(me, `insert into income_lines (case_id, no, iin, kind, month, amount_tiyn, added_by, added_at) values (${id07}, 9, '820410300002', 'wages', '2013-01', 1, '${c15}', 'now')`).err).toContain('row-level security');
    expect(psql(me, `delete from income_lines`).out).toBe('');
    expect(psql(url, 'select count(*) from income_lines').out).toBe('1');
    expect(psql(me, `insert into poverty_lines (region, year, quarter, line_tiyn, source, set_by, set_at) values ('almaty-oblast', 2013, 1, 1, 'x', '${c15}', 'now')`).err).toContain('row-level security');
    expect(psql(me, `update poverty_lines set line_tiyn = 1`).out).toBe('');
    expect(psql(url, 'select min(line_tiyn) from poverty_lines').out).toBe('5000000');
    // No gasp role changes or removes history, and the owner is refused by the trigger.
    for (const statement of ["update events set details = '{}'", 'delete from events', 'truncate events']) {
      const r = psql(me, statement);
      expect(r.code, statement).not.toBe(0);
      expect(r.err).toContain('permission denied');
    }
    for (const statement of ["update events set details = '{}'", 'delete from events', 'truncate events']) {
      const owner = psql(url, statement);
      expect(owner.code, statement).not.toBe(0);
      expect(owner.err, statement).toContain('events are append-only');
    }
    // An event in another member's name, or in office 07's chain, is refused by the policy.
    const forged = psql(me, `insert into events (case_id, office, step, actor, at, details, prev_hash, hash) values (null, 15, 'x', '${adm}', 'now', '{}', 'p', 'h')`);
    expect(forged.err).toContain('row-level security');
    // A clerk cannot make themselves an admin, nor see office 07 by moving a case there.
    expect(psql(me, `update staff set role = 'admin' where login = '${c15}'`).out).toBe('');
    expect(psql(me, `select role from staff where login = '${c15}'`).out).toBe('clerk');
    expect(psql(me, `update cases set office = 7`).err).toContain('row-level security');
  });

  it('takes the actor from the role: --as names only that member, GASP_NOW is refused', () => {
    const me = as(url, c15, pw15);
    const other = gasp(['--db', me, '--as', adm, 'cases']);
    expect(other).toMatchObject({ code: 1, stdout: '' });
    expect(other.stderr.trim()).toBe(
      `Нельзя действовать от имени ${adm}: в базе данных области сотрудник — это роль, под которой выполнено подключение, а подключение выполнено как ${c15}.`,
    );
    expect(gasp(['--db', me, '--as', c15, 'cases']).code).toBe(0);
    const now = gasp(['--db', me, 'cases'], { env: { GASP_NOW: '2013-01-21T10:00:00+06:00' } });
    expect(now).toMatchObject({ code: 1, stdout: '' });
    expect(now.stderr).toContain('GASP_NOW действует только в базе в режиме trust');
    expect(gasp(['--db', me, 'auth']).stdout).toContain('роль PostgreSQL');
  });

  it('finds an open case of the same ИИН in another office and names it without its applicant; warns of a grant there this quarter', async () => {
    const me = as(url, c15, pw15);
    const [open07] = await query<{ regno: string }>(url, `select regno from cases where iin = '${iinOpen}'`);
    const dup = gasp(['--db', me, 'register', '--iin', iinOpen, '--name', 'Кто Угодно', '--address', 'ул. Ленина 6', '--docs', 'application,identity']);
    expect(dup).toMatchObject({ code: 1, stdout: '' });
    expect(dup.stderr).toContain(`уже есть открытое дело ${open07!.regno} (отдел 07`);
    expect(dup.stderr).not.toContain('Тайна');
    const [granted07] = await query<{ regno: string }>(url, `select regno from cases where iin = '${iinGranted}'`);
    const again = gasp(['--db', me, 'register', '--iin', iinGranted, '--name', 'Кто Угодно', '--address', 'ул. Ленина 6', '--docs', 'application,identity']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`в этом квартале уже назначена помощь — дело ${granted07!.regno} (отдел 07`);
    expect(again.stderr).not.toContain('Секрет');
    // The look goes through the index on (iin, state).
    const plan = await query<{ 'QUERY PLAN': string }>(url, `explain select regno from cases where iin = any (array['${iinOpen}']) and state <> all (array['issued'])`, 'set enable_seqscan = off');
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('cases_iin');
  });

  it('runs the whole procedure with each member connected as their own role', async () => {
    const run = (who: string, args: string[]) => {
      const r = gasp(['--db', as(url, who), ...args]);
      expect(r.code, `${who} ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    const [{ regno }] = await query<{ regno: string }>(url, `select regno from cases where iin = '${iinOpen}'`);
    const [{ regno: akRegno }] = await query<{ regno: string }>(url, `select regno from cases where akimat = '07-01'`);
    run(c07, ['correct', regno, '--address', 'ул. Абая 3', '--comment', 'опечатка']);
    run(c07, ['talon', regno]);
    run(h07, ['assign', regno, '--executor', e07]);
    run(e07, ['review', regno]);
    run(e07, ['draft', regno, '--grant']);
    run(h07, ['sign', regno]);
    run(e07, ['issue', regno, '--in-person']);
    run(ak07, ['forward', akRegno]);
    expect(JSON.parse(run(h07, ['case', regno, '--json']).stdout)).toMatchObject({ regno, state: 'issued' });
    expect(run(h07, ['overdue']).code).toBe(0);
    const head = run(h07, ['cases']).stdout;
    expect(head).toContain(regno);
    expect(head).not.toMatch(/15-\d{4}-/);
    // The admin sees every office.
    const all = run(adm, ['cases']).stdout;
    expect(all).toContain(regno);
    expect(all).toMatch(/15-\d{4}-/);
    run(adm, ['calendar', 'set', `${new Date().getFullYear() + 1}-12-31`, 'off', '--note', 'проверка']);
    expect(gasp(['--db', as(url, h07), 'calendar', 'set', `${new Date().getFullYear() + 1}-12-30`, 'off']).code).toBe(1);
    // Each event is its actor's, linked to the one before it in its office's chain.
    const events = await query<{ actor: string; step: string }>(url, `select e.actor, e.step from events e join cases c on c.id = e.case_id where c.regno = '${regno}' order by e.id`);
    expect(events.slice(-7)).toEqual([
      { actor: c07, step: 'correct' },
      { actor: c07, step: 'print' },
      { actor: h07, step: 'assign' },
      { actor: e07, step: 'review' },
      { actor: e07, step: 'draft' },
      { actor: h07, step: 'sign' },
      { actor: e07, step: 'issue' },
    ]);
    const broken = await query(url, `select e.id from events e where e.office = 7 and e.prev_hash <> coalesce((select p.hash from events p where p.office = 7 and p.id < e.id order by p.id desc limit 1), e.prev_hash)`);
    expect(broken).toEqual([]);
  });

  it("keeps an akimat user to the akimat's cases, in psql too", () => {
    // The test cluster lets every other role in without a password (trust).
    const ak = as(url, ak07);
    expect(psql(ak, 'select count(*), min(akimat), max(akimat) from cases').out).toBe('1|07-01|07-01');
    expect(psql(ak, 'select count(*) from events where case_id is not null').out).toBe('2'); // its registration and forwarding
    expect(psql(ak, 'select count(*) from case_words where akimat is distinct from \'07-01\'').out).toBe('0');
    // The office's clerk sees the office's cases, the akimat's among them.
    expect(psql(as(url, c07), 'select count(*) from cases').out).toBe('3');
  });

  it('runs the bulk commands as the members\' own roles, each within their scope', () => {
    const run = (who: string, args: string[]) => {
      const r = gasp(['--db', as(url, who, who === c15 ? pw15 : undefined), ...args]);
      expect(r.code, `${who} ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    const paper = path.join(tmpDir(), 'paper.csv');
    fs.writeFileSync(paper, ['iin,name,address,phone,received_at,office,akimat,docs', `${nextIin()},Бумажный Заявитель,ул. Мира 3,,2012-12-11 11:30,7,,"application,identity"`].join('\n'));
    run(adm, ['import', paper, '--force']);
    expect(run(adm, ['check'])).toMatchObject({ stdout: '', stderr: '' });
    const report = JSON.parse(run(h07, ['report', '--from', '2012-01-01', '--json']).stdout);
    expect(report.offices.map((o: { office: number }) => o.office)).toEqual([7]);
    const exported = run(h07, ['export', 'cases', '--excel']).stdout;
    expect(exported).toContain('07-2012-00001');
    expect(exported).not.toMatch(/15-\d{4}-/);
    const mine = JSON.parse(run(c15, ['cases', '--json']).stdout) as { regno: string }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((c) => c.regno.startsWith('15-'))).toBe(true);
    const every = JSON.parse(run(adm, ['cases', '--json']).stdout) as { regno: string }[];
    expect(new Set(every.map((c) => c.regno.slice(0, 2)))).toEqual(new Set(['07', '15']));
  });

  it('backs the whole database up as an admin connected as their own role', () => {
    const file = path.join(tmpDir(), 'oblast.dump');
    const r = gasp(['--db', as(url, adm), 'backup', file]);
    expect(r.code, r.stderr).toBe(0);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    const list = spawnSync(path.join(path.dirname(psqlBin()), 'pg_restore'), ['--list', file], { encoding: 'utf8' });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/TABLE DATA \S+ events /);
    expect(list.stdout).toMatch(/SEQUENCE SET \S+ cases_id_seq /);
  });

  it('changes a password on the login role: the member their own, an admin another\'s', async () => {
    const changed = gasp(['--db', as(url, c15, pw15), 'passwd'], { env: { GASP_NEW_PASSWORD: 'новый пароль 15' } });
    expect(changed.code, changed.stderr).toBe(0);
    expect(psql(as(url, c15, pw15), 'select 1').err).toContain('password authentication failed');
    expect(psql(as(url, c15, 'новый пароль 15'), 'select 1').out).toBe('1');
    const reset = gasp(['--db', as(url, adm), 'passwd', c15], { env: { GASP_NEW_PASSWORD: pw15 } });
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stderr.trim()).toBe(`Пароль роли входа ${c15} задан.`);
    expect(psql(as(url, c15, pw15), 'select 1').out).toBe('1');
    // gasp keeps no password of its own there: only the server's SCRAM verifier.
    const [row] = await query<{ hash: string | null; verifier: string }>(url, `select s.password_hash as hash, a.rolpassword as verifier from staff s join pg_authid a on a.rolname = s.login where s.login = '${c15}'`);
    expect(row!.hash).toBeNull();
    expect(row!.verifier).toMatch(/^SCRAM-SHA-256\$4096:/);
  });

  it('creates the first admin\'s login role at init outside trust, one that may not create roles', async () => {
    const other = await freshPgDatabase();
    const first = `first_${tag}`;
    const r = gasp(['--db', other, 'init', '--auth', 'password', '--admin', first, '--name', 'Первый Админ'], { env: { GASP_PASSWORD: 'первый пароль' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Режим входа: сотрудник — это роль PostgreSQL');
    expect(r.stderr).toMatch(new RegExp(`Создана роль входа ${first} с паролем|Существующая роль ${first} принята как есть`));
    const [role] = await query<{ createrole: boolean; admin: boolean }>(
      other,
      `select r.rolcreaterole as createrole, m.admin_option as admin from pg_roles r join pg_auth_members m on m.member = r.oid join pg_roles g on g.oid = m.roleid and g.rolname = 'gasp_staff' where r.rolname = '${first}'`,
    );
    expect(role).toEqual({ createrole: false, admin: false });
    const list = gasp(['--db', as(other, first), '--json', 'staff', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((s: { login: string }) => s.login)).toEqual([first]);
    // A newer gasp's migration is the owner's to run: a member is told so in one sentence.
    await query(other, `delete from kysely_migration where name = '${latestMigration}'`);
    const upgrade = gasp(['--db', as(other, first), 'staff', 'list']);
    expect(upgrade).toMatchObject({ code: 1, stdout: '' });
    expect(upgrade.stderr).toContain(`а роль ${first} не может менять её схему: пусть владелец базы выполнит gasp init.`);
  });

  it('disables the login with the member: a disabled clerk cannot connect', () => {
    const r = gasp(['--db', as(url, adm), 'staff', 'disable', c15]);
    expect(r.code, r.stderr).toBe(0);
    const denied = psql(as(url, c15, pw15), 'select 1');
    expect(denied.code).not.toBe(0);
    expect(denied.err).toContain('not permitted to log in');
    const off = gasp(['--db', as(url, c15, pw15), 'cases']);
    expect(off).toMatchObject({ code: 1, stdout: '' });
    expect(off.stderr.trim()).toBe(`Роль ${c15} не может войти в базу данных ${as(url, c15, '***')}: сотрудник отключён, его включает администратор (gasp staff enable).`);
    const back = gasp(['--db', as(url, adm), 'staff', 'enable', c15]);
    expect(back.code, back.stderr).toBe(0);
    expect(psql(as(url, c15, pw15), 'select count(*) from cases').out).toBe('2');
  });

  it('says in one sentence of the user\'s language why it cannot connect', () => {
    const says = (db: string, env: Record<string, string> = {}) => {
      const r = gasp(['--db', db, 'cases'], { env });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      return r.stderr.trim();
    };
    const other = (name: string) => url.replace(/^(postgres(?:ql)?:\/\/[^/?]*)\/[^?]*/, `$1/${name}`);
    expect(says(other(`nodb_${tag}`))).toBe(`На сервере PostgreSQL нет базы данных ${other(`nodb_${tag}`)}: её создаёт администратор сервера (createdb), затем gasp init.`);
    expect(says(as(url, `nobody_${tag}`))).toContain(`нет роли nobody_${tag}: роль сотрудника создаёт администратор (gasp staff add).`);
    expect(says(as(url, c15, 'не тот пароль'))).toContain(`Сервер PostgreSQL не принял пароль роли ${c15} для базы данных`);
    const gone = url.replace(/host=[^&]*/, `host=${encodeURIComponent(tmpDir())}`);
    expect(says(gone)).toMatch(/^Сервер PostgreSQL базы данных .* не отвечает: проверьте адрес, порт или папку сокета и что сервер запущен\.$/);
    // The test cluster takes no TLS: said so, without the driver's paragraph about sslmode.
    expect(says(`${url}&sslmode=require`)).toMatch(/не принимает TLS-подключения, а требуется sslmode=require\.$/);
    expect(says(url, { PGSSLMODE: 'require' })).toMatch(/не принимает TLS-подключения, а требуется sslmode=require\.$/);
    expect(says(`${url}&sslmode=verify-ca`)).toContain('нужен сертификат удостоверяющего центра области');
    expect(says(`${url}&sslmode=bogus`)).toBe('Неизвестный режим TLS sslmode=bogus: допустимы disable, prefer, require, verify-ca, verify-full.');
    // A password file others may read is not read (as libpq): said in one sentence, not the driver's warning.
    const pgpass = path.join(tmpDir(), 'pgpass');
    fs.writeFileSync(pgpass, `*:*:*:${c15}:${pw15}\n`, { mode: 0o644 });
    fs.chmodSync(pgpass, 0o644);
    expect(says(as(url, c15), { PGPASSFILE: pgpass })).toBe(`Файл паролей ${pgpass} доступен не только владельцу, и поэтому не читается: выполните chmod 600 ${pgpass}.`);
    fs.chmodSync(pgpass, 0o600);
    expect(gasp(['--db', as(url, c15), 'cases'], { env: { PGPASSFILE: pgpass } }).code).toBe(0);
    expect(gasp(['--lang', 'kk', '--db', other(`nodb_${tag}`), 'cases']).stderr).toContain('дерекқоры жоқ');
  });

  it('gives the members an office file brings along (migrate) login roles of their own', async () => {
    const [fa, m03, d03] = ['fa', 'm03', 'd03'].map((n) => `${n}_${tag}`) as [string, string, string];
    const file = path.join(tmpDir(), 'office03.sqlite');
    const ok = (args: string[]) => {
      const r = gasp(['--db', file, ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    };
    ok(['init', '--auth', 'trust', '--admin', fa, '--name', 'Админ Третий', '--office', '3']);
    ok(['--as', fa, 'staff', 'add', m03, '--name', 'Клерк Третий', '--role', 'clerk', '--office', '3']);
    ok(['--as', fa, 'staff', 'add', d03, '--name', 'Ушедший Третий', '--role', 'executor', '--office', '3']);
    ok(['--as', fa, 'staff', 'disable', d03]);
    ok(['--as', m03, 'register', '--iin', nextIin(), '--name', 'Житель Третий', '--address', 'ул. Абая 3', '--docs', 'application']);

    // Connected as a member's role (an admin's), the copy is refused in one sentence, nothing written.
    const counts = () => psql(url, 'select (select count(*) from cases) || \'/\' || (select count(*) from events) || \'/\' || (select count(*) from staff)').out;
    const before = counts();
    const asAdmin = gasp(['--db', file, '--as', fa, 'migrate', '--to', as(url, adm)]);
    expect(asAdmin).toMatchObject({ code: 1, stdout: '' });
    expect(asAdmin.stderr.trim()).toBe(
      `Перенос в ${as(url, adm)} выполняется под ролью владельца базы (той, что выполнила gasp init): роль ${adm} не может записывать историю и счётчики за других сотрудников, ничего не перенесено.`,
    );
    expect(counts()).toBe(before);

    const m = gasp(['--db', file, '--as', fa, 'migrate', '--to', url]);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stderr).toContain(`Созданы роли входа без пароля (2): ${fa}, ${m03}; пароли задаются командой gasp passwd LOGIN.`);
    const roles = await query<{ rolname: string; createrole: boolean; member: boolean }>(
      url,
      `select rolname, rolcreaterole as createrole, pg_has_role(rolname, 'gasp_staff', 'member') as member from pg_roles where rolname in ('${fa}', '${m03}', '${d03}') order by rolname collate "C"`,
    );
    expect(roles).toEqual([
      { rolname: fa, createrole: false, member: true },
      { rolname: m03, createrole: false, member: true },
    ]);
    // The clerk connects as their own role and sees their office's case, and only it.
    const cases = gasp(['--db', as(url, m03), '--json', 'cases']);
    expect(cases.code, cases.stderr).toBe(0);
    expect(JSON.parse(cases.stdout).map((c: { regno: string }) => c.regno)).toEqual([expect.stringMatching(/^03-\d{4}-00001$/)]);
    expect(psql(as(url, m03), 'select count(*) from cases').out).toBe('1');
    // The disabled member gets theirs when an admin enables them.
    const back = gasp(['--db', as(url, adm), 'staff', 'enable', d03]);
    expect(back.code, back.stderr).toBe(0);
    expect(psql(as(url, d03), 'select current_user').out).toBe(d03);
    // Running it again adds nothing, and no role either.
    const again = gasp(['--db', file, '--as', fa, 'migrate', '--to', url]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('Созданы роли');
  });
});

describe('PostgreSQL: the CA certificate from PGSSLROOTCERT', () => {
  it('goes into the URL when TLS is asked for and the URL names none', () => {
    const env = { PGSSLROOTCERT: '/etc/gasp/ca.crt' };
    expect(libpqUrl('postgres://a@h/gasp?sslmode=verify-full', env)).toBe('postgres://a@h/gasp?sslmode=verify-full&sslrootcert=%2Fetc%2Fgasp%2Fca.crt');
    expect(libpqUrl('postgres://a@h/gasp', { ...env, PGSSLMODE: 'verify-full' })).toBe('postgres://a@h/gasp?sslmode=verify-full&sslrootcert=%2Fetc%2Fgasp%2Fca.crt');
    expect(libpqUrl('postgres://a@h/gasp?sslmode=verify-full&sslrootcert=/x.crt', env)).toBe('postgres://a@h/gasp?sslmode=verify-full&sslrootcert=/x.crt');
    expect(libpqUrl('postgres://a@h/gasp', env)).toBe('postgres://a@h/gasp');
    expect(libpqUrl('postgres://a@h/gasp?sslmode=disable', env)).toBe('postgres://a@h/gasp?sslmode=disable');
    expect(libpqUrl('postgres://a@h/gasp?sslmode=verify-full', {})).toBe('postgres://a@h/gasp?sslmode=verify-full');
  });

  it("reads require, verify-ca and prefer as libpq does (PGSSLMODE too), not as the driver's verify-full", () => {
    expect(libpqUrl('postgres://a@h/gasp?sslmode=require', {})).toBe('postgres://a@h/gasp?sslmode=require&uselibpqcompat=true');
    expect(libpqUrl('postgres://a@h/gasp', { PGSSLMODE: 'verify-ca', PGSSLROOTCERT: '/ca.crt' })).toBe('postgres://a@h/gasp?sslmode=verify-ca&sslrootcert=%2Fca.crt&uselibpqcompat=true');
    expect(libpqUrl('postgres://a@h/gasp', { PGSSLMODE: 'disable' })).toBe('postgres://a@h/gasp?sslmode=disable');
    expect(libpqUrl('postgres://a@h/gasp?sslmode=prefer&uselibpqcompat=false', {})).toBe('postgres://a@h/gasp?sslmode=prefer&uselibpqcompat=false');
  });
});
