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

/** The append-only guards on the history: the triggers that refuse UPDATE and DELETE. */
export const HISTORY_GUARDS = ['events_no_update', 'events_no_delete'] as const;

export async function missingHistoryGuards(db: Db): Promise<string[]> {
  const r = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'events'`.execute(db);
  const present = new Set(r.rows.filter((t) => /raise\s*\(\s*abort/i.test(t.sql)).map((t) => t.name));
  return HISTORY_GUARDS.filter((g) => !present.has(g));
}

/** The whole history in the order it was written, for following each office's chain. */
export function streamChain(db: Db) {
  return db.selectFrom('events').select(['id', 'case_id', 'office', 'step', 'actor', 'at', 'details', 'prev_hash', 'hash']).orderBy('id').stream(2000);
}

export async function chainHeads(db: Db): Promise<{ office: number; event_id: number; hash: string }[]> {
  return db.selectFrom('chain_heads').selectAll().orderBy('office').execute();
}

export async function regnosOf(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('cases').select(['id', 'regno']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.regno]));
}

/** Events that belong to no case: staff and settings changes, locks. */
export async function staffEvents(db: Db): Promise<{ id: number; step: string; actor: string; at: string; details: string }[]> {
  return db.selectFrom('events').select(['id', 'step', 'actor', 'at', 'details']).where('case_id', 'is', null).orderBy('id').execute();
}
