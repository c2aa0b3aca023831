// Staff accounts.
import type { Db } from './db.js';
import type { Insertable, Selectable } from 'kysely';
import type { StaffTable } from './schema.js';

export type StaffRow = Selectable<StaffTable>;

export async function getStaff(db: Db, login: string): Promise<StaffRow | undefined> {
  return db.selectFrom('staff').selectAll().where('login', '=', login).executeTakeFirst();
}

export async function getStaffByOsUser(db: Db, osUser: string): Promise<StaffRow | undefined> {
  return db.selectFrom('staff').selectAll().where('os_user', '=', osUser).executeTakeFirst();
}

export async function countStaff(db: Db): Promise<number> {
  const r = await db.selectFrom('staff').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listStaff(db: Db): Promise<StaffRow[]> {
  return db.selectFrom('staff').selectAll().orderBy('office').orderBy('role').orderBy('login').execute();
}

export async function insertStaff(db: Db, row: Insertable<StaffTable>): Promise<void> {
  await db.insertInto('staff').values(row).execute();
}

export async function setStaffDisabled(db: Db, login: string, disabled: boolean): Promise<void> {
  await db.updateTable('staff').set({ disabled: disabled ? 1 : 0 }).where('login', '=', login).execute();
}
