// The append-only history and its hash chains. Every event goes through here, inside the
// command's write transaction: its time is checked against the case's last event, and it is
// linked to its office's chain (the head row is read and moved in the same transaction, so
// concurrent writers of one office queue on it and different offices never meet).
import { GaspError } from '../errors.js';
import { GENESIS, eventHash } from '../domain/chain.js';
import { formatLocalPlain } from '../domain/time.js';
import type { Db } from './db.js';

export interface NewEvent {
  /** The case; null for a change of staff or settings. */
  case_id: number | null;
  /** The chain: the case's office (looked up when a case is given), else the actor's, else 0. */
  office?: number;
  step: string;
  actor: string;
  at: string;
  details: Record<string, unknown>;
}

async function chainHead(tx: Db, office: number): Promise<string> {
  const head = await tx.selectFrom('chain_heads').select('hash').where('office', '=', office).executeTakeFirst();
  return head?.hash ?? GENESIS;
}

async function moveHead(tx: Db, office: number, eventId: number, hash: string): Promise<void> {
  await tx
    .insertInto('chain_heads')
    .values({ office, event_id: eventId, hash })
    .onConflict((oc) => oc.column('office').doUpdateSet({ event_id: eventId, hash }))
    .execute();
}

/** Appends one event; a move dated before the case's last event is refused. */
export async function appendEvent(tx: Db, e: NewEvent): Promise<void> {
  let office = e.office ?? 0;
  if (e.case_id !== null) {
    const c = await tx
      .selectFrom('cases')
      .select(['office', 'regno'])
      .select((eb) => eb.selectFrom('events').select('at').whereRef('events.case_id', '=', 'cases.id').orderBy('events.id', 'desc').limit(1).as('last_at'))
      .where('id', '=', e.case_id)
      .executeTakeFirstOrThrow();
    office = c.office;
    if (c.last_at && new Date(e.at).getTime() < new Date(c.last_at).getTime()) {
      throw new GaspError('time.beforeLast', { regno: c.regno, at: formatLocalPlain(new Date(e.at)), last: formatLocalPlain(new Date(c.last_at)) });
    }
  }
  const details = JSON.stringify(e.details);
  const prev = await chainHead(tx, office);
  const row = { case_id: e.case_id, office, step: e.step, actor: e.actor, at: e.at, details };
  const hash = eventHash(prev, row);
  const r = await tx.insertInto('events').values({ ...row, prev_hash: prev, hash }).returning('id').executeTakeFirstOrThrow();
  await moveHead(tx, office, r.id, hash);
}

/** Appends many events in the order given (imports): each office's chain is read once, the
 * hashes computed in order and the rows written in batches. */
export async function appendEvents(tx: Db, events: (Omit<NewEvent, 'office'> & { office: number })[]): Promise<void> {
  const heads = new Map<number, string>();
  const lastId = new Map<number, number>();
  const BATCH = 200;
  for (let i = 0; i < events.length; i += BATCH) {
    const rows = [];
    for (const e of events.slice(i, i + BATCH)) {
      const prev = heads.get(e.office) ?? (await chainHead(tx, e.office));
      const row = { case_id: e.case_id, office: e.office, step: e.step, actor: e.actor, at: e.at, details: JSON.stringify(e.details) };
      const hash = eventHash(prev, row);
      heads.set(e.office, hash);
      rows.push({ ...row, prev_hash: prev, hash });
    }
    const ids = await tx.insertInto('events').values(rows).returning(['id', 'office']).execute();
    for (const r of ids) lastId.set(r.office, Math.max(lastId.get(r.office) ?? 0, r.id));
  }
  for (const [office, hash] of heads) await moveHead(tx, office, lastId.get(office)!, hash);
}
