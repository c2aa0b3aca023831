// Step 1: registration — the applicant and the documents validated, duplicates caught, the number
// taken from the office's gapless sequence for the year the documents were received.
import { GaspError, type MessageParams, UsageError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import { deadlineFrom } from '../../domain/deadlines.js';
import { parseIin } from '../../domain/iin.js';
import { type CaseState, REGISTER_ROLES, WAITING } from '../../domain/procedure.js';
import { foldText, phoneKey } from '../../domain/search.js';
import { checkOptionalText, checkText } from '../../domain/text.js';
import { atLocal, formatLocalIso, localDate } from '../../domain/time.js';
import type { Db } from '../../store/db.js';
import { type NewCase, appendEvent, getCaseByRegno, grantsOfIin, insertCase, openCasesOfIins, takeNextSeq } from '../../store/cases.js';
import { writeTransaction } from '../../store/tx.js';
import { requireOffice } from '../directory.js';
import { documentTypes } from '../reference.js';
import { type Actor, requireRole } from '../staff.js';
import { type CaseView, type DocLang, DOC_LANGS, type Env, formatRegno, fullView } from './views.js';

export interface RegisterInput {
  iin: string;
  name: string;
  address: string;
  phone?: string;
  docs: string[];
  receivedAt?: Date;
  office?: string;
  docLang?: string;
  /** Register although the applicant has an open case, for the reason given. */
  duplicateOk?: boolean;
  comment?: string;
}

/** Something the clerk should know about a case that was registered all the same. */
export interface Warning {
  key: MessageKey;
  params: MessageParams;
}

export interface RegisterCheck {
  docs: string[];
  missing: string[];
}

/** Validates the document codes and says which required documents are missing. */
export function checkDocuments(codes: string[]): RegisterCheck {
  const types = documentTypes();
  const known = new Set(types.map((t) => t.code));
  const docs: string[] = [];
  for (const raw of codes) {
    const c = raw.trim();
    if (!c) continue;
    if (!known.has(c)) throw new GaspError('docs.unknown', { value: c, accepted: types.map((t) => t.code).join(', ') });
    if (!docs.includes(c)) docs.push(c);
  }
  const missing = types.filter((t) => t.required && !docs.includes(t.code)).map((t) => t.code);
  return { docs, missing };
}

/** Validates what a clerk typed, before anything is written or numbered. */
export function validateApplicant(input: { iin: string; name: string; address: string; phone?: string | null }) {
  const info = parseIin(input.iin);
  // Control characters and the like are refused as typed, before spaces are tidied.
  checkText(input.name, 'name', 'name');
  checkText(input.address, 'address', 'address');
  checkOptionalText(input.phone, 'phone', 'name');
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (name.length < 3 || !/\p{L}/u.test(name)) throw new GaspError('applicant.name', { value: input.name });
  const address = input.address.replace(/\s+/g, ' ').trim();
  if (address.length < 3) throw new GaspError('applicant.address', { value: input.address });
  const phone = input.phone?.trim() || null;
  if (phone && !/^[+\d][\d\s()-]{4,19}$/.test(phone)) throw new GaspError('applicant.phone', { value: phone });
  // Spelled out: a spread here costs more than all the checks above (bulk imports run it per row).
  return { iin: info.iin, birthDate: info.birthDate, sex: info.sex, name, address, phone };
}

export type Applicant = ReturnType<typeof validateApplicant>;

/** How far back `register --received-at` may date a registration. */
export const MAX_BACKDATE_DAYS = 30;

/** The first day documents can have been received: the service's records start in 2000. */
export const EARLIEST_RECEIVED = '2000-01-01';

/** When the documents were received: not in the future, not before 2000, not before the
 * applicant was born. */
export function checkReceivedAt(receivedAt: Date, birthDate: string, now: Date): void {
  if (receivedAt > now) throw new GaspError('register.future', { value: formatLocalIso(receivedAt), now: formatLocalIso(now) });
  const day = localDate(receivedAt);
  if (day < EARLIEST_RECEIVED) throw new GaspError('receivedAt.tooEarly', { value: formatLocalIso(receivedAt), earliest: EARLIEST_RECEIVED });
  if (birthDate > day) throw new GaspError('receivedAt.beforeBirth', { value: day, birth: birthDate });
}

export function checkDocLang(value: string | undefined, fallback: DocLang): DocLang {
  if (value === undefined || value === '') return fallback;
  if (!(DOC_LANGS as readonly string[]).includes(value)) throw new GaspError('docLang.invalid', { value });
  return value as DocLang;
}

/** The local calendar quarter around an instant, as [start, end) in UTC ISO. */
function quarterOf(at: Date): { from: string; to: string } {
  const [y, m] = localDate(at).split('-').map(Number) as [number, number];
  const q0 = Math.floor((m - 1) / 3) * 3 + 1;
  const from = `${y}-${String(q0).padStart(2, '0')}-01`;
  const to = q0 === 10 ? `${y + 1}-01-01` : `${y}-${String(q0 + 3).padStart(2, '0')}-01`;
  return { from: atLocal(from, 0).toISOString(), to: atLocal(to, 0).toISOString() };
}

/** An ИИН's other cases: an open one refuses the registration (unless --duplicate-ok with a
 * reason); a grant signed in the same quarter is a warning. Runs inside the write transaction. */
export async function checkDuplicates(
  tx: Db,
  iin: string,
  receivedAt: Date,
  opts: { duplicateOk?: boolean; exceptId?: number },
): Promise<{ duplicateOf: string | null; warnings: Warning[] }> {
  const first = (await openCasesOfIins(tx, [iin], opts.exceptId)).get(iin);
  if (first && !opts.duplicateOk) {
    throw new GaspError(opts.exceptId === undefined ? 'register.duplicate' : 'correct.duplicate', { iin, regno: first.regno, office: String(first.office).padStart(2, '0'), state: first.state });
  }
  const { from, to } = quarterOf(receivedAt);
  const warnings: Warning[] = (await grantsOfIin(tx, iin, from, to, opts.exceptId)).map((g) => ({
    key: 'register.grantedThisQuarter' as const,
    params: { iin, regno: g.regno, office: String(g.office).padStart(2, '0'), date: localDate(new Date(g.signed_at!)).split('-').reverse().join('.') },
  }));
  return { duplicateOf: first?.regno ?? null, warnings };
}

/** A case as registration writes it, at the office or from a paper register: every later
 * step's field still empty. */
export function newCaseRow(c: {
  regno: string;
  office: number;
  year: number;
  seq: number;
  akimat: string | null;
  receivedAt: Date;
  registeredAt: Date;
  clerk: string;
  applicant: Applicant;
  docs: string[];
  missing: string[];
  state: CaseState;
  deadlines: Record<string, Date>;
  current: Date;
  importKey: string | null;
  paperNo?: string | null;
  docLang?: DocLang;
}): NewCase {
  // Each time written out once (an import builds a case per row).
  const received = c.receivedAt.toISOString();
  const registered = c.registeredAt === c.receivedAt ? received : c.registeredAt.toISOString();
  return {
    regno: c.regno,
    office: c.office,
    year: c.year,
    seq: c.seq,
    akimat: c.akimat,
    intake: c.akimat ? 'akimat' : 'office',
    received_at: received,
    registered_at: registered,
    forwarded_at: null,
    clerk: c.clerk,
    iin: c.applicant.iin,
    name: c.applicant.name,
    name_key: foldText(c.applicant.name),
    birth_date: c.applicant.birthDate,
    sex: c.applicant.sex,
    address: c.applicant.address,
    phone: c.applicant.phone,
    phone_key: phoneKey(c.applicant.phone),
    docs: JSON.stringify(c.docs),
    missing_docs: JSON.stringify(c.missing),
    doc_lang: c.docLang ?? 'ru',
    state: c.state,
    resolution: null,
    executor: null,
    decision: null,
    reason: null,
    reason_text: null,
    signed_by: null,
    signed_at: null,
    issue_channel: null,
    issued_at: null,
    deadline_at: c.current.toISOString(),
    deadlines: JSON.stringify(Object.fromEntries(Object.entries(c.deadlines).map(([k, v]) => [k, v.toISOString()]))),
    updated_at: registered,
    import_key: c.importKey,
    paper_no: c.paperNo ?? null,
  };
}

export interface Registration {
  view: CaseView;
  warnings: Warning[];
}

export async function registerApplication(db: Db, actor: Actor, input: RegisterInput, env: Env): Promise<Registration> {
  requireRole(actor, REGISTER_ROLES, 'register');
  const applicant = validateApplicant(input);
  const { docs, missing } = checkDocuments(input.docs);
  const docLang = checkDocLang(input.docLang, 'ru');
  const comment = checkOptionalText(input.comment, 'comment', 'text')?.trim() || null;
  if (input.duplicateOk && !comment) throw new UsageError('register.duplicateComment', {});
  const receivedAt = input.receivedAt ?? env.now;
  checkReceivedAt(receivedAt, applicant.birthDate, env.now);
  // A clerk may record documents received earlier (a late entry), but not rewrite the past:
  // older paper registers come in through gasp import, where every case is marked imported.
  if (env.now.getTime() - receivedAt.getTime() > MAX_BACKDATE_DAYS * 86_400_000) {
    throw new GaspError('register.backdate', { value: formatLocalIso(receivedAt), days: MAX_BACKDATE_DAYS });
  }
  let office: number;
  if (actor.role === 'akimat') {
    office = actor.office!;
    if (input.office && (await requireOffice(db, input.office)).no !== office) {
      throw new GaspError('register.otherOffice', { login: actor.login, office: input.office, own: office });
    }
  } else {
    office = input.office ? (await requireOffice(db, input.office)).no : actor.office!;
    if (actor.office !== office) throw new GaspError('register.otherOffice', { login: actor.login, office, own: actor.office });
  }
  const viaAkimat = actor.role === 'akimat';
  const state: CaseState = viaAkimat ? 'received_by_akimat' : 'registered';
  const registerDeadline = deadlineFrom(receivedAt, env.limits.register, env.calendar);
  const next = WAITING[state]!.step;
  const nextDeadline = deadlineFrom(env.now, env.limits[next], env.calendar);
  // The number carries the year the documents were received, as an import's does.
  const year = Number(localDate(receivedAt).slice(0, 4));
  const nowIso = env.now.toISOString();

  return writeTransaction(db, async (tx) => {
    const { duplicateOf, warnings } = await checkDuplicates(tx, applicant.iin, receivedAt, { duplicateOk: input.duplicateOk });
    const seq = await takeNextSeq(tx, office, year);
    const regno = formatRegno(office, year, seq);
    const id = await insertCase(
      tx,
      newCaseRow({
        regno,
        office,
        year,
        seq,
        akimat: viaAkimat ? actor.akimat : null,
        receivedAt,
        registeredAt: env.now,
        clerk: actor.login,
        applicant,
        docs,
        missing,
        state,
        deadlines: { register: registerDeadline, [next]: nextDeadline },
        current: nextDeadline,
        importKey: null,
        docLang,
      }),
    );
    await appendEvent(tx, {
      case_id: id,
      step: 'register',
      actor: actor.login,
      at: nowIso,
      details: {
        state,
        received_at: formatLocalIso(receivedAt),
        docs,
        missing_docs: missing,
        doc_lang: docLang,
        deadline: formatLocalIso(registerDeadline),
        late: env.now > registerDeadline,
        next_deadline: formatLocalIso(nextDeadline),
        printed: 'talon',
        ...(duplicateOf ? { duplicate_ok: true, duplicate_of: duplicateOf, comment } : {}),
      },
    });
    const row = (await getCaseByRegno(tx, regno))!;
    return { view: await fullView(tx, row, env.now), warnings };
  });
}
