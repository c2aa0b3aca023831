// Who acts: the database's authentication mode decides. `os`: the staff member linked to the
// operating-system account; `password`: --as LOGIN and that member's password; `trust`: --as is
// believed (demos, tests, a single-user install). Outside `trust` nobody, an admin included,
// acts as another member.
//
// On PostgreSQL `os` and `password` both mean the same: the member is the one whose login is the
// session's role (session_user). The server has already authenticated that role as the oblast's
// pg_hba.conf decides (password, certificate, peer), so gasp keeps no password of its own there:
// a member's password is their login role's, and `gasp passwd` changes that. `trust` on
// PostgreSQL believes --as and GASP_NOW as on SQLite (a database connected as its owner: tests,
// demos).
import { crypto } from '../builtins.js';
import { GaspError } from '../errors.js';
import { formatLocalPlain } from '../domain/time.js';
import type { Db } from '../store/db.js';
import { appendEvent } from '../store/history.js';
import { type StaffRow, countStaff, getStaff, getStaffByOsUser, listStaff } from '../store/staff.js';
import { ensureMemberRole, ownsDatabase, sessionLogin, setRolePassword } from '../store/roles.js';
import { writeTransaction } from '../store/tx.js';
import type { Actor } from './staff.js';

export const AUTH_MODES = ['os', 'password', 'trust'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export function isAuthMode(v: string): v is AuthMode {
  return (AUTH_MODES as readonly string[]).includes(v);
}

/** Five wrong passwords in a row lock the account for fifteen minutes. */
export const MAX_TRIES = 5;
export const LOCK_MINUTES = 15;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

const scrypt = (pw: string, salt: Buffer, len: number, opts: object) =>
  new Promise<Buffer>((resolve, reject) => crypto().scrypt(pw, salt, len, opts, (e, key) => (e ? reject(e) : resolve(key))));
// About a tenth of a second per try: cheap for a clerk once per command, slow for a guesser.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto().randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const got = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return got.length === expected.length && crypto().timingSafeEqual(got, expected);
}

export async function getAuthMode(db: Db): Promise<AuthMode> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'auth_mode').executeTakeFirst();
  const mode = row?.value ?? 'trust';
  return isAuthMode(mode) ? mode : 'os';
}

/** How the command names its actor and, in `password` mode, gets the password. */
export interface Credentials {
  /** --as or GASP_USER. */
  login: string | undefined;
  /** The operating-system account running gasp. */
  osUser: string;
  /** Asks on a terminal or reads GASP_PASSWORD; undefined when neither is possible. */
  password: (login: string) => Promise<string | undefined>;
  /** The real clock (locks are never dated by GASP_NOW). */
  now: Date;
}

/** Whether members log in as database roles of their own: a database with roles (PostgreSQL)
 * outside `trust`. */

export async function rolesManaged(db: Db, mode?: AuthMode): Promise<boolean> {
  return (mode ?? (await getAuthMode(db))) !== 'trust' && (await sessionLogin(db)) !== undefined;
}

export async function resolveActor(db: Db, mode: AuthMode, cred: Credentials): Promise<Actor> {
  let staff: StaffRow | undefined;
  const role = mode === 'trust' ? undefined : await sessionLogin(db);
  if (role !== undefined) {
    // The server has checked who logged in: the member is that role's, and --as can only agree.
    if (cred.login && cred.login !== role) throw new GaspError('auth.roleNotYou', { login: cred.login, role });
    staff = await getStaff(db, role);
    if (!staff) {
      if ((await countStaff(db)) === 0) throw new GaspError('actor.noStaff', {});
      // The owner is kept out of daily work (it bypasses row-level security), not made a member.
      if (await ownsDatabase(db, role)) throw new GaspError('auth.ownerNotStaff', { role });
      throw new GaspError('auth.roleUnlinked', { role });
    }
  } else if (mode === 'os') {
    staff = await getStaffByOsUser(db, cred.osUser);
    if (staff && cred.login && staff.login !== cred.login) {
      throw new GaspError('auth.osNotYou', { login: cred.login, osUser: cred.osUser, self: staff?.login ?? '—' });
    }
    if (!staff) {
      if ((await countStaff(db)) === 0) throw new GaspError('actor.noStaff', {});
      throw new GaspError('auth.osUnlinked', { osUser: cred.osUser });
    }
  } else if (mode === 'password') {
    if (!cred.login) throw new GaspError('auth.loginRequired', {});
    staff = await getStaff(db, cred.login);
    if (!staff) throw new GaspError('actor.unknown', { login: cred.login });
    if (staff.disabled) throw new GaspError('actor.disabled', { login: staff.login });
    await checkPassword(db, staff, cred);
  } else {
    staff = cred.login ? await getStaff(db, cred.login) : await getStaffByOsUser(db, cred.osUser);
    if (!staff) {
      if (cred.login) throw new GaspError('actor.unknown', { login: cred.login });
      if ((await countStaff(db)) === 0) throw new GaspError('actor.noStaff', {});
      throw new GaspError('actor.none', { osUser: cred.osUser });
    }
  }
  if (staff.disabled) throw new GaspError('actor.disabled', { login: staff.login });
  return staff as Actor;
}

