// Property tests (fast-check): random sequences of moves by random staff keep the procedure's
// invariants, and deadlines over the working calendar land where the regulation allows and
// never come earlier when the start comes later. A failure prints fast-check's seed and path;
// `fc.assert(…, { seed, path })` replays it.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DayEntry, WorkingCalendar } from '../src/domain/calendar';
import { type Limit, addWorkingMinutes, deadlineFrom, workingMinutesBetween } from '../src/domain/deadlines';
import { type CaseState, CLOSED_STATES, MOVES, REASSIGN, REGISTER_ROLES, type Role, STEPS, WAITING } from '../src/domain/procedure';
import { addDays, atLocal, formatLocalIso, localDate, localMinutes } from '../src/domain/time';
import { GaspError } from '../src/errors';
import {
  type Env,
  assignExecutor,
  draftDecision,
  forwardCase,
  issueDecision,
  reassignCase,
  registerApplication,
  returnDraft,
  reviewCase,
  signDecision,
  withdrawCase,
} from '../src/services/cases';
import { checkDatabase } from '../src/services/check';
import { seedReferenceData } from '../src/services/directory';
import { calendarData, limits, loadCalendar } from '../src/services/reference';
import { type Actor, type NewStaff, addStaff, createFirstAdmin } from '../src/services/staff';
import { resolveActor as resolveIn } from '../src/services/auth';

/** The member as a `trust` database (every test's) resolves them. */
const resolveActor = (db: Db, login: string) => resolveIn(db, 'trust', { login, osUser: '', password: async () => undefined, now: new Date() });
import { type Db, openStore } from '../src/store/db';
import { nextIin, tmpDir } from './helpers';

// ---------------------------------------------------------------------------------------------
// (a) Moves by random staff.

const STAFF: NewStaff[] = [
  { login: 'clerk7', name: 'Айгерим Сапаровна Жумабаева', role: 'clerk', office: '7' },
  { login: 'head7', name: 'Болат Ерланович Ахметов', role: 'head', office: '7' },
  { login: 'exec7', name: 'Дина Маратовна Касымова', role: 'executor', office: '7' },
  { login: 'exec7b', name: 'Ерлан Серикович Ибраев', role: 'executor', office: '7' },
  { login: 'clerk15', name: 'Сауле Талгаровна Омарова', role: 'clerk', office: '15' },
  { login: 'head15', name: 'Марат Нурланович Сеитов', role: 'head', office: '15' },
  { login: 'exec15', name: 'Асель Муратовна Бекова', role: 'executor', office: '15' },
  { login: 'akim0701', name: 'Нурлан Аскарович Жаксыбеков', role: 'akimat', akimat: '07-01' },
  { login: 'akim0702', name: 'Гульнар Ериковна Сапарова', role: 'akimat', akimat: '07-02' },
];
const LOGINS = ['admin', ...STAFF.map((s) => s.login)];

/** The database the move sequences start from: the directory, an admin and the staff of two
 * offices and two akimats, made through gasp's own services. Every database of these tests is
 * made here, so that a change in how one is created (an authentication mode) is made once. */
async function createOfficeDatabase(file: string): Promise<void> {
  const store = await openStore(file, { create: true });
  try {
    await seedReferenceData(store.db);
    const at = new Date('2012-01-01T09:00:00+06:00');
    await createFirstAdmin(store.db, { login: 'admin', name: 'Админ Админов' }, at);
    const admin = await resolveActor(store.db, 'admin');
    for (const s of STAFF) await addStaff(store.db, admin, s, at);
  } finally {
    await store.close();
  }
}

type MoveName = 'register' | 'forward' | 'assign' | 'review' | 'draft' | 'sign' | 'return' | 'issue' | 'withdraw' | 'reassign';
const MOVE_NAMES: MoveName[] = ['register', 'forward', 'assign', 'review', 'draft', 'sign', 'return', 'issue', 'withdraw', 'reassign'];

