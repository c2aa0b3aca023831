// The append-only history and its hash chains. Every event goes through here, inside the
// command's write transaction: its time is checked against the case's last event, and it is
// linked to its office's chain (the head row is read and moved in the same transaction, so
// concurrent writers of one office queue on it and different offices never meet).
import { GaspError } from '../errors.js';
import { GENESIS, eventHash } from '../domain/chain.js';
import { formatLocalPlain } from '../domain/time.js';
import type { Db } from './db.js';
import { prepare } from './raw.js';

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

/** Appends many events in the order given (imports), one statement prepared once for all: each
 * office's chain head is read once, every event hashed onto its office's chain as it is written,
 * and the heads moved by `finish`. Call inside one write transaction. */
export function eventAppender(tx: Db): { append(e: NewEvent & { case_id: number; office: number }): number; finish(): void } {
  const insert = prepare(tx, 'insert into events (case_id, office, step, actor, at, details, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const readHead = prepare(tx, 'select hash from chain_heads where office = ?');
  const heads = new Map<number, { id: number; hash: string }>();
  return {
    append(e) {
      const head = heads.get(e.office);
      const prev = head ? head.hash : (readHead.first<[string]>([e.office])?.[0] ?? GENESIS);
      const row = { case_id: e.case_id, office: e.office, step: e.step, actor: e.actor, at: e.at, details: JSON.stringify(e.details) };
      const hash = eventHash(prev, row);
      const id = insert.run([row.case_id, row.office, row.step, row.actor, row.at, row.details, prev, hash]);
      if (head) {
        head.id = id;
        head.hash = hash;
      } else heads.set(e.office, { id, hash });
      return id;
    },
    finish() {
      const move = prepare(tx, 'insert into chain_heads (office, event_id, hash) values (?, ?, ?) on conflict (office) do update set event_id = excluded.event_id, hash = excluded.hash');
      for (const [office, h] of heads) move.run([office, h.id, h.hash]);
      heads.clear();
    },
  };
}
