// Staff accounts and the actor a command runs as.
import { GaspError } from '../errors.js';
import { type Role, ROLES, isRole } from '../domain/procedure.js';
import type { Db } from '../store/db.js';
import { type StaffRow, countStaff, getStaff, getStaffByOsUser, insertStaff, listStaff } from '../store/staff.js';
import { appendEvent } from '../store/history.js';
import type { Insertable } from 'kysely';
import type { StaffTable } from '../store/schema.js';
import { writeTransaction } from '../store/tx.js';
import { checkOptionalText, checkText } from '../domain/text.js';
import { requireAkimat, requireOffice } from './directory.js';
import { type LoginRole, ensureMemberRole, loginRole } from '../store/roles.js';
import { rolesManaged } from './auth.js';

export type { StaffRow };
export interface Actor extends StaffRow {
  role: Role;
}

/** A login: lower-case Latin letters, digits and . _ - after a letter, 2 to 32 characters. */
export const LOGIN = /^[a-z][a-z0-9._-]{1,31}$/;

export function requireRole(actor: Actor, roles: readonly Role[], action: string): void {
  if (!roles.includes(actor.role)) {
    throw new GaspError('perm.role', { login: actor.login, role: actor.role, action, roles: roles.join(', ') });
  }
}

export interface NewStaff {
  login: string;
  name: string;
  role: string;
  office?: string;
  akimat?: string;
  osUser?: string;
  /** A salted hash made by the auth service, for a `password` database. */
  passwordHash?: string;
  /** Where members log in as database roles: the password a new login role is given (none:
   * peer or certificate authentication). */
  rolePassword?: string;
}

/** A new member, and (where members log in as database roles) whether their login role was
 * created now or an existing one of that name was taken over. */
export type AddedStaff = StaffRow & { loginRole?: 'created' | 'existing' };

/** The member's login role as the server knows it, where members log in as database roles
 * (PostgreSQL outside `trust`); undefined elsewhere. */
export async function memberLoginRole(db: Db, login: string): Promise<LoginRole | undefined> {
  return (await rolesManaged(db)) ? loginRole(db, login) : undefined;
}

/** Gives a member their login role in the staff group, in the transaction that adds them. */
async function withLoginRole(tx: Db, row: StaffRow, password: string | undefined): Promise<AddedStaff> {
  if (!(await rolesManaged(tx))) return row;
  const made = await ensureMemberRole(tx, row.login, { admin: row.role === 'admin', password });
  return { ...row, loginRole: made };
}

/** What can be checked of a new account without the database: the login, the name (letters,
 * no control characters) and the OS user's text. */
export function checkStaffText(s: Pick<NewStaff, 'login' | 'name' | 'osUser'>): string {
  if (!LOGIN.test(s.login)) throw new GaspError('staff.login', { value: s.login });
  const name = checkText(s.name, 'staffName', 'name').trim();
  if (!name) throw new GaspError('staff.name', {});
  if (!/\p{L}/u.test(name)) throw new GaspError('staff.nameLetters', { value: s.name });
  checkOptionalText(s.osUser, 'osUser', 'name');
  return name;
}

async function validateNewStaff(db: Db, s: NewStaff): Promise<Insertable<StaffTable> & { office: number | null; akimat: string | null; os_user: string | null }> {
  const name = checkStaffText(s);
  if (await getStaff(db, s.login)) throw new GaspError('staff.exists', { login: s.login });
  if (!isRole(s.role)) throw new GaspError('staff.role', { value: s.role, acceptedRoles: ROLES.join(', ') });
  let office: number | null = null;
  let akimat: string | null = null;
  if (s.role === 'akimat') {
    if (!s.akimat) throw new GaspError('staff.akimatRequired', { login: s.login });
    const a = await requireAkimat(db, s.akimat);
    akimat = a.code;
    office = a.office;
  } else {
    if (s.akimat) throw new GaspError('staff.akimatOnly', { value: s.akimat, role: s.role });
    if (s.office) office = (await requireOffice(db, s.office)).no;
    else if (s.role !== 'admin') throw new GaspError('staff.officeRequired', { login: s.login, role: s.role });
  }
  if (s.osUser && (await getStaffByOsUser(db, s.osUser))) throw new GaspError('staff.osUserTaken', { value: s.osUser });
  return { login: s.login, name, role: s.role, office, akimat, os_user: s.osUser ?? null, created_at: '', password_hash: s.passwordHash ?? null };
}

/** The first administrator of an empty database. */
export async function createFirstAdmin(db: Db, s: Omit<NewStaff, 'role'>, now: Date): Promise<AddedStaff> {
  return writeTransaction(db, async (tx) => {
    if ((await countStaff(tx)) > 0) throw new GaspError('init.hasStaff', { login: s.login });
    const row = { ...(await validateNewStaff(tx, { ...s, role: 'admin' })), created_at: now.toISOString() };
    await insertStaff(tx, row);
    await staffEvent(tx, row.login, { office: row.office }, 'add', row, now);
    return withLoginRole(tx, fullRow(row), s.rolePassword);
  });
}

export async function addStaff(db: Db, actor: Actor, s: NewStaff, now: Date): Promise<AddedStaff> {
  requireRole(actor, ['admin'], 'staff add');
  return writeTransaction(db, async (tx) => {
    const row = { ...(await validateNewStaff(tx, s)), created_at: now.toISOString() };
    await insertStaff(tx, row);
    await staffEvent(tx, actor.login, actor, 'add', row, now);
    return withLoginRole(tx, fullRow(row), s.rolePassword);
  });
}

export async function staffList(db: Db, actor: Actor): Promise<StaffRow[]> {
  requireRole(actor, ['admin'], 'staff list');
  return listStaff(db);
}

function fullRow(row: Insertable<StaffTable> & { office: number | null; akimat: string | null; os_user: string | null }): StaffRow {
  return { ...row, disabled: 0, password_hash: row.password_hash ?? null, failed_logins: 0, locked_until: null };
}

/** A change of the staff list is history too: who added, disabled, enabled or linked whom. */
export async function staffEvent(
  tx: Db,
  by: string,
  byWhere: { office: number | null },
  action: 'add' | 'disable' | 'enable' | 'link',
  member: { login: string; role: string; office: number | null; akimat?: string | null; os_user?: string | null },
  now: Date,
): Promise<void> {
  await appendEvent(tx, {
    case_id: null,
    office: byWhere.office ?? 0,
    step: 'staff',
    actor: by,
    at: now.toISOString(),
    details: { action, login: member.login, role: member.role, office: member.office, akimat: member.akimat ?? null, os_user: member.os_user ?? null },
  });
}

/** Links a member to the OS account they log in with (what `os` mode goes by). */
export async function linkOsUser(db: Db, actor: Actor, login: string, osUser: string, now: Date): Promise<StaffRow> {
  requireRole(actor, ['admin'], 'staff link');
  checkText(osUser, 'osUser', 'name');
  return writeTransaction(db, async (tx) => {
    const s = await getStaff(tx, login);
    if (!s) throw new GaspError('staff.unknown', { login });
    const other = await getStaffByOsUser(tx, osUser);
    if (other && other.login !== login) throw new GaspError('staff.osUserTaken', { value: osUser });
    await tx.updateTable('staff').set({ os_user: osUser }).where('login', '=', login).execute();
    const row = { ...s, os_user: osUser };
    await staffEvent(tx, actor.login, actor, 'link', row, now);
    return row;
  });
}