const DRAFTS = [
  { decision: 'grant' as const },
  { decision: 'refuse' as const, reason: 'income-above-poverty-line' },
  { decision: 'refuse' as const, reason: 'other', reasonText: 'доход семьи выше черты бедности' },
  { decision: 'refuse' as const }, // no reason: refused
  { decision: 'refuse' as const, reason: 'no-such-reason' }, // refused
  { decision: 'grant' as const, reason: 'incomplete-documents' }, // a grant with a reason: refused
];
const DRAFT_OK = [true, true, true, false, false, false];

/** How a step is aimed: `guided`, an open case's next move by the member who makes it (or a
 * return, reassignment or withdrawal by its head); `wrongActor`, that move by anyone drawn;
 * `wrongMove`, the right member making any move; `random`, any move by anyone on any case
 * (or on a number that does not exist). */
type Mode = 'guided' | 'wrongActor' | 'wrongMove' | 'random';

/** One step of a sequence. */
interface StepSpec {
  mode: Mode;
  move: MoveName;
  actor: string;
  pick: number;
  executor: string;
  draft: number;
  iin: number;
  duplicateOk: boolean;
  backdate: number;
  advance: number;
}

const stepArb: fc.Arbitrary<StepSpec> = fc.record({
  mode: fc.oneof(
    { arbitrary: fc.constant<Mode>('guided'), weight: 9 },
    { arbitrary: fc.constant<Mode>('wrongActor'), weight: 5 },
    { arbitrary: fc.constant<Mode>('wrongMove'), weight: 2 },
    { arbitrary: fc.constant<Mode>('random'), weight: 4 },
  ),
  move: fc.oneof({ arbitrary: fc.constant<MoveName>('register'), weight: 1 }, { arbitrary: fc.constantFrom(...MOVE_NAMES.filter((m) => m !== 'register')), weight: 5 }),
  actor: fc.constantFrom(...LOGINS),
  pick: fc.nat(),
  executor: fc.constantFrom('exec7', 'exec7b', 'exec15', 'head7', 'nobody'),
  draft: fc.nat({ max: DRAFTS.length - 1 }),
  iin: fc.nat({ max: 5 }),
  duplicateOk: fc.boolean(),
  backdate: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * 24 * 60 })),
  // Minutes: mostly a short while, sometimes days; the clock never goes back.
  advance: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 120 }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 3 * 24 * 60 }), weight: 1 }),
});

/** Where a sequence starts: any local time 2012–2025, or the last evening of a year, so that
 * numbers roll over to the next year's sequence. */
const startArb = fc.oneof(
  fc.record({ day: fc.integer({ min: 0, max: 14 * 365 }), minute: fc.integer({ min: 0, max: 1439 }) }).map(({ day, minute }) => atLocal(addDays('2012-01-01', day), minute)),
  fc.integer({ min: 2012, max: 2024 }).map((y) => atLocal(`${y}-12-31`, 17 * 60)),
);

interface CaseRowLite {
  id: number;
  regno: string;
  office: number;
  year: number;
  seq: number;
  akimat: string | null;
  iin: string;
  state: CaseState;
  executor: string | null;
}

/** Everything a move may write, as text: a refused move must leave it exactly as it was. */
async function dump(db: Db): Promise<string> {
  const tables = ['cases', 'events', 'regno_counters', 'case_words', 'staff'];
  const parts = [];
  for (const t of tables) parts.push((await sql.raw(`select * from ${t}`).execute(db)).rows.map((r) => JSON.stringify(r)).sort());
  return JSON.stringify(parts);
}

async function casesOf(db: Db): Promise<CaseRowLite[]> {
  return (await sql<CaseRowLite>`select id, regno, office, year, seq, akimat, iin, state, executor from cases order by id`.execute(db)).rows;
}

const canSee = (a: Actor, c: CaseRowLite) => a.role === 'admin' || (a.role === 'akimat' ? c.akimat === a.akimat : c.office === a.office);

/** Whether the procedure allows the step, from the rules of the regulation as SPEC §2 states
 * them (not from the services' code): the role, the state, the office, the executor's own case. */
