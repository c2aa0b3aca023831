// gasp migrate --to URL: an office's database copied into the oblast's, in one write transaction
// on the target: directory, calendar days, staff, cases with what is kept beside them, counters
// of numbers, and the history with its chains. Copying again adds nothing; a case or a login that
// the target holds otherwise stops the whole copy before anything is written.
//
// The history's chains. An event's hash covers its case's id and its predecessor's hash, and the
// target's case ids are shared by every office copied into it (each office's file numbers its
// cases from 1), so the copied events cannot in general keep their hashes. They are chained
// again in the target: each source chain's events continue the target's chain of the same office
// (0: the database as a whole) from its head, in their own order, with their cases' ids in the
// target; and one last event of that chain (step `migrate`, by the admin who ran it) records the
// source chain as the file had it — its number of events and its last hash — so that anyone who
// keeps the office's file can verify the file's own chain (gasp check on it) and see that it is
// the one copied. The cases keep their ids when every new one is free in the target (above its
// greatest): the first file of an office copied into a new oblast database then keeps its
// office's chain hash for hash; otherwise the new cases are shifted, in order, past the target's
// greatest id. Nothing in the content of an event changes but its case id, and its id: the ids
// of the history are the target's own. (Keeping the file's hashes by giving each file a chain of
// its own would leave two chains for one office once the office works in the oblast's database,
// and the case ids would still have to move; a chain that goes on is what `gasp check` and every
// writer already know.)
//
// What is already there. A case is the target's when its number is: the same content (every
// column but the id) is skipped, different content is a conflict. Of a case already there, only
// the events beyond the ones the target holds for it are copied (a print made after an earlier
// copy). The events of no case (staff, authentication, earlier migrations) are copied after the
// last `migrate` record of their chain that matches the file's chain, or after the start that the
// target's chain shares with the file's hash for hash (a target that began as a copy of the
// file). Staff with the same login must have the same role, office and akimat (else a
// conflict); the target's name, password and state stay. The directory and the calendar: a row
// the target lacks is added, an equal one skipped, and where the two differ the oblast's own is
// kept (counted and said). The settings (the authentication mode) are the oblast's own and are
// not copied. The counters of numbers are kept: the target's counter for an office and year
// becomes the greater of the two.
//
// Others may work in the target meanwhile: new cases wait until the copy commits (the cases are
// locked: their ids are written as chosen here), the history's ids come from its own sequence,
// and a writer who moved a chain's head or a counter meanwhile makes one of the two serializable
// transactions run again.
import { GENESIS, chainedHash } from '../domain/chain.js';
import { GaspError } from '../errors.js';
import type { Db } from '../store/db.js';
import {
  type CaseRecord,
  type DatabaseContent,
  type EventRecord,
  advanceIds,
  casesByRegno,
  chainHashAt,
  chainStart,
  eventCounts,
  eventIds,
  historyPages,
  insertRows,
  lastId,
  lockForTransfer,
  migrationRecords,
  readContent,
  readTargetDirectory,
  repeatsOf,
  setChainHeads,
  setCounters,
  wordsOf,
} from '../store/transfer.js';
import type { CalendarDayTable, RegnoCounterTable } from '../store/schema.js';
import { readTransaction, writeTransaction } from '../store/tx.js';
import { type Actor, requireRole } from './staff.js';
import { rolesManaged } from './auth.js';
import { ensureMemberRole, sessionLogin } from '../store/roles.js';
import { storeFailure } from '../store/failures.js';

export interface MigrateResult {
  source: string;
  target: string;
  offices: number;
  akimats: number;
  staff: number;
  calendar_days: number;
  /** Poverty lines an admin of the file set that the target did not hold. */
  poverty_lines: number;
  cases: number;
  /** Events copied, the records of this migration included. */
  events: number;
  counters: number;
  /** Directory and calendar rows the target already held otherwise: the target's were kept. */
  kept: number;
  /** Where the target's members log in as their own database roles: the login roles made for
   * the members who arrived (without a password). */
  roles_created: string[];
  /** Nothing was written: everything was already there. */
  nothing: boolean;
}

const office2 = (n: number | null) => (n === null ? '—' : String(n).padStart(2, '0'));

/** Whether two rows have the same value in each of these columns. */
function same<T extends object>(a: T, b: T, columns: readonly (keyof T)[]): boolean {
  return columns.every((c) => (a[c] ?? null) === (b[c] ?? null));
}

