// Step 3's records: a case's family and incomes, the poverty lines an admin sets, and the cases
// granted to a family's members (once a quarter).
import { DECIDED_STATES } from '../domain/procedure.js';
import { sql } from 'kysely';
import { engineOf } from './engine.js';
import type { Db } from './db.js';
import type { FamilyMemberTable, IncomeLineTable, PovertyLineTable } from './schema.js';

export async function familyOf(db: Db, caseId: number): Promise<FamilyMemberTable[]> {
  return db.selectFrom('family_members').selectAll().where('case_id', '=', caseId).orderBy('added_at').orderBy('iin').execute();
}

export async function insertFamilyMember(tx: Db, row: FamilyMemberTable): Promise<void> {
  await tx.insertInto('family_members').values(row).execute();
}

export async function setMemberEmployment(tx: Db, caseId: number, iin: string, employment: string | null, exemptReason: string | null): Promise<void> {
  await tx.updateTable('family_members').set({ employment, exempt_reason: exemptReason }).where('case_id', '=', caseId).where('iin', '=', iin).execute();
}

/** Removes a member and the member's income lines. */
export async function deleteFamilyMember(tx: Db, caseId: number, iin: string): Promise<void> {
  await tx.deleteFrom('income_lines').where('case_id', '=', caseId).where('iin', '=', iin).execute();
  await tx.deleteFrom('family_members').where('case_id', '=', caseId).where('iin', '=', iin).execute();
}

/** A member's income lines follow a corrected ИИН; how many moved. */
export async function moveIncomes(tx: Db, caseId: number, from: string, to: string): Promise<number> {
  const r = await tx.updateTable('income_lines').set({ iin: to }).where('case_id', '=', caseId).where('iin', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function incomesOf(db: Db, caseId: number): Promise<IncomeLineTable[]> {
  return db.selectFrom('income_lines').selectAll().where('case_id', '=', caseId).orderBy('no').execute();
}

/** The next line number of a case: one past the highest it holds. Read inside the write transaction. */
export async function nextIncomeNo(tx: Db, caseId: number): Promise<number> {
  const row = await tx.selectFrom('income_lines').select((eb) => eb.fn.max('no').as('no')).where('case_id', '=', caseId).executeTakeFirst();
  return Number(row?.no ?? 0) + 1;
}

export async function insertIncomes(tx: Db, rows: IncomeLineTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await tx.insertInto('income_lines').values(rows.slice(i, i + 200)).execute();
}

export async function deleteIncome(tx: Db, caseId: number, no: number): Promise<void> {
  await tx.deleteFrom('income_lines').where('case_id', '=', caseId).where('no', '=', no).execute();
}

export async function povertyLineOf(db: Db, region: string, year: number, quarter: number): Promise<PovertyLineTable | undefined> {
  return db.selectFrom('poverty_lines').selectAll().where('region', '=', region).where('year', '=', year).where('quarter', '=', quarter).executeTakeFirst();
}

export async function listPovertyLines(db: Db): Promise<PovertyLineTable[]> {
  return db.selectFrom('poverty_lines').selectAll().orderBy('region').orderBy('year').orderBy('quarter').execute();
}

export async function upsertPovertyLine(tx: Db, row: PovertyLineTable): Promise<void> {
  const { region: _r, year: _y, quarter: _q, ...rest } = row;
  await tx
    .insertInto('poverty_lines')
    .values(row)
    .onConflict((oc) => oc.columns(['region', 'year', 'quarter']).doUpdateSet(rest))
    .execute();
}

export interface GrantedCase {
  iin: string;
  regno: string;
  office: number;
  received_at: string;
}

/** Signed grants, in any office of the database, whose applicant or family member has one of
 * these ИИН, other than the case `except`: only their number, office and receipt (on PostgreSQL
 * through the owner's function, as registration's check of the same ИИН, which row-level
 * security would otherwise narrow to the member's office). */
export async function grantsOfFamily(db: Db, iins: string[], except: number): Promise<GrantedCase[]> {
  if (!iins.length) return [];
  if (engineOf(db) === 'postgres') {
    return (await sql<GrantedCase>`select iin, regno, office, received_at from gasp_grants_of_family(${iins}::text[], ${[...DECIDED_STATES]}::text[], ${except}::integer)`.execute(db)).rows;
  }
  const applicants = db
    .selectFrom('cases')
    .select(['iin', 'regno', 'office', 'received_at'])
    .where('iin', 'in', iins)
    .where('decision', '=', 'grant')
    .where('state', 'in', DECIDED_STATES)
    .where('id', '<>', except);
  const members = db
    .selectFrom('family_members as f')
    .innerJoin('cases as c', 'c.id', 'f.case_id')
    .select(['f.iin', 'c.regno', 'c.office', 'c.received_at'])
    .where('f.iin', 'in', iins)
    .where('c.decision', '=', 'grant')
    .where('c.state', 'in', DECIDED_STATES)
    .where('c.id', '<>', except);
  return [...(await applicants.execute()), ...(await members.execute())];
}