function allowed(s: StepSpec, actor: Actor, c: CaseRowLite | undefined, cases: CaseRowLite[], staff: Map<string, Actor>, iin: string): boolean {
  if (s.move === 'register') {
    if (!REGISTER_ROLES.includes(actor.role)) return false;
    const open = cases.some((x) => x.iin === iin && !CLOSED_STATES.includes(x.state));
    return !open || s.duplicateOk;
  }
  if (!c || !canSee(actor, c)) return false;
  const validExecutor = (login: string) => {
    const e = staff.get(login);
    return e !== undefined && e.role === 'executor' && e.office === c.office && !e.disabled;
  };
  if (s.move === 'reassign') {
    return REASSIGN.roles.includes(actor.role) && REASSIGN.from.includes(c.state) && validExecutor(s.executor) && s.executor !== c.executor;
  }
  const rule = MOVES[s.move];
  if (!rule.roles.includes(actor.role) || !rule.from.includes(c.state)) return false;
  if (actor.role === 'executor' && c.executor !== actor.login) return false;
  if (s.move === 'assign') return validExecutor(s.executor);
  if (s.move === 'draft') return DRAFT_OK[s.draft]!;
  return true;
}

/** The member who makes the move a case waits for. */
function rightActor(c: CaseRowLite, staff: Map<string, Actor>): string | undefined {
  const waiting = WAITING[c.state];
  if (!waiting) return undefined;
  if (waiting.role === 'executor') return c.executor ?? undefined;
  return [...staff.values()].find((a) => a.role === waiting.role && (a.role === 'akimat' ? a.akimat === c.akimat : a.office === c.office))?.login;
}

const IINS = Array.from({ length: 6 }, () => nextIin());

async function apply(db: Db, s: StepSpec, actor: Actor, regno: string, iin: string, env: Env): Promise<unknown> {
  switch (s.move) {
    case 'register':
      return registerApplication(
        db,
        actor,
        {
          iin,
          name: 'Әлия Құрманқызы Нұрланова',
          address: 'пос. Отеген батыр, ул. Титова, 12',
          docs: ['application', 'identity', 'family', 'income', 'address'],
          receivedAt: new Date(env.now.getTime() - s.backdate * 60_000),
          duplicateOk: s.duplicateOk,
          comment: s.duplicateOk ? 'повторное обращение' : undefined,
        },
        env,
      );
    case 'forward':
      return forwardCase(db, actor, regno, env);
    case 'assign':
      return assignExecutor(db, actor, regno, { executor: s.executor, resolution: 'Рассмотреть' }, env);
    case 'review':
      return reviewCase(db, actor, regno, {}, env);
    case 'draft':
      return draftDecision(db, actor, regno, DRAFTS[s.draft]!, env);
    case 'sign':
      return signDecision(db, actor, regno, env);
    case 'return':
      return returnDraft(db, actor, regno, { comment: 'доработать' }, env);
    case 'issue':
      return issueDecision(db, actor, regno, { channel: 'post' }, env);
    case 'withdraw':
      return withdrawCase(db, actor, regno, { comment: 'заявитель отозвал' }, env);
    case 'reassign':
      return reassignCase(db, actor, regno, { executor: s.executor, comment: 'отпуск' }, env);
  }
}

interface EventLite {
  case_id: number;
  step: string;
  actor: string;
  at: string;
  details: string;
}

/** The history read back: every case starts with its registration by a clerk or an akimat
 * user, each later event is a move its actor's role may make from the state before it (or a
 * head's reassignment, or an executor's step on their own case), times never go back, and the
 * last state is the case's. */
