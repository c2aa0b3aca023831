// Corrections of the applicant's data before the decision is signed: one event with every old
// and new value; a new ИИН is validated, re-derives birth date and sex, and is checked for
// duplicates as at registration.
import { GaspError, UsageError } from '../../errors.js';
import { CORRECT, type CaseState } from '../../domain/procedure.js';
import { foldText, phoneKey } from '../../domain/search.js';
import { checkOptionalText } from '../../domain/text.js';
import type { Db } from '../../store/db.js';
import { type CasePatch, appendEvent, updateCase } from '../../store/cases.js';
import { writeTransaction } from '../../store/tx.js';
import { familyOf, moveIncomes } from '../../store/eligibility.js';
import { type Actor, requireRole } from '../staff.js';
import { reread } from './moves.js';
import { type Warning, checkDocuments, checkDuplicates, checkReceivedAt, validateApplicant } from './register.js';
import { requireVisibleCase } from './scope.js';
import { type CaseView, type Env, normaliseRegno } from './views.js';

export interface CorrectInput {
  name?: string;
  address?: string;
  phone?: string;
  iin?: string;
  docs?: string[];
  comment?: string;
  duplicateOk?: boolean;
}

export interface Correction {
  view: CaseView;
  warnings: Warning[];
}

type Change = { old: unknown; new: unknown };

export async function correctCase(db: Db, actor: Actor, regnoValue: string, input: CorrectInput, env: Env): Promise<Correction> {
  requireRole(actor, CORRECT.roles, 'correct');
  const given = (['name', 'address', 'phone', 'iin', 'docs'] as const).filter((k) => input[k] !== undefined);
  if (!given.length) throw new UsageError('correct.noField', {});
  const comment = checkOptionalText(input.comment, 'comment', 'text')?.trim();
  if (!comment) throw new GaspError('comment.required', { command: 'correct' });
  const regno = normaliseRegno(regnoValue);
  return writeTransaction(db, async (tx) => {
    const row = await requireVisibleCase(tx, actor, regno);
    if (row.state === 'signed' || row.state === 'issued') throw new GaspError('correct.signed', { regno });
    if (!(CORRECT.from as readonly string[]).includes(row.state)) {
      throw new GaspError('state.final', { regno, state: row.state as CaseState, move: 'correct' });
    }
    // The corrected applicant is validated whole, as registration validates it.
    const applicant = validateApplicant({
      iin: input.iin ?? row.iin,
      name: input.name ?? row.name,
      address: input.address ?? row.address,
      phone: input.phone !== undefined ? input.phone : row.phone,
    });
    const changes: Record<string, Change> = {};
    const patch: CasePatch = {};
    const set = <K extends 'name' | 'address' | 'phone' | 'iin' | 'birth_date' | 'sex'>(field: K, value: CasePatch[K]) => {
      if (row[field] === value) return;
      changes[field] = { old: row[field], new: value };
      patch[field] = value;
    };
    set('name', applicant.name);
    set('address', applicant.address);
    set('phone', applicant.phone);
    set('iin', applicant.iin);
    set('birth_date', applicant.birthDate);
    set('sex', applicant.sex);
    if (patch.name !== undefined) patch.name_key = foldText(applicant.name);
    if (patch.phone !== undefined) patch.phone_key = phoneKey(applicant.phone);
    if (input.docs !== undefined) {
      const { docs, missing } = checkDocuments(input.docs);
      const oldDocs = JSON.parse(row.docs) as string[];
      const oldMissing = JSON.parse(row.missing_docs) as string[];
      if (JSON.stringify(docs) !== JSON.stringify(oldDocs)) {
        changes.docs = { old: oldDocs, new: docs };
        patch.docs = JSON.stringify(docs);
      }
      if (JSON.stringify(missing) !== JSON.stringify(oldMissing)) {
        changes.missing_docs = { old: oldMissing, new: missing };
        patch.missing_docs = JSON.stringify(missing);
      }
    }
    if (!Object.keys(changes).length) throw new GaspError('correct.nothing', { regno });
    let warnings: Warning[] = [];
    let duplicateOf: string | null = null;
    // Step 3 hangs on the applicant's ИИН: their income lines follow it, a determination made
    // with the old one (the age, the sex) is cleared, and a draft made from one goes back first.
    let step3: Record<string, unknown> = {};
    if (changes.iin) {
      checkReceivedAt(new Date(row.received_at), applicant.birthDate, env.now);
      ({ duplicateOf, warnings } = await checkDuplicates(tx, applicant.iin, new Date(row.received_at), { duplicateOk: input.duplicateOk, exceptId: row.id }));
      if (row.state === 'drafted' && row.determination !== null) throw new GaspError('correct.drafted', { regno });
      if ((await familyOf(tx, row.id)).some((f) => f.iin === applicant.iin)) throw new GaspError('correct.iinInFamily', { regno, iin: applicant.iin });
      const moved = await moveIncomes(tx, row.id, row.iin, applicant.iin);
      if (row.determination !== null) patch.determination = null;
      step3 = { ...(moved ? { income_lines_moved: moved } : {}), ...(row.determination !== null ? { determination_cleared: true } : {}) };
    }
    const nowIso = env.now.toISOString();
    await updateCase(tx, row.id, { ...patch, updated_at: nowIso });
    await appendEvent(tx, {
      case_id: row.id,
      step: 'correct',
      actor: actor.login,
      at: nowIso,
      details: { state: row.state, changes, comment, ...(duplicateOf ? { duplicate_ok: true, duplicate_of: duplicateOf } : {}), ...step3 },
    });
    return { view: await reread(tx, regno, env.now), warnings };
  });
}
