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


/** The role that owns the database (the role for init, upgrades, migrate and pg_dump). */
async function databaseOwner(db: Db): Promise<string> {
  const r = await sql<{ owner: string }>`select pg_get_userbyid(datdba) as owner from pg_database where datname = current_database()`.execute(db);
  return r.rows[0]!.owner;
}

/** Whether the role owns the database. */
export async function ownsDatabase(db: Db, role: string): Promise<boolean> {
  return (await databaseOwner(db)) === role;
}

export interface LoginRole {
  exists: boolean;
  canLogin: boolean;
  /** A member of gasp_staff. */
  inGroup: boolean;
}

/** The login role of that name as the server knows it; undefined on SQLite. */
export async function loginRole(db: Db, login: string): Promise<LoginRole | undefined> {
  if (engineOf(db) !== 'postgres') return undefined;
  const r = await sql<{ login: boolean; member: boolean }>`
    select r.rolcanlogin as login,
      exists (select 1 from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid and g.rolname = ${STAFF_GROUP}) as member
    from pg_roles r where r.rolname = ${login}`.execute(db);
  const row = r.rows[0];
  return { exists: Boolean(row), canLogin: Boolean(row?.login), inGroup: Boolean(row?.member) };
}


/** The server's refusal of a statement about roles, as one sentence naming the member. */
function roleRefusal(e: unknown, login: string): never {
  const code = (e as { code?: string }).code;
  const message = (e as Error).message ?? '';
  // The owner's functions' own refusals (migration 012), then the server's.
  if (code === '42501' && /is not a plain login role|is not a member's login role/.test(message)) throw new GaspError('staff.roleNotPlain', { login });
  if (code === '42501' && /only an admin of this database/.test(message)) throw new GaspError('staff.roleNotAdmin', { login });
  if (code === '42501') throw new GaspError('staff.roleNoPrivilege', { login, reason: message });
  throw e;
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

/** Makes sure a member has a login role in gasp_staff, inside the caller's transaction, through
 * the owner's function (migration 012): a new role is created (with the password's verifier, if
 * one is given), an existing plain login role is taken over as it is and only joined to the
 * group. No member's role may create roles, an admin's included. Says whether the role was
 * created; undefined on SQLite. Refuses in one sentence when the owner may not create roles. */
export async function ensureMemberRole(tx: Db, login: string, opts: { admin: boolean; password?: string }): Promise<'created' | 'existing' | undefined> {
  const role = await loginRole(tx, login);
  if (!role) return undefined;
  if (role.exists && role.inGroup) return 'existing';
  if (!role.exists && !(await ownerMayCreateRoles(tx))) {
    throw new GaspError('staff.roleCannotCreate', { login, role: await databaseOwner(tx) });
  }
  const verifier = opts.password === undefined ? null : scramVerifier(opts.password);
  return memberCall(tx, login, async () => {
    const r = await sql<{ made: 'created' | 'existing' }>`select gasp_member_role(${login}, ${verifier}) as made`.execute(tx);
    return r.rows[0]!.made;
  });
}

/** Whether the database's owner, whose functions make the roles, may create roles. */
async function ownerMayCreateRoles(db: Db): Promise<boolean> {
  const r = await sql<{ may: boolean }>`select rolcreaterole or rolsuper as may from pg_roles
    where oid = (select datdba from pg_database where datname = current_database())`.execute(db);
  return Boolean(r.rows[0]?.may);
}

/** One of the owner's role functions, in a savepoint; its refusal as one sentence naming the
 * member. */
async function memberCall<T>(tx: Db, login: string, f: () => Promise<T>): Promise<T> {
  await sql`savepoint gasp_role`.execute(tx);
  try {
    const out = await f();
    await sql`release savepoint gasp_role`.execute(tx);
    return out;
  } catch (e) {
    await sql`rollback to savepoint gasp_role`.execute(tx);
    roleRefusal(e, login);
  }
}

/** Lets a member's role log in, or not (a disabled member); nothing on SQLite or for a member
 * without a role. */
export async function setRoleLogin(tx: Db, login: string, canLogin: boolean): Promise<void> {
  const role = await loginRole(tx, login);
  if (!role?.exists || role.canLogin === canLogin) return;
  await memberCall(tx, login, () => sql`select gasp_member_login(${login}, ${canLogin})`.execute(tx));
}

/** Sets the password of a member's login role (its SCRAM verifier only). */
export async function setRolePassword(tx: Db, login: string, password: string): Promise<void> {
  const role = await loginRole(tx, login);
  if (!role?.exists) throw new GaspError('staff.noRole', { login });
  await memberCall(tx, login, () => sql`select gasp_member_password(${login}, ${scramVerifier(password)})`.execute(tx));
}