function historyProblems(cases: CaseRowLite[], events: EventLite[], staff: Map<string, Actor>): string[] {
  const problems: string[] = [];
  const byCase = new Map<number, EventLite[]>();
  for (const e of events) (byCase.get(e.case_id) ?? byCase.set(e.case_id, []).get(e.case_id)!).push(e);
  for (const c of cases) {
    const history = byCase.get(c.id) ?? [];
    const first = history[0];
    if (!first || first.step !== 'register') {
      problems.push(`${c.regno}: does not start with its registration`);
      continue;
    }
    const role = (login: string): Role | undefined => staff.get(login)?.role;
    let state = (JSON.parse(first.details) as { state: CaseState }).state;
    let executor: string | null = null;
    const registrar = role(first.actor);
    if (!registrar || !REGISTER_ROLES.includes(registrar)) problems.push(`${c.regno}: registered by ${first.actor} (${registrar})`);
    if (state !== (registrar === 'akimat' ? 'received_by_akimat' : 'registered')) problems.push(`${c.regno}: registered into ${state}`);
    let at = first.at;
    for (const e of history.slice(1)) {
      const d = JSON.parse(e.details) as { state?: CaseState; executor?: string; to?: string };
      const r = role(e.actor);
      if (e.at < at) problems.push(`${c.regno}: ${e.step} at ${e.at} before ${at}`);
      at = e.at;
      if (e.step === 'reassign') {
        if (!r || !REASSIGN.roles.includes(r) || !REASSIGN.from.includes(state) || d.state !== state) problems.push(`${c.regno}: reassign by ${e.actor} (${r}) in ${state}`);
        executor = d.to ?? null;
        continue;
      }
      const rule = MOVES[e.step as keyof typeof MOVES];
      if (!rule) {
        problems.push(`${c.regno}: unknown step ${e.step}`);
        continue;
      }
      if (!r || !rule.roles.includes(r)) problems.push(`${c.regno}: ${e.step} by ${e.actor}, a ${r}`);
      if (!rule.from.includes(state) || d.state !== rule.to) problems.push(`${c.regno}: ${e.step} from ${state} to ${d.state}`);
      if (r === 'executor' && e.actor !== executor) problems.push(`${c.regno}: ${e.step} by ${e.actor}, the executor being ${executor}`);
      if (e.step === 'assign') executor = d.executor ?? null;
      state = d.state ?? state;
    }
    if (state !== c.state) problems.push(`${c.regno}: state ${c.state}, history leads to ${state}`);
    if (executor !== c.executor) problems.push(`${c.regno}: executor ${c.executor}, history names ${executor}`);
    if (executor && staff.get(executor)?.office !== c.office) problems.push(`${c.regno}: executor ${executor} of another office`);
  }
  return problems;
}

/** Each office's numbers for a year run 1..N and its counter stands at N. */
async function numberProblems(db: Db, cases: CaseRowLite[]): Promise<string[]> {
  const problems: string[] = [];
  const seqs = new Map<string, number[]>();
  for (const c of cases) {
    (seqs.get(`${c.office}|${c.year}`) ?? seqs.set(`${c.office}|${c.year}`, []).get(`${c.office}|${c.year}`)!).push(c.seq);
    if (c.regno !== `${String(c.office).padStart(2, '0')}-${c.year}-${String(c.seq).padStart(5, '0')}`) problems.push(`${c.regno}: parts ${c.office} ${c.year} ${c.seq}`);
  }
  const counters = new Map(
    (await sql<{ office: number; year: number; last: number }>`select office, year, last from regno_counters`.execute(db)).rows.map((r) => [`${r.office}|${r.year}`, r.last]),
  );
  for (const [k, list] of seqs) {
    const sorted = [...list].sort((a, b) => a - b);
    if (!sorted.every((s, i) => s === i + 1)) problems.push(`${k}: numbers ${sorted.join(',')}`);
    if (counters.get(k) !== sorted.length) problems.push(`${k}: counter ${counters.get(k)}, ${sorted.length} cases`);
  }
  return problems;
}

const REGISTRARS = ['clerk7', 'clerk15', 'akim0701', 'akim0702'];

/** The step as its mode aims it (see Mode), and the case it is made on (none: a number that
 * does not exist, or a registration). */