const columnsOf = <T extends object>(row: T, except: readonly (keyof T)[] = []) => (Object.keys(row) as (keyof T)[]).filter((k) => !except.includes(k));

export interface Names {
  /** The source and the target as messages name them. */
  source: string;
  target: string;
}

/** Copies the source database into the target (an admin of the source): the source read in one
 * snapshot, held open while the target is written in one transaction. */
export async function migrateDatabase(source: Db, target: Db, actor: Actor, now: Date, names: Names): Promise<MigrateResult> {
  requireRole(actor, ['admin'], 'migrate');
  return readTransaction(source, async (src) => {
    const content = await readContent(src);
    return writeTransaction(target, (tx) => copyInto(tx, src, content, actor, now, names)).catch(async (e) => {
      // A member's role may write only their own rows: the copy is the owner's to make.
      if (storeFailure(e) === 'denied') throw new GaspError('migrate.notOwner', { target: names.target, role: (await sessionLogin(target)) ?? '' });
      throw e;
    });
  });
}

/** New cases whose search words are read and written at a time. */
const WORDS_CASES = 2000;

async function copyInto(tx: Db, src: Db, content: DatabaseContent, actor: Actor, now: Date, names: Names): Promise<MigrateResult> {
  await lockForTransfer(tx);
  const there = await readTargetDirectory(tx);
  const result: MigrateResult = { ...names, offices: 0, akimats: 0, staff: 0, calendar_days: 0, poverty_lines: 0, cases: 0, events: 0, counters: 0, kept: 0, roles_created: [], nothing: false };

  // The directory: added where missing, the oblast's kept where it differs.
  const officesThere = new Map(there.offices.map((o) => [o.no, o]));
  const newOffices = content.offices.filter((o) => {
    const t = officesThere.get(o.no);
    if (t && !same(o, t, columnsOf(o))) result.kept++;
    return !t;
  });
  const akimatsThere = new Map(there.akimats.map((a) => [a.code, a]));
  const akimatPlaces = new Map(there.akimats.map((a) => [`${a.office}|${a.no}`, a.code]));
  const newAkimats = content.akimats.filter((a) => {
    const t = akimatsThere.get(a.code);
    if (t && !same(a, t, columnsOf(a))) result.kept++;
    if (t) return false;
    const other = akimatPlaces.get(`${a.office}|${a.no}`);
    if (other) throw new GaspError('migrate.akimatConflict', { code: a.code, other, office: office2(a.office), no: a.no, ...names });
    return true;
  });

  // Staff: one login is one member, in the same role and place on both sides.
  const staffThere = new Map(there.staff.map((s) => [s.login, s]));
  const osUsers = new Map(there.staff.filter((s) => s.os_user !== null).map((s) => [s.os_user!, s.login]));
  const newStaff = content.staff.filter((s) => {
    const t = staffThere.get(s.login);
    if (t) {
      if (!same(s, t, ['role', 'office', 'akimat'])) {
        throw new GaspError('migrate.staffConflict', {
          login: s.login,
          role: t.role,
          where: t.akimat ?? office2(t.office),
          sourceRole: s.role,
          sourceWhere: s.akimat ?? office2(s.office),
          ...names,
        });
      }
      return false;
    }
    const holder = s.os_user === null ? undefined : osUsers.get(s.os_user);
    if (holder) throw new GaspError('migrate.osUserConflict', { login: s.login, osUser: s.os_user, other: holder, ...names });
    return true;
  });

  // The calendar: added where missing, the oblast's kept where it differs.
  const daysThere = new Map(there.calendar.map((d) => [d.date, d]));
  const newDays: CalendarDayTable[] = content.calendar.filter((d) => {
    const t = daysThere.get(d.date);
    if (t && !same(d, t, ['kind', 'note'])) result.kept++;
    return !t;
  });

  // The poverty lines: added where missing, the oblast's kept where it differs.
  const ratesThere = new Map(there.rates.map((r) => [`${r.region}|${r.year}|${r.quarter}`, r]));
  const newRates = content.rates.filter((r) => {
    const t = ratesThere.get(`${r.region}|${r.year}|${r.quarter}`);
    if (t && !same(r, t, ['line_tiyn', 'subsistence_tiyn', 'source'])) result.kept++;
    return !t;
  });

  // Cases: the same number with the same content is already there; with another, a conflict.
  const casesThere = await casesByRegno(
    tx,
    content.cases.map((c) => c.regno),
  );
  const targetId = new Map<number, number>();
  const newCases: CaseRecord[] = [];
  for (const c of content.cases) {
    const t = casesThere.get(c.regno);
    if (!t) newCases.push(c);
    else if (same(c, t, columnsOf(c, ['id']))) targetId.set(c.id, t.id);
    else throw new GaspError('migrate.caseConflict', { regno: c.regno, ...names });
  }
  // Their ids: kept when all are free, else shifted past the target's greatest.
  const taken = await lastId(tx, 'cases');
  const shift = newCases.length && newCases[0]!.id <= taken ? taken - newCases[0]!.id + 1 : 0;
  for (const c of newCases) targetId.set(c.id, c.id + shift);
  const isNew = new Set(newCases.map((c) => c.id));

  // The history: where each chain of the file stands in the target already.
  const chains = new Map(content.chains.map((c) => [c.office, c]));
  const copiedBefore = new Map<number, number>();
  const seen = (office: number, n: number) => {
    if (n > (copiedBefore.get(office) ?? 0)) copiedBefore.set(office, n);
  };
  for (const r of await migrationRecords(tx, [...chains.keys()])) {
    const d = recorded(r.details);
    if (d && d.events <= chains.get(r.office)!.events && (await chainHashAt(src, r.office, d.events)) === d.head) seen(r.office, d.events);
  }
  // A target that began as a copy of the file holds the file's chains from their start, with the
  // very same hashes (a hash stands for everything before it).
  for (const c of content.chains) {
    if ((await chainStart(tx, c.office, 1))[0] !== c.first) continue;
    const start = await chainStart(tx, c.office, c.events);
    const own = await chainStart(src, c.office, start.length);
    let n = 0;
    while (n < start.length && start[n] === own[n]) n++;
    seen(c.office, n);
  }
  // Of a case already there, the events beyond those the target holds for it.
  const heldForCase = await eventCounts(
    tx,
    content.cases.filter((c) => !isNew.has(c.id)).map((c) => targetId.get(c.id)!),
  );

  // The counters of numbers: the greater of the two.
  const countersThere = new Map(there.counters.map((c) => [`${c.office}|${c.year}`, c.last]));
  const counters: RegnoCounterTable[] = content.counters.filter((c) => (countersThere.get(`${c.office}|${c.year}`) ?? -1) < c.last);

  await insertRows(tx, 'offices', newOffices);
  await insertRows(tx, 'akimats', newAkimats);
  await insertRows(tx, 'staff', newStaff);
  // Where the oblast's members log in as their own roles, an enabled member who arrives gets one
  // as `gasp auth set` gives it (no password yet: `gasp passwd`, peer or a certificate), or keeps
  // the role of that name; a disabled member gets theirs from `gasp staff enable`.
  if (await rolesManaged(tx)) {
    for (const s of newStaff) {
      if (!s.disabled && (await ensureMemberRole(tx, s.login, { admin: s.role === 'admin' })) === 'created') result.roles_created.push(s.login);
    }
  }
  await insertRows(tx, 'calendar_days', newDays);
  await insertRows(
    tx,
    'cases',
    newCases.map((c) => ({ ...c, id: targetId.get(c.id)! })),
  );
  // What is kept beside the cases, under their ids in the target (the counts by the triggers).
  for (let i = 0; i < newCases.length; i += WORDS_CASES) {
    const part = newCases.slice(i, i + WORDS_CASES);
    const words = await wordsOf(src, part[0]!.id, part[part.length - 1]!.id);
    await insertRows(
      tx,
      'case_words',
      words.filter((w) => isNew.has(w.case_id)).map((w) => ({ ...w, case_id: targetId.get(w.case_id)! })),
    );
  }
  await insertRows(tx, 'poverty_lines', newRates);
  // Step 3's records of the new cases, under their ids in the target.
  await insertRows(tx, 'family_members', content.family.filter((f) => isNew.has(f.case_id)).map((f) => ({ ...f, case_id: targetId.get(f.case_id)! })));
  await insertRows(tx, 'income_lines', content.incomes.filter((i) => isNew.has(i.case_id)).map((i) => ({ ...i, case_id: targetId.get(i.case_id)! })));
  await insertRows(
    tx,
    'case_steps',
    content.steps.filter((s) => isNew.has(s.case_id)).map((s) => ({ ...s, case_id: targetId.get(s.case_id)! })),
  );

  // The history, a page at a time: each event copied is chained onto its office's chain in the
  // target, with its case's id there.
  const heads = new Map(there.heads.map((h) => [h.office, { event_id: h.event_id, hash: h.hash }]));
  const ids = eventIds(tx);
  const copiedOf = new Map<number, number>();
  const write = async (events: Omit<EventRecord, 'id' | 'prev_hash' | 'hash'>[]) => {
    const given = await ids(events.length);
    const rows = events.map((e, i) => {
      const prev = heads.get(e.office)?.hash ?? GENESIS;
      const hash = chainedHash(prev, e.office, e.case_id, e.step, e.actor, e.at, e.details);
      heads.set(e.office, { event_id: given[i]!, hash });
      copiedOf.set(e.office, (copiedOf.get(e.office) ?? 0) + 1);
      return { ...e, id: given[i]!, prev_hash: prev, hash };
    });
    await insertRows(tx, 'events', rows);
    result.events += rows.length;
    return given;
  };
  const inChain = new Map<number, number>();
  const ofCase = new Map<number, number>();
  for await (const page of historyPages(src)) {
    const copied: EventRecord[] = [];
    for (const e of page) {
      const k = inChain.get(e.office) ?? 0;
      inChain.set(e.office, k + 1);
      if (e.case_id === null) {
        if (k >= (copiedBefore.get(e.office) ?? 0)) copied.push(e);
        continue;
      }
      const caseId = targetId.get(e.case_id);
      // (A file whose history names a case it does not hold: its own `gasp check` says so.)
      if (caseId === undefined) throw new Error(`event ${e.id} of the source names case ${e.case_id}, which the source does not hold`);
      const i = ofCase.get(e.case_id) ?? 0;
      ofCase.set(e.case_id, i + 1);
      if (isNew.has(e.case_id) || i >= (heldForCase.get(caseId) ?? 0)) copied.push({ ...e, case_id: caseId });
    }
    if (!copied.length) continue;
    const given = await write(copied.map(({ case_id, office, step, actor, at, details }) => ({ case_id, office, step, actor, at, details })));
    const eventId = new Map(copied.map((e, i) => [e.id, given[i]!]));
    const repeats = await repeatsOf(src, page[0]!.id, page[page.length - 1]!.id);
    await insertRows(
      tx,
      'step_repeats',
      repeats.filter((r) => eventId.has(r.event_id)).map((r) => ({ ...r, event_id: eventId.get(r.event_id)! })),
    );
  }
  // One record per chain copied into: the file's chain as it was, to verify it by.
  await write(
    [...copiedOf.keys()]
      .sort((a, b) => a - b)
      .map((office) => {
        const c = chains.get(office)!;
        const details = JSON.stringify({ file: names.source, events: c.events, head: c.head, copied: copiedOf.get(office) });
        return { case_id: null, office, step: 'migrate', actor: actor.login, at: now.toISOString(), details };
      }),
  );

  await setCounters(tx, counters);
  await setChainHeads(
    tx,
    [...copiedOf.keys()].map((office) => ({ office, ...heads.get(office)! })),
  );
  await advanceIds(tx, 'cases');
  Object.assign(result, {
    offices: newOffices.length,
    akimats: newAkimats.length,
    staff: newStaff.length,
    calendar_days: newDays.length,
    poverty_lines: newRates.length,
    cases: newCases.length,
    counters: counters.length,
  });
  result.nothing = !(newOffices.length || newAkimats.length || newStaff.length || newDays.length || newRates.length || newCases.length || result.events || counters.length);
  return result;
}

/** What an earlier migration record says of the file's chain it copied: its number of events and
 * its last hash (undefined: not a record gasp wrote). */
function recorded(details: string): { events: number; head: unknown } | undefined {
  try {
    const d = JSON.parse(details) as { events?: unknown; head?: unknown };
    return typeof d.events === 'number' && Number.isInteger(d.events) && d.events >= 1 ? { events: d.events, head: d.head } : undefined;
  } catch {
    return undefined;
  }
}
