// The append-only history and its hash chains. Every event goes through here, inside the
// command's write transaction: its time is checked against the case's last event, and it is
// linked to its office's chain (the head row is read and moved in the same transaction, so
// concurrent writers of one office queue on it and different offices never meet).
import { GaspError } from '../errors.js';
import { GENESIS, eventHash } from '../domain/chain.js';
import { type Step, UNTIMED_STEPS, registrationMillis, stepMillis } from '../domain/procedure.js';
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

export const STEP_COLUMNS = {
  register: 'register_ms',
  forward: 'forward_ms',
  assign: 'assign_ms',
  review: 'review_ms',
  draft: 'draft_ms',
  sign: 'sign_ms',
  issue: 'issue_ms',
} as const satisfies Record<Step, string>;
type StepColumn = (typeof STEP_COLUMNS)[Step];

/** What the step times need of a case: its office, its registration and receipt, the time of its
 * last event that counts (null: none yet), and the first time of each step it holds. */
type CaseClock = { id: number; office: number; registered_at: string; received_at: string; last_timed_at: string | null } & Record<StepColumn, number | null>;

/** The case's clock as the database holds it before an append. */
function clockQuery(tx: Db) {
  return tx
    .selectFrom('cases')
    .leftJoin('case_steps', (j) =>
      j.onRef('case_steps.office', '=', 'cases.office').onRef('case_steps.registered_at', '=', 'cases.registered_at').onRef('case_steps.case_id', '=', 'cases.id'),
    )
    .select(['cases.id', 'cases.office', 'cases.registered_at', 'cases.received_at', ...Object.values(STEP_COLUMNS).map((c) => `case_steps.${c}` as const)])
    .select((eb) =>
      eb
        .selectFrom('events')
        .select('at')
        .whereRef('events.case_id', '=', 'cases.id')
        .where('events.step', 'not in', UNTIMED_STEPS)
        .orderBy('events.id', 'desc')
        .limit(1)
        .as('last_timed_at'),
    );
}

/** The step an event completes, the time it took and whether it is the step's first time (kept
 * on the case) or a repeat, moving the clock on: none for a print (or an edit); the case's first
 * event is its registration, whose time runs from receipt (null when it cannot be told); a later
 * event that completes no step has none. The one rule for every path that writes step times. */
function nextStepTime(
  clock: { received_at: string; registered_at: string; last_timed_at: string | null } & Partial<Record<StepColumn, number | null>>,
  step: string,
  at: string,
): { done: Step; column: StepColumn; ms: number | null; first: boolean } | null {
  if (UNTIMED_STEPS.includes(step)) return null;
  const previous = clock.last_timed_at;
  clock.last_timed_at = at;
  const done: Step = previous === null ? 'register' : (step as Step);
  const ms = previous === null ? registrationMillis(clock.received_at, clock.registered_at) : stepMillis(step, at, previous);
  if (ms === null && done !== 'register') return null;
  const column = STEP_COLUMNS[done];
  const first = done === 'register' || clock[column] == null;
  if (first) clock[column] = ms;
  return { done, column, ms, first };
}

/** Records the time of the step an event completes and moves the clock on. The first time of a
 * step goes into case_steps (a row from the registration on), a repeat into step_repeats. */
async function recordStepTime(tx: Db, clock: CaseClock, step: string, at: string, eventId: number): Promise<void> {
  const t = nextStepTime(clock, step, at);
  if (!t) return;
  if (t.first) {
    await tx
      .insertInto('case_steps')
      .values({ office: clock.office, registered_at: clock.registered_at, case_id: clock.id, [t.column]: t.ms })
      .onConflict((oc) => oc.columns(['office', 'registered_at', 'case_id']).doUpdateSet({ [t.column]: t.ms }))
      .execute();
  } else if (t.ms !== null) {
    await tx.insertInto('step_repeats').values({ office: clock.office, step: t.done, registered_at: clock.registered_at, event_id: eventId, ms: t.ms }).execute();
  }
}

/** The step times of a new case from its whole history (an import writes them with the case):
 * the first time of each step for case_steps, the repeats by the index of their event. */
export function stepTimesOf(c: { received_at: string; registered_at: string }, events: readonly { step: string; at: string }[]) {
  const clock: Parameters<typeof nextStepTime>[0] = { received_at: c.received_at, registered_at: c.registered_at, last_timed_at: null };
  const repeats: { index: number; step: Step; ms: number }[] = [];
  events.forEach((e, index) => {
    const t = nextStepTime(clock, e.step, e.at);
    if (t && !t.first && t.ms !== null) repeats.push({ index, step: t.done, ms: t.ms });
  });
  return { columns: clock as Partial<Record<StepColumn, number | null>>, repeats };
}

/** Appends one event; a move dated before the case's last event is refused. */
export async function appendEvent(tx: Db, e: NewEvent): Promise<void> {
  let office = e.office ?? 0;
  let clock: CaseClock | undefined;
  if (e.case_id !== null) {
    const { regno, last_at, ...c } = await clockQuery(tx)
      .select(['regno'])
      .select((eb) => eb.selectFrom('events').select('at').whereRef('events.case_id', '=', 'cases.id').orderBy('events.id', 'desc').limit(1).as('last_at'))
      .where('id', '=', e.case_id)
      .executeTakeFirstOrThrow();
    office = c.office;
    clock = c;
    if (last_at && new Date(e.at).getTime() < new Date(last_at).getTime()) {
      throw new GaspError('time.beforeLast', { regno, at: formatLocalPlain(new Date(e.at)), last: formatLocalPlain(new Date(last_at)) });
    }
  }
  const details = JSON.stringify(e.details);
  const prev = await chainHead(tx, office);
  const row = { case_id: e.case_id, office, step: e.step, actor: e.actor, at: e.at, details };
  const hash = eventHash(prev, row);
  const r = await tx.insertInto('events').values({ ...row, prev_hash: prev, hash }).returning('id').executeTakeFirstOrThrow();
  await moveHead(tx, office, r.id, hash);
  if (clock) await recordStepTime(tx, clock, e.step, e.at, r.id);
}

/** Appends many events in the order given (imports), one statement prepared once for all: each
 * office's chain head is read once, every event hashed onto its office's chain as it is written,
 * and the heads moved by `finish`. Call inside one write transaction. */
export function eventAppender(tx: Db): { append(e: NewEvent & { case_id: number; office: number }): Promise<number>; finish(): Promise<void> } {
  const insert = prepare(tx, 'insert into events (case_id, office, step, actor, at, details, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const readHead = prepare(tx, 'select hash from chain_heads where office = ?');
  const heads = new Map<number, { id: number; hash: string }>();
  return {
    async append(e) {
      const head = heads.get(e.office);
      const prev = head ? head.hash : ((await readHead.first<[string]>([e.office]))?.[0] ?? GENESIS);
      const row = { case_id: e.case_id, office: e.office, step: e.step, actor: e.actor, at: e.at, details: JSON.stringify(e.details) };
      const hash = eventHash(prev, row);
      const id = await insert.insert([row.case_id, row.office, row.step, row.actor, row.at, row.details, prev, hash]);
      if (head) {
        head.id = id;
        head.hash = hash;
      } else heads.set(e.office, { id, hash });
      return id;
    },
    async finish() {
      const move = prepare(tx, 'insert into chain_heads (office, event_id, hash) values (?, ?, ?) on conflict (office) do update set event_id = excluded.event_id, hash = excluded.hash');
      for (const [office, h] of heads) await move.run([office, h.id, h.hash]);
      heads.clear();
    },
  };
}