function aim(s0: StepSpec, cases: CaseRowLite[], staff: Map<string, Actor>): { s: StepSpec; target?: CaseRowLite } {
  const open = cases.filter((c) => !CLOSED_STATES.includes(c.state));
  if (s0.mode === 'random' || (s0.move !== 'register' && !open.length)) return { s: s0, target: cases[s0.pick % (cases.length + 1)] };
  if (s0.move === 'register') return { s: s0.mode === 'guided' ? { ...s0, actor: REGISTRARS[s0.pick % REGISTRARS.length]! } : s0 };
  const target = open[s0.pick % open.length]!;
  // Now and then the head of the case's office steps in: returns a draft, reassigns, withdraws.
  const byHead: MoveName | null =
    target.state === 'drafted' && s0.pick % 3 === 0 ? 'return' : s0.move === 'reassign' ? 'reassign' : s0.move === 'withdraw' && s0.pick % 3 === 0 ? 'withdraw' : null;
  const head = [...staff.values()].find((a) => a.role === 'head' && a.office === target.office)!.login;
  const right = byHead ? head : (rightActor(target, staff) ?? s0.actor);
  const otherExecutors = [...staff.values()].filter((a) => a.role === 'executor' && a.office === target.office && a.login !== target.executor);
  const guided = s0.mode === 'guided';
  return {
    target,
    s: {
      ...s0,
      move: s0.mode === 'wrongMove' ? s0.move : (byHead ?? WAITING[target.state]!.step),
      actor: s0.mode === 'wrongActor' ? s0.actor : right,
      executor: guided ? (otherExecutors[s0.pick % otherExecutors.length]?.login ?? s0.executor) : s0.executor,
      draft: guided ? s0.draft % 3 : s0.draft,
    },
  };
}

let template: string;

beforeAll(async () => {
  template = path.join(tmpDir(), 'template.sqlite');
  await createOfficeDatabase(template);
});

