// Staff accounts and the actor a command runs as.
import { GaspError } from '../errors.js';
import { type Role, ROLES, isRole } from '../domain/procedure.js';
import type { Db } from '../store/db.js';
import { type StaffRow, countStaff, getStaff, getStaffByOsUser, insertStaff, listStaff } from '../store/staff.js';
import { writeTransaction } from '../store/tx.js';
import { checkOptionalText, checkText } from '../domain/text.js';
import { requireAkimat, requireOffice } from './directory.js';

export type { StaffRow };
export interface Actor extends StaffRow {
  role: Role;
}

/** A login: lower-case Latin letters, digits and . _ - after a letter, 2 to 32 characters. */
export const LOGIN = /^[a-z][a-z0-9._-]{1,31}$/;

/** Who runs the command: --as / GASP_USER, else the staff member with this OS user. */
export async function resolveActor(db: Db, login: string | undefined, osUser: string): Promise<Actor> {
  const staff = login ? await getStaff(db, login) : await getStaffByOsUser(db, osUser);
  if (!staff) {
    if (login) throw new GaspError('actor.unknown', { login });
    if ((await countStaff(db)) === 0) throw new GaspError('actor.noStaff', {});
    throw new GaspError('actor.none', { osUser });
  }
  if (staff.disabled) throw new GaspError('actor.disabled', { login: staff.login });
  return staff as Actor;
}

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

async function validateNewStaff(db: Db, s: NewStaff): Promise<Omit<StaffRow, 'disabled'>> {
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
  return { login: s.login, name, role: s.role, office, akimat, os_user: s.osUser ?? null, created_at: '' };
}

/** The first administrator of an empty database. */
export async function createFirstAdmin(db: Db, s: Omit<NewStaff, 'role'>, now: Date): Promise<StaffRow> {
  return writeTransaction(db, async (tx) => {
    if ((await countStaff(tx)) > 0) throw new GaspError('init.hasStaff', { login: s.login });
    const row = { ...(await validateNewStaff(tx, { ...s, role: 'admin' })), created_at: now.toISOString() };
    await insertStaff(tx, row);
    return { ...row, disabled: 0 };
  });
}

export async function addStaff(db: Db, actor: Actor, s: NewStaff, now: Date): Promise<StaffRow> {
  requireRole(actor, ['admin'], 'staff add');
  return writeTransaction(db, async (tx) => {
    const row = { ...(await validateNewStaff(tx, s)), created_at: now.toISOString() };
    await insertStaff(tx, row);
    return { ...row, disabled: 0 };
  });
}

export async function staffList(db: Db, actor: Actor): Promise<StaffRow[]> {
  requireRole(actor, ['admin'], 'staff list');
  return listStaff(db);
}
