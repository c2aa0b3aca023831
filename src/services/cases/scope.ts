// Who sees which cases, decided in one place: the staff of a case's office (an akimat user: of
// their akimat) and admins. Lists, a single case, reprints and exports all ask here.
import { GaspError } from '../../errors.js';
import type { Db } from '../../store/db.js';
import { type CaseRow, type CaseScope, getCaseByRegno } from '../../store/cases.js';
import type { Actor } from '../staff.js';
import { normaliseRegno } from './views.js';

/** The cases an actor may see: an admin all of them, an akimat user their akimat's, the others their office's. */
export function scopeOf(actor: Actor): CaseScope {
  if (actor.role === 'admin') return {};
  if (actor.role === 'akimat') return { akimat: actor.akimat ?? '' };
  return { office: actor.office ?? -1 };
}

export function canSee(actor: Actor, row: Pick<CaseRow, 'office' | 'akimat'>): boolean {
  const scope = scopeOf(actor);
  if (scope.akimat !== undefined) return row.akimat === scope.akimat;
  if (scope.office !== undefined) return row.office === scope.office;
  return true;
}

/** The case, if the actor may see it. A case of another office reads exactly like one that does
 * not exist, so that the message gives away nothing about it. */
export async function requireVisibleCase(db: Db, actor: Actor, value: string): Promise<CaseRow> {
  const regno = normaliseRegno(value);
  const row = await getCaseByRegno(db, regno);
  if (actor.role === 'admin') {
    if (!row) throw new GaspError('case.notFound', { regno });
    return row;
  }
  if (!row || !canSee(actor, row)) throw new GaspError('case.notInScope', { regno });
  return row;
}