describe('random sequences of moves by random staff', () => {
  it('refused moves change nothing, allowed ones are made, and the history, the numbers and gasp check stay sound', async () => {
    const counts = { runs: 0, steps: 0, accepted: 0, refused: 0 };
    const made = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(startArb, fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }), async (start, steps) => {
        const file = path.join(tmpDir(), 'gasp.sqlite');
        fs.copyFileSync(template, file);
        const store = await openStore(file);
        try {
          const db = store.db;
          const staff = new Map<string, Actor>();
          for (const login of LOGINS) staff.set(login, await resolveActor(db, login));
          const calendar = await loadCalendar(db);
          let now = start;
          for (const [i, s0] of steps.entries()) {
            now = new Date(now.getTime() + s0.advance * 60_000);
            const env: Env = { now, calendar, limits: limits() };
            const cases = await casesOf(db);
            const { s, target } = aim(s0, cases, staff);
            const actor = staff.get(s.actor)!;
            const regno = target?.regno ?? '07-2099-09999';
            const iin = IINS[s.iin]!;
            const expected = allowed(s, actor, target, cases, staff, iin);
            const before = await dump(db);
            const eventsBefore = (await sql<{ n: number }>`select count(*) as n from events`.execute(db)).rows[0]!.n;
            let refusal: string | null = null;
            try {
              await apply(db, s, actor, regno, iin, env);
            } catch (e) {
              if (!(e instanceof GaspError)) throw e; // a refusal is a sentence, never an internal error
              refusal = e.key;
            }
            const what = `step ${i + 1}: ${s.move} of ${target ? `${target.regno} (${target.state}, executor ${target.executor})` : regno} by ${s.actor} at ${formatLocalIso(now)}`;
            if (refusal) {
              expect(await dump(db), `${what}: refused (${refusal}) but changed the database`).toBe(before);
              counts.refused++;
            } else {
              const events = (await sql<{ n: number }>`select count(*) as n from events`.execute(db)).rows[0]!.n;
              expect(events, `${what}: one event per move`).toBe(eventsBefore + 1);
              counts.accepted++;
              made.set(s.move, (made.get(s.move) ?? 0) + 1);
            }
            expect(refusal === null, `${what}: ${refusal ? `refused (${refusal})` : 'accepted'}`).toBe(expected);
            counts.steps++;
          }
          const cases = await casesOf(db);
          const events = (await sql<EventLite>`select case_id, step, actor, at, details from events order by id`.execute(db)).rows;
          expect(historyProblems(cases, events, staff)).toEqual([]);
          expect(await numberProblems(db, cases)).toEqual([]);
          expect(await checkDatabase(db, staff.get('admin')!)).toEqual([]);
          counts.runs++;
        } finally {
          await store.close();
        }
      }),
      { numRuns: 100 },
    );
    console.log(`properties: ${counts.runs} sequences, ${counts.steps} steps, ${counts.accepted} made (${[...made].map(([m, n]) => `${m} ${n}`).join(', ')}), ${counts.refused} refused`);
    // Every kind of move was made somewhere, so the sequences reach the end of the procedure.
    expect([...made.keys()].sort()).toEqual([...MOVE_NAMES].sort());
    expect(counts.accepted).toBeGreaterThan(counts.steps / 5);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// (b) Deadlines over the working calendar.

const data = calendarData();
const LIMITS = limits();
const WORKING_LIMITS = STEPS.filter((s) => LIMITS[s].unit !== 'calendar-days');
const CALENDAR_LIMITS = STEPS.filter((s) => LIMITS[s].unit === 'calendar-days');

/** A start anywhere from 2012 to 2025: any second of a day, or on the edges of working hours. */
const instantArb = fc
  .record({
    day: fc.integer({ min: 0, max: 14 * 365 - 1 }),
    minute: fc.oneof(
      fc.integer({ min: 0, max: 1439 }),
      fc.constantFrom(0, 539, 540, 541, 779, 780, 781, 839, 840, 841, 1079, 1080, 1081, 1439),
    ),
    second: fc.integer({ min: 0, max: 59 }),
  })
  .map(({ day, minute, second }) => atLocal(addDays('2012-01-01', day), minute + second / 60));

/** An administrator's own days off and worked days near the start (they win over the rules). */
const overridesArb = (from: Date) =>
  fc.array(fc.record({ offset: fc.integer({ min: 0, max: 20 }), kind: fc.constantFrom<'off' | 'work'>('off', 'off', 'work') }), { maxLength: 6 }).map((list) =>
    list.map((o): DayEntry => ({ date: addDays(localDate(from), o.offset), kind: o.kind })),
  );

const withOverrides = instantArb.chain((start) => fc.tuple(fc.constant(start), overridesArb(start)));

/** Working time is 09:00–13:00 and 14:00–18:00 on a working day. A deadline counted in working
 * time ends after a minute of work, so it may be exactly 13:00 or 18:00 (the last minute of the
 * morning or of the day is used up then), never exactly 09:00 or 14:00 (that is the start of
 * the next minute of work, when none of it is used yet): in (09:00, 13:00] or (14:00, 18:00]. */
function inWorkingTime(d: Date, cal: WorkingCalendar): boolean {
  if (!cal.isWorkingDay(localDate(d))) return false;
  const m = localMinutes(d);
  return cal.intervals.some(([a, b]) => m > a && m <= b);
}

describe('deadlines over the working calendar, 2012–2025', () => {
  it('a limit in working time ends in working time, on a working day, after exactly its minutes of work', () => {
    fc.assert(
      fc.property(withOverrides, fc.constantFrom(...WORKING_LIMITS), ([start, overrides], step) => {
        const cal = new WorkingCalendar(data, overrides);
        const limit = LIMITS[step];
        const end = deadlineFrom(start, limit, cal);
        const minutes = limit.unit === 'working-days' ? limit.amount * 480 : limit.amount;
        expect(inWorkingTime(end, cal), `${step} from ${formatLocalIso(start)} ends ${formatLocalIso(end)}`).toBe(true);
        expect(workingMinutesBetween(start, end, cal)).toBe(minutes);
        expect(end > start).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('a limit in working time never ends earlier when the start is later', () => {
    fc.assert(
      fc.property(withOverrides, fc.integer({ min: 0, max: 3 * 24 * 60 * 60 }), fc.constantFrom(...WORKING_LIMITS), ([start, overrides], later, step) => {
        const cal = new WorkingCalendar(data, overrides);
        const start2 = new Date(start.getTime() + later * 1000);
        const a = deadlineFrom(start, LIMITS[step], cal);
        const b = deadlineFrom(start2, LIMITS[step], cal);
        expect(b >= a, `${step}: from ${formatLocalIso(start)} due ${formatLocalIso(a)}, from ${formatLocalIso(start2)} due ${formatLocalIso(b)}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('a limit in calendar days ends at the same clock time on the first working day from its last day on', () => {
    fc.assert(
      fc.property(withOverrides, fc.constantFrom(...CALENDAR_LIMITS), ([start, overrides], step) => {
        const cal = new WorkingCalendar(data, overrides);
        const limit = LIMITS[step];
        const end = deadlineFrom(start, limit, cal);
        const last = addDays(localDate(start), limit.amount);
        let due = last;
        while (!cal.isWorkingDay(due)) due = addDays(due, 1);
        expect(localDate(end), `${step} from ${formatLocalIso(start)}`).toBe(due);
        expect(cal.isWorkingDay(localDate(end))).toBe(true);
        expect(Math.abs(localMinutes(end) - localMinutes(start))).toBeLessThan(1 / 60_000 + 1e-9);
      }),
      { numRuns: 2000 },
    );
  });

  it('a limit in calendar days never ends on an earlier day when the start is later, nor earlier at all unless moved off a day off', () => {
    fc.assert(
      fc.property(withOverrides, fc.integer({ min: 0, max: 3 * 24 * 60 * 60 }), fc.constantFrom(...CALENDAR_LIMITS), fc.boolean(), ([start, overrides], later, step, endsOnWorkingDay) => {
        const cal = new WorkingCalendar(data, overrides);
        const limit: Limit = { ...LIMITS[step], endsOnWorkingDay };
        const start2 = new Date(start.getTime() + later * 1000);
        const a = deadlineFrom(start, limit, cal);
        const b = deadlineFrom(start2, limit, cal);
        const what = `${step}: from ${formatLocalIso(start)} due ${formatLocalIso(a)}, from ${formatLocalIso(start2)} due ${formatLocalIso(b)}`;
        expect(localDate(b) >= localDate(a), what).toBe(true);
        // The one exception: the earlier start's last day was off and moved onto the later
        // start's due day, keeping its own clock time, which may be later (the example below).
        const moved = endsOnWorkingDay && !cal.isWorkingDay(addDays(localDate(start), limit.amount)) && localDate(a) === localDate(b);
        if (!moved) expect(b >= a, what).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('shows where calendar-day deadlines are not monotone: both due on the Monday after the weekend, each at its own clock time', () => {
    const cal = new WorkingCalendar(data);
    // Reviewed on Thursday 17.01.2013 at 17:00 and on Friday 18.01.2013 at 10:00; the draft's 9
    // calendar days end on Saturday 26th and Sunday 27th, both moved to Monday 28th.
    const thursday = deadlineFrom(new Date('2013-01-17T17:00:00+06:00'), LIMITS.draft, cal);
    const friday = deadlineFrom(new Date('2013-01-18T10:00:00+06:00'), LIMITS.draft, cal);
    expect(formatLocalIso(thursday)).toBe('2013-01-28T17:00:00+06:00');
    expect(formatLocalIso(friday)).toBe('2013-01-28T10:00:00+06:00');
  });

  it('adding working minutes step by step is the same as adding them at once', () => {
    const cal = new WorkingCalendar(data);
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 2000 }), (start, m1, m2) => {
        const once = addWorkingMinutes(start, m1 + m2, cal);
        const twice = addWorkingMinutes(addWorkingMinutes(start, m1, cal), m2, cal);
        expect(Math.abs(once.getTime() - twice.getTime())).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });
});
