// Who the database itself says is connected, and the login roles of staff members. On
// PostgreSQL each member logs in as a role of the same name, a member of the group `gasp_staff`
// (migration 010 gives the group its privileges and the row-level security that keeps each
// member to their office); on SQLite there are no roles and every function here does nothing.
// Nothing above src/store knows which engine answers.
import { crypto } from '../builtins.js';
import { sql } from 'kysely';
import { GaspError } from '../errors.js';
import type { Db } from './db.js';
import { engineOf } from './engine.js';

/** The group every member's login role belongs to (cluster-wide, like every role). */
export const STAFF_GROUP = 'gasp_staff';

/** A role's name as an identifier in a statement. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The role the session logged in as (PostgreSQL's session_user); undefined on SQLite, which
 * has no roles. */
export async function sessionLogin(db: Db): Promise<string | undefined> {
  if (engineOf(db) !== 'postgres') return undefined;
  const r = await sql<{ name: string }>`select session_user as name`.execute(db);
  return r.rows[0]!.name;
}

/** The server's major version when it is older than 16, where a role that may create roles may
 * also grant itself any role but a superuser's (the owner's, pg_execute_server_program);
 * undefined on 16 and newer, and on SQLite. */
export async function createRoleUnbounded(db: Db): Promise<number | undefined> {
  if (engineOf(db) !== 'postgres') return undefined;
  const r = await sql<{ v: number }>`select current_setting('server_version_num')::int as v`.execute(db);
  const v = Number(r.rows[0]!.v);
  return v < 160000 ? Math.floor(v / 10000) : undefined;
}

/** Whether the role owns the database (the role for init, upgrades, migrate and pg_dump). */
export async function ownsDatabase(db: Db, role: string): Promise<boolean> {
  const r = await sql<{ owner: string }>`select pg_get_userbyid(datdba) as owner from pg_database where datname = current_database()`.execute(db);
  return r.rows[0]?.owner === role;
}

export interface LoginRole {
  exists: boolean;
  canLogin: boolean;
  /** A member of gasp_staff. */
  inGroup: boolean;
  /** ...who may add others to it. */
  groupAdmin: boolean;
}

/** The login role of that name as the server knows it; undefined on SQLite. */
export async function loginRole(db: Db, login: string): Promise<LoginRole | undefined> {
  if (engineOf(db) !== 'postgres') return undefined;
  const r = await sql<{ login: boolean; member: boolean; admin: boolean }>`
    select r.rolcanlogin as login,
      exists (select 1 from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid and g.rolname = ${STAFF_GROUP}) as member,
      exists (select 1 from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid and g.rolname = ${STAFF_GROUP} and m.admin_option) as admin
    from pg_roles r where r.rolname = ${login}`.execute(db);
  const row = r.rows[0];
  return { exists: Boolean(row), canLogin: Boolean(row?.login), inGroup: Boolean(row?.member), groupAdmin: Boolean(row?.admin) };
}

/** Whether the session's own role may create roles (CREATEROLE, or a superuser). */
async function mayCreateRoles(db: Db): Promise<boolean> {
  const r = await sql<{ may: boolean }>`select rolcreaterole or rolsuper as may from pg_roles where rolname = current_user`.execute(db);
  return Boolean(r.rows[0]?.may);
}

/** The server's refusal of a statement about roles, as one sentence naming the member. */
function roleRefusal(e: unknown, login: string): never {
  const code = (e as { code?: string }).code;
  if (code === '42501') throw new GaspError('staff.roleNoPrivilege', { login, reason: (e as Error).message });
  throw e;
}

/** Runs one statement about roles in a savepoint: another gasp creating the same role or
 * membership at the same moment (roles are the whole cluster's) is not a failure. */
