// gasp staff add|list|disable: staff accounts (admin).
import type { Command } from 'commander';
import { roleCodesHelp } from '../help.js';
import { t } from '../../i18n/index.js';
import { type StaffRow, addStaff, checkStaffText, linkOsUser, memberLoginRole, staffList } from '../../services/staff.js';
import { hashPassword, validatePassword } from '../../services/auth.js';
import { newPassword } from './passwd.js';
import { disableStaff, enableStaff } from '../../services/staff-status.js';
import type { Context } from '../context.js';
import { word } from '../render/labels.js';
import { printJson, printTable } from '../render/output.js';
import type { Run } from '../program.js';
import { session } from '../session.js';

const staffJson = (s: StaffRow) => ({
  login: s.login,
  name: s.name,
  role: s.role,
  office: s.office,
  akimat: s.akimat,
  os_user: s.os_user,
  disabled: Boolean(s.disabled),
});

interface AddOptions {
  name: string;
  role: string;
  office?: string;
  akimat?: string;
  osUser?: string;
}

async function addAction(ctx: Context, login: string, opts: AddOptions) {
  const { db, actor, env } = await session(ctx);
  // Where members log in as database roles (PostgreSQL outside `trust`), a new role's password
  // is typed now (or GASP_NEW_PASSWORD); none leaves a role for peer or certificate login. An
  // existing role of that name is taken over as it is.
  const role = await memberLoginRole(db, login);
  if (role) {
    checkStaffText({ login, name: opts.name, osUser: opts.osUser });
    const rolePassword = role.exists ? undefined : await rolePasswordOf(ctx, login);
    const s = await addStaff(db, actor, { login, name: opts.name, role: opts.role, office: opts.office, akimat: opts.akimat, osUser: opts.osUser, rolePassword }, env.now);
    if (ctx.json) return printJson(ctx, { ...staffJson(s), login_role: s.loginRole ?? null });
    ctx.err(t('staff.added', { login: s.login, role: t(`role.${s.role}` as never) }));
    if (s.loginRole === 'existing') ctx.err(t('staff.roleTakenOver', { login: s.login }));
    else ctx.err(t(rolePassword === undefined ? 'staff.roleCreatedNoPassword' : 'staff.roleCreated', { login: s.login }));
    return;
  }
  // In `os` mode a member acts from the OS account of the same name unless another is named;
  // in `password` mode the first password is typed now (or GASP_NEW_PASSWORD), else set later.
  const osUser = opts.osUser ?? (ctx.authMode === 'os' ? login : undefined);
  let passwordHash: string | undefined;
  if (ctx.authMode === 'password') {
    const pw = await newPassword(ctx, login);
    if (pw !== undefined) {
      validatePassword(pw);
      passwordHash = await hashPassword(pw);
    }
  }
  const s = await addStaff(db, actor, { login, name: opts.name, role: opts.role, office: opts.office, akimat: opts.akimat, osUser, passwordHash }, env.now);
  if (ctx.json) return printJson(ctx, staffJson(s));
  ctx.err(t('staff.added', { login: s.login, role: t(`role.${s.role}` as never) }));
  if (ctx.authMode === 'password' && !passwordHash) ctx.err(t('staff.addedNoPassword', { login: s.login }));
  if (ctx.authMode === 'os') ctx.err(t('staff.addedOsUser', { login: s.login, osUser: s.os_user ?? '' }));
}

/** A new login role's password: typed twice on a terminal (nothing typed: none), else
 * GASP_NEW_PASSWORD, else none. */
async function rolePasswordOf(ctx: Context, login: string): Promise<string | undefined> {
  const pw = ctx.interactive ? await newPassword(ctx, login) : ctx.env.GASP_NEW_PASSWORD || undefined;
  if (!pw) return undefined;
  validatePassword(pw);
  return pw;
}

async function linkAction(ctx: Context, login: string, opts: { osUser: string }) {
  const { db, actor, env } = await session(ctx);
  const s = await linkOsUser(db, actor, login, opts.osUser, env.now);
  if (ctx.json) return printJson(ctx, staffJson(s));
  ctx.err(t('staff.linked', { login: s.login, osUser: s.os_user ?? '' }));
}

async function listAction(ctx: Context) {
  const { db, actor } = await session(ctx);
  const rows = await staffList(db, actor);
  if (ctx.json) return printJson(ctx, rows.map(staffJson));
  printTable(ctx, rows, [
    { header: t('label.login'), value: (s) => s.login },
    { header: t('label.fullName'), value: (s) => s.name, grow: 3, min: 20 },
    { header: t('label.role'), value: (s) => word('role', s.role), grow: 1, min: 14, drop: 1 },
    { header: t('col.office'), value: (s) => (s.office === null ? '' : String(s.office).padStart(2, '0')), drop: 2 },
    { header: t('label.akimat'), value: (s) => s.akimat, drop: 3 },
    { header: t('label.disabled'), value: (s) => (s.disabled ? t('event.yes') : ''), drop: 1 },
  ]);
}

async function disableAction(ctx: Context, login: string, opts: { handover?: string; comment?: string }) {
  const { db, actor, env } = await session(ctx);
  const { staff, handedOver } = await disableStaff(db, actor, login, opts, env);
  if (ctx.json) return printJson(ctx, { ...staffJson(staff), handed_over: handedOver });
  if (handedOver.length) ctx.err(t('staff.handedOver', { count: handedOver.length, regnos: handedOver.join(', ') }));
  ctx.err(t('staff.disabled', { login }));
}

async function enableAction(ctx: Context, login: string) {
  const { db, actor, env } = await session(ctx);
  const staff = await enableStaff(db, actor, login, env.now);
  if (ctx.json) return printJson(ctx, staffJson(staff));
  ctx.err(t('staff.enabled', { login }));
}

export function register(program: Command, run: Run): void {
  const staff = program.command('staff').description(t('help.staff'));
  staff
    .command('add')
    .description(t('help.staff.add'))
    .argument('<login>', t('help.staff.add.login'))
    .requiredOption('--name <fio>', t('help.staff.add.name'))
    .requiredOption('--role <role>', t('help.staff.add.role'))
    .addHelpText('after', roleCodesHelp)
    .option('--office <no>', t('help.staff.add.office'))
    .option('--akimat <code>', t('help.staff.add.akimat'))
    .option('--os-user <user>', t('help.staff.add.osUser'))
    .action(run((ctx, login: string, opts: AddOptions) => addAction(ctx, login, opts)));
  staff.command('list').description(t('help.staff.list')).action(run((ctx) => listAction(ctx)));
  staff
    .command('disable')
    .description(t('help.staff.disable'))
    .argument('<login>', t('help.staff.login'))
    .option('--handover <login>', t('help.staff.disable.handover'))
    .option('--comment <text>', t('help.staff.disable.comment'))
    .action(run((ctx, login: string, opts: { handover?: string; comment?: string }) => disableAction(ctx, login, opts)));
  staff
    .command('enable')
    .description(t('help.staff.enable'))
    .argument('<login>', t('help.staff.login'))
    .action(run((ctx, login: string) => enableAction(ctx, login)));
  staff
    .command('link')
    .description(t('help.staff.link'))
    .argument('<login>', t('help.staff.login'))
    .requiredOption('--os-user <user>', t('help.staff.add.osUser'))
    .action(run((ctx, login: string, opts: { osUser: string }) => linkAction(ctx, login, opts)));
}
