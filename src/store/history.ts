// The append-only history and its hash chains. Every event goes through here, inside the
// command's write transaction: its time is checked against the case's last event, and it is
// linked to its office's chain (the head row is read and moved in the same transaction, so
// concurrent writers of one office queue on it and different offices never meet).
import { GaspError } from '../errors.js';
import { GENESIS, eventHash } from '../domain/chain.js';
import { type Step, UNTIMED_STEPS, registrationMillis, stepMillis } from '../domain/procedure.js';
import { formatLocalPlain } from '../domain/time.js';
import type { Db } from './db.js';
import type { CaseStepsTable, StepRepeatTable } from './schema.js';

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

const STEP_COLUMNS = {
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

/** Step times to write: the first times of steps by case (a column left null is not touched) and
 * the repeats. */
interface StepWrites {
  cases: Map<number, CaseStepsTable>;
  repeats: StepRepeatTable[];
}

const noStepWrites = (): StepWrites => ({ cases: new Map(), repeats: [] });

/** Notes the time of the step an event completes (none for a print, or for an event that
 * completes no step; the case's first event carries the registration's time) and moves the
 * clock on. The first time of a step goes into case_steps, a repeat into step_repeats. */
function noteStepTime(w: StepWrites, clock: CaseClock, step: string, at: string, eventId: number): void {
  if (UNTIMED_STEPS.includes(step)) return;
  const previous = clock.last_timed_at;
  clock.last_timed_at = at;
  const row = () => {
    let r = w.cases.get(clock.id);
    if (!r) {
      r = { office: clock.office, registered_at: clock.registered_at, case_id: clock.id, register_ms: null, forward_ms: null, assign_ms: null, review_ms: null, draft_ms: null, sign_ms: null, issue_ms: null };
      w.cases.set(clock.id, r);
    }
    return r;
  };
  if (previous === null) {
    row().register_ms = clock.register_ms = registrationMillis(clock.received_at, clock.registered_at);
    return;
  }
  const ms = stepMillis(step, at, previous);
  if (ms === null) return;
  const column = STEP_COLUMNS[step as Step];
  if (clock[column] === null) row()[column] = clock[column] = ms;
  else w.repeats.push({ office: clock.office, step, registered_at: clock.registered_at, event_id: eventId, ms });
}

async function writeStepTimes(tx: Db, w: StepWrites): Promise<void> {
  const rows = [...w.cases.values()];
  for (let i = 0; i < rows.length; i += 100) {
    await tx
      .insertInto('case_steps')
      .values(rows.slice(i, i + 100))
      .onConflict((oc) =>
        oc
          .columns(['office', 'registered_at', 'case_id'])
          .doUpdateSet((eb) => Object.fromEntries(Object.values(STEP_COLUMNS).map((c) => [c, eb.fn.coalesce(eb.ref(`excluded.${c}`), eb.ref(`case_steps.${c}`))]))),
      )
      .execute();
  }
  for (let i = 0; i < w.repeats.length; i += 100) await tx.insertInto('step_repeats').values(w.repeats.slice(i, i + 100)).execute();
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
  if (clock) {
    const w = noStepWrites();
    noteStepTime(w, clock, e.step, e.at, r.id);
    await writeStepTimes(tx, w);
  }
}

/** The step clocks of these cases, as the database holds them before an append. */
async function caseClocks(tx: Db, ids: number[]): Promise<Map<number, CaseClock>> {
  const clocks = new Map<number, CaseClock>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const c of await clockQuery(tx).where('id', 'in', ids.slice(i, i + 500)).execute()) clocks.set(c.id, c);
  }
  return clocks;
}

/** Appends many events in the order given (imports): each office's chain is read once, the
 * hashes computed in order and the rows written in batches. */
export async function appendEvents(tx: Db, events: (Omit<NewEvent, 'office'> & { office: number })[]): Promise<void> {
  const heads = new Map<number, string>();
  const lastId = new Map<number, number>();
  const clocks = await caseClocks(tx, [...new Set(events.flatMap((e) => (e.case_id === null ? [] : [e.case_id])))]);
  const BATCH = 200;
  for (let i = 0; i < events.length; i += BATCH) {
    const rows = [];
    const batch = events.slice(i, i + BATCH);
    for (const e of batch) {
      const prev = heads.get(e.office) ?? (await chainHead(tx, e.office));
      const row = { case_id: e.case_id, office: e.office, step: e.step, actor: e.actor, at: e.at, details: JSON.stringify(e.details) };
      const hash = eventHash(prev, row);
      heads.set(e.office, hash);
      rows.push({ ...row, prev_hash: prev, hash });
    }
    const ids = await tx.insertInto('events').values(rows).returning(['id', 'office', 'hash']).execute();
    for (const r of ids) lastId.set(r.office, Math.max(lastId.get(r.office) ?? 0, r.id));
    // Each event's id by its hash (unique: it covers the office and the previous hash).
    const idOf = new Map(ids.map((r) => [r.hash, r.id]));
    const w = noStepWrites();
    for (const [k, e] of batch.entries()) {
      const clock = e.case_id === null ? undefined : clocks.get(e.case_id);
      if (clock) noteStepTime(w, clock, e.step, e.at, idOf.get(rows[k]!.hash)!);
    }
    await writeStepTimes(tx, w);
  }
  for (const [office, hash] of heads) await moveHead(tx, office, lastId.get(office)!, hash);
}
