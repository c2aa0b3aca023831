// The database engine's own checks (SQLite pragmas; PostgreSQL will need its own here).
import { sql } from 'kysely';
import type { Db } from './db.js';

export async function integrityProblems(db: Db): Promise<string[]> {
  const r = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
  return r.rows.map((x) => x.integrity_check).filter((x) => x !== 'ok');
}

export async function foreignKeyProblems(db: Db): Promise<{ table: string; rowid: number; parent: string }[]> {
  const r = await sql<{ table: string; rowid: number; parent: string }>`pragma foreign_key_check`.execute(db);
  return r.rows;
}

export async function caseNumbers(db: Db): Promise<{ id: number; regno: string; office: number; year: number; seq: number }[]> {
  return db.selectFrom('cases').select(['id', 'regno', 'office', 'year', 'seq']).orderBy('office').orderBy('year').orderBy('seq').execute();
}

export async function orphanReferences(db: Db): Promise<{ regno: string; office: number; akimat: string | null; office_ok: number; akimat_ok: number }[]> {
  const r = await sql<{ regno: string; office: number; akimat: string | null; office_ok: number; akimat_ok: number }>`
    select c.regno, c.office, c.akimat,
      case when o.no is null then 0 else 1 end as office_ok,
      case when c.akimat is null or a.code is not null then 1 else 0 end as akimat_ok
    from cases c left join offices o on o.no = c.office left join akimats a on a.code = c.akimat
    where o.no is null or (c.akimat is not null and a.code is null)`.execute(db);
  return r.rows;
}