async function tolerant(tx: Db, statement: string, login: string): Promise<'done' | 'raced'> {
  await sql`savepoint gasp_role`.execute(tx);
  try {
    await sql.raw(statement).execute(tx);
    await sql`release savepoint gasp_role`.execute(tx);
    return 'done';
  } catch (e) {
    await sql`rollback to savepoint gasp_role`.execute(tx);
    const code = (e as { code?: string }).code;
    // duplicate_object, unique_violation, "tuple concurrently updated"
    if (code === '42710' || code === '23505' || code === 'XX000') return 'raced';
    roleRefusal(e, login);
  }
}

/** A salted SCRAM-SHA-256 verifier of a password, as PostgreSQL stores it: the server is never
 * sent the password itself (nor does its log ever show it). */
export function scramVerifier(password: string, iterations = 4096): string {
  const c = crypto();
  const salt = c.randomBytes(16);
  const salted = c.pbkdf2Sync(saslPrep(password), salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string) => c.createHmac('sha256', key).update(text).digest();
  const stored = c.createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const server = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${stored.toString('base64')}:${server.toString('base64')}`;
}

/** SASLprep's mappings (RFC 4013) as libpq and pg apply them to a password before hashing: other
 * spaces to a space, the characters mapped to nothing removed, then NFKC. */
function saslPrep(password: string): string {
  return password
    .replace(/[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g, ' ')
    .replace(/[\u00AD\u034F\u1806\u180B\u180C\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g, '')
    .normalize('NFKC');
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Makes sure a member has a login role in gasp_staff, inside the caller's transaction: a new
 * role is created (with the password's verifier, if one is given; an admin's may create roles,
 * so that they can add staff), an existing one is taken over as it is and only joined to the
 * group. An admin's membership carries the admin option (they add members to the group). Says
 * whether the role was created; undefined on SQLite. Refuses in one sentence when the session's
 * role may not create roles. */
export async function ensureMemberRole(tx: Db, login: string, opts: { admin: boolean; password?: string }): Promise<'created' | 'existing' | undefined> {
  const role = await loginRole(tx, login);
  if (!role) return undefined;
  const joined = (r: LoginRole) => r.inGroup && (r.groupAdmin || !opts.admin);
  if (role.exists && joined(role)) return 'existing';
  if (!(await mayCreateRoles(tx)) && !role.exists) {
    const me = await sql<{ name: string }>`select current_user as name`.execute(tx);
    throw new GaspError('staff.roleCannotCreate', { login, role: me.rows[0]!.name });
  }
  let made: 'created' | 'existing' = 'existing';
  if (!role.exists) {
    const password = opts.password === undefined ? '' : ` password ${literal(scramVerifier(opts.password))}`;
    const attrs = opts.admin ? ' createrole' : '';
    if ((await tolerant(tx, `create role ${quoteIdent(login)} login${attrs}${password}`, login)) === 'done') made = 'created';
  }
  if (made === 'created' || !joined((await loginRole(tx, login))!)) {
    await tolerant(tx, `grant ${STAFF_GROUP} to ${quoteIdent(login)}${opts.admin ? ' with admin option' : ''}`, login);
  }
  return made;
}

/** Lets a member's role log in, or not (a disabled member); nothing on SQLite or for a member
 * without a role. */
export async function setRoleLogin(tx: Db, login: string, canLogin: boolean): Promise<void> {
  const role = await loginRole(tx, login);
  if (!role?.exists || role.canLogin === canLogin) return;
  try {
    await sql.raw(`alter role ${quoteIdent(login)} ${canLogin ? 'login' : 'nologin'}`).execute(tx);
  } catch (e) {
    roleRefusal(e, login);
  }
}

/** Sets the password of a member's login role (its SCRAM verifier only). */
export async function setRolePassword(tx: Db, login: string, password: string): Promise<void> {
  const role = await loginRole(tx, login);
  if (!role?.exists) throw new GaspError('staff.noRole', { login });
  try {
    await sql.raw(`alter role ${quoteIdent(login)} password ${literal(scramVerifier(password))}`).execute(tx);
  } catch (e) {
    roleRefusal(e, login);
  }
}
