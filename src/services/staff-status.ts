// Disabling and enabling staff accounts. An executor who leaves (ill, on leave, gone) must not
// leave cases that nobody can move: they are handed over in the same transaction, one event each.
import { GaspError } from '../errors.js';
import type { Db } from '../store/db.js';
import { openCasesOfExecutor } from '../store/cases.js';
import { type StaffRow, getStaff, setStaffDisabled } from '../store/staff.js';
import { writeTransaction } from '../store/tx.js';
import { ensureMemberRole, setRoleLogin } from '../store/roles.js';
import { rolesManaged } from './auth.js';
import { checkOptionalText } from '../domain/text.js';
import { handCaseOver } from './cases/moves.js';
import type { Env } from './cases/views.js';
import { type Actor, requireRole, staffEvent } from './staff.js';

export interface StatusChange {
  staff: StaffRow;
  handedOver: string[];
}

export async function disableStaff(db: Db, actor: Actor, login: string, opts: { handover?: string; comment?: string }, env: Env): Promise<StatusChange> {
  requireRole(actor, ['admin'], 'staff disable');
  if (login === actor.login) throw new GaspError('staff.disableSelf', { login });
  checkOptionalText(opts.comment, 'comment', 'text');
  return writeTransaction(db, async (tx) => {
    const s = await getStaff(tx, login);
    if (!s) throw new GaspError('staff.unknown', { login });
    if (s.disabled) throw new GaspError('staff.alreadyDisabled', { login });
    const open = await openCasesOfExecutor(tx, login);
    const handedOver: string[] = [];
    if (open.length && !opts.handover) throw new GaspError('staff.openCases', { login, count: open.length });
    if (opts.handover) {
      if (opts.handover === login) throw new GaspError('staff.handoverSelf', { login });
      const to = await getStaff(tx, opts.handover);
      if (!to || to.role !== 'executor' || to.disabled || to.office !== s.office) {
        throw new GaspError('staff.handoverTo', { value: opts.handover, office: String(s.office ?? '').padStart(2, '0') });
      }
      const comment = opts.comment?.trim() || null;
      for (const row of open) {
        await handCaseOver(tx, actor, row, to, comment, env, true);
        handedOver.push(row.regno);
      }
    }
    await setStaffDisabled(tx, login, true);
    // Where members log in as database roles, the role can no longer log in either.
    if (await rolesManaged(tx)) await setRoleLogin(tx, login, false);
    await staffEvent(tx, actor.login, actor, 'disable', s, env.now);
    return { staff: { ...s, disabled: 1 }, handedOver };
  });
}

export async function enableStaff(db: Db, actor: Actor, login: string, now: Date): Promise<StaffRow> {
  requireRole(actor, ['admin'], 'staff enable');
  return writeTransaction(db, async (tx) => {
    const s = await getStaff(tx, login);
    if (!s) throw new GaspError('staff.unknown', { login });
    if (!s.disabled) throw new GaspError('staff.notDisabled', { login });
    await setStaffDisabled(tx, login, false);
    if (await rolesManaged(tx)) {
      await ensureMemberRole(tx, login, { admin: s.role === 'admin' });
      await setRoleLogin(tx, login, true);
    }
    await staffEvent(tx, actor.login, actor, 'enable', s, now);
    return { ...s, disabled: 0 };
  });
}