async function checkPassword(db: Db, staff: StaffRow, cred: Credentials): Promise<void> {
  if (staff.locked_until && new Date(staff.locked_until).getTime() > cred.now.getTime()) {
    throw new GaspError('auth.locked', { login: staff.login, until: formatLocalPlain(new Date(staff.locked_until)) });
  }
  if (!staff.password_hash) throw new GaspError('auth.noPassword', { login: staff.login });
  const password = await cred.password(staff.login);
  if (password === undefined) throw new GaspError('auth.passwordRequired', { login: staff.login });
  if (await verifyPassword(password, staff.password_hash)) {
    if (staff.failed_logins || staff.locked_until) {
      await writeTransaction(db, (tx) => tx.updateTable('staff').set({ failed_logins: 0, locked_until: null }).where('login', '=', staff.login).execute());
    }
    return;
  }
  // A wrong password is remembered even though the command fails: the count must survive it.
  const locked = await writeTransaction(db, async (tx) => {
    const row = await getStaff(tx, staff.login);
    const tries = (row?.failed_logins ?? 0) + 1;
    if (tries < MAX_TRIES) {
      await tx.updateTable('staff').set({ failed_logins: tries }).where('login', '=', staff.login).execute();
      return { tries, until: null };
    }
    const until = new Date(cred.now.getTime() + LOCK_MINUTES * 60_000).toISOString();
    await tx.updateTable('staff').set({ failed_logins: 0, locked_until: until }).where('login', '=', staff.login).execute();
    await appendEvent(tx, {
      case_id: null,
      office: staff.office ?? 0,
      step: 'lock',
      actor: staff.login,
      at: cred.now.toISOString(),
      details: { login: staff.login, tries, until },
    });
    return { tries, until };
  });
  if (locked.until) throw new GaspError('auth.lockedNow', { login: staff.login, tries: MAX_TRIES, minutes: LOCK_MINUTES });
  throw new GaspError('auth.wrongPassword', { login: staff.login, left: MAX_TRIES - locked.tries });
}

/** A password a member may choose: long enough, and plain text. */
export function validatePassword(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) throw new GaspError('auth.passwordLength', { min: PASSWORD_MIN, max: PASSWORD_MAX });
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(password)) throw new GaspError('auth.passwordChars', {});
}

/** `gasp passwd [LOGIN]`: one's own password, or (an admin) another member's; clears a lock. */
export async function setPassword(db: Db, actor: Actor, login: string, password: string, now: Date): Promise<StaffRow> {
  if (login !== actor.login && actor.role !== 'admin') {
    throw new GaspError('perm.role', { login: actor.login, role: actor.role, action: 'passwd', roles: 'admin' });
  }
  validatePassword(password);
  // A member's login role holds the password where there are roles; gasp's own hash elsewhere.
  const managed = await rolesManaged(db);
  const hash = managed ? null : await hashPassword(password);
  return writeTransaction(db, async (tx) => {
    const s = await getStaff(tx, login);
    if (!s) throw new GaspError('staff.unknown', { login });
    if (managed) await setRolePassword(tx, login, password);
    else await tx.updateTable('staff').set({ password_hash: hash, failed_logins: 0, locked_until: null }).where('login', '=', login).execute();
    await appendEvent(tx, {
      case_id: null,
      office: s.office ?? 0,
      step: 'passwd',
      actor: actor.login,
      at: now.toISOString(),
      details: { login, reset: login !== actor.login },
    });
    return s;
  });
}

/** `gasp auth set MODE` (admin). The admin must keep a way in: a password for `password`, the
 * current OS account linked for `os`; where members log in as database roles, a login role for
 * every enabled member (made now when missing). */
export async function setAuthMode(db: Db, actor: Actor, mode: string, osUser: string, now: Date): Promise<{ from: AuthMode; to: AuthMode; rolesCreated: string[] }> {
  if (actor.role !== 'admin') throw new GaspError('perm.role', { login: actor.login, role: actor.role, action: 'auth set', roles: 'admin' });
  if (!isAuthMode(mode)) throw new GaspError('auth.mode', { value: mode, accepted: AUTH_MODES.join(', ') });
  return writeTransaction(db, async (tx) => {
    const from = await getAuthMode(tx);
    if (mode === from) throw new GaspError('auth.same', { mode });
    // Back to `trust` would let an admin act as anyone and date it at will: a database that has
    // once checked who acts never stops.
    if (mode === 'trust') throw new GaspError('auth.noTrust', { mode: from });
    const rolesCreated: string[] = [];
    if ((await sessionLogin(tx)) !== undefined) {
      // Where members log in as roles, each enabled member gets one now (without a password:
      // peer or certificate authentication, or `gasp passwd`), or keeps the one of their name.
      for (const s of await listStaff(tx)) {
        if (!s.disabled && (await ensureMemberRole(tx, s.login, { admin: s.role === 'admin' })) === 'created') rolesCreated.push(s.login);
      }
    } else {
      const me = await getStaff(tx, actor.login);
      if (mode === 'password' && !me?.password_hash) throw new GaspError('auth.needPassword', { login: actor.login });
      if (mode === 'os' && me?.os_user !== osUser) throw new GaspError('auth.needOsUser', { login: actor.login, osUser });
    }
    await writeSetting(tx, 'auth_mode', mode);
    await appendEvent(tx, { case_id: null, office: actor.office ?? 0, step: 'auth', actor: actor.login, at: now.toISOString(), details: { from, to: mode } });
    return { from, to: mode, rolesCreated };
  });
}

export async function writeSetting(tx: Db, key: string, value: string): Promise<void> {
  await tx
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
