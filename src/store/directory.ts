// Queries over the directory of offices (Appendix 1) and akimats (Appendix 2).
import { sql } from 'kysely';
import type { Db } from './db.js';
import type { AkimatTable, OfficeTable } from './schema.js';

export type OfficeRow = Omit<OfficeTable, 'search_key'>;
export type AkimatRow = Omit<AkimatTable, 'search_key'>;

const officeColumns = ['no', 'name', 'district', 'address', 'email', 'phone', 'schedule'] as const;
const akimatColumns = ['code', 'office', 'no', 'name', 'address', 'website', 'email', 'phone', 'schedule'] as const;

function likePattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listOffices(db: Db, needle?: string): Promise<OfficeRow[]> {
  let q = db.selectFrom('offices').select(officeColumns).orderBy('no');
  if (needle) q = q.where(sql<boolean>`search_key like ${likePattern(needle)} escape '\\'`);
  return q.execute();
}

export async function getOffice(db: Db, no: number): Promise<OfficeRow | undefined> {
  return db.selectFrom('offices').select(officeColumns).where('no', '=', no).executeTakeFirst();
}

export async function countOffices(db: Db): Promise<number> {
  const r = await db.selectFrom('offices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listAkimats(db: Db, filter: { needle?: string; office?: number }): Promise<AkimatRow[]> {
  let q = db.selectFrom('akimats').select(akimatColumns).orderBy('office').orderBy('no');
  if (filter.office !== undefined) q = q.where('office', '=', filter.office);
  if (filter.needle) q = q.where(sql<boolean>`search_key like ${likePattern(filter.needle)} escape '\\'`);
  return q.execute();
}

export async function getAkimat(db: Db, code: string): Promise<AkimatRow | undefined> {
  return db.selectFrom('akimats').select(akimatColumns).where('code', '=', code).executeTakeFirst();
}

export async function countAkimats(db: Db, office?: number): Promise<number> {
  let q = db.selectFrom('akimats').select((eb) => eb.fn.countAll<number>().as('n'));
  if (office !== undefined) q = q.where('office', '=', office);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Adds the records that are not there yet; never overwrites what an office has. */
export async function insertDirectory(db: Db, offices: OfficeTable[], akimats: AkimatTable[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const o of offices) await tx.insertInto('offices').values(o).onConflict((oc) => oc.column('no').doNothing()).execute();
    for (const a of akimats) await tx.insertInto('akimats').values(a).onConflict((oc) => oc.column('code').doNothing()).execute();
  });
}
