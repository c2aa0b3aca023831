// gasp init: create or upgrade the database, seed the reference data, choose who may act as
// whom (--auth), create the first admin.
import type { Command } from 'commander';
import { GaspError, UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { AUTH_MODES, type AuthMode, getAuthMode, hashPassword, isAuthMode, rolesManaged, validatePassword, writeSetting } from '../../services/auth.js';
import { parseOfficeNo, seedReferenceData } from '../../services/directory.js';
import { checkStaffText, createFirstAdmin, memberLoginRole } from '../../services/staff.js';
import { countStaff } from '../../store/staff.js';
import { writeTransaction } from '../../store/tx.js';
import { type Context, osUser } from '../context.js';
import { printJson } from '../render/output.js';
import type { Run } from '../program.js';
import { newPassword } from './passwd.js';

interface InitOptions {
  admin?: string;
  name?: string;
  office?: string;
  osUser?: string;
  auth?: string;
}

async function initAction(ctx: Context, opts: InitOptions) {
  if (opts.admin && !opts.name) throw new UsageError('staff.name', {});
  if (opts.auth !== undefined && !isAuthMode(opts.auth)) throw new UsageError('auth.mode', { value: opts.auth, accepted: AUTH_MODES.join(', ') });
  // A clock other than the real one is believed only by a `trust` database.
  if (ctx.env.GASP_NOW && (opts.auth ?? 'os') !== 'trust') throw new GaspError('time.nowRefused', { mode: opts.auth ?? 'os' });
  if (!opts.admin && (opts.name !== undefined || opts.office !== undefined || opts.osUser !== undefined)) throw new UsageError('init.adminOptions', {});
  // What the first admin is given is checked before a database is created for it.
  if (opts.admin) {
    checkStaffText({ login: opts.admin, name: opts.name!, osUser: opts.osUser });
    if (opts.office !== undefined) parseOfficeNo(opts.office);
  }
  const store = await ctx.store({ create: true });
  const db = store.db;
  const counts = await seedReferenceData(db);
  let mode: AuthMode = await getAuthMode(db);
  if ((await countStaff(db)) === 0) {
    // A new database: its mode is chosen now (os unless said otherwise).
    mode = (opts.auth as AuthMode | undefined) ?? 'os';
    await writeTransaction(db, (tx) => writeSetting(tx, 'auth_mode', mode));
    ctx.authMode = mode;
  } else if (opts.auth !== undefined && opts.auth !== mode) {
    throw new GaspError('init.authChange', { mode, value: opts.auth });
  }
  let admin = null;
  let rolePassword: string | undefined;
  if (opts.admin) {
    // In `os` mode the first admin is the person running init unless another account is named;
    // in `password` mode the admin's password is asked now, or nobody could ever act.
    const role = await memberLoginRole(db, opts.admin);
    const linked = opts.osUser ?? (mode === 'os' && !role ? osUser() : undefined);
    let passwordHash: string | undefined;
    if (role) {
      // Where members log in as database roles, the first admin's is created now (its password
      // typed, or GASP_PASSWORD, or none: peer or certificate login), or taken over as it is.
      if (!role.exists) {
        rolePassword = ctx.interactive ? await newPassword(ctx, opts.admin, 'GASP_PASSWORD') : ctx.env.GASP_PASSWORD || undefined;
        if (rolePassword) validatePassword(rolePassword);
        else rolePassword = undefined;
      }
    } else if (mode === 'password') {
      const pw = await newPassword(ctx, opts.admin, 'GASP_PASSWORD');
      if (pw === undefined) throw new GaspError('auth.initPassword', { login: opts.admin });
      validatePassword(pw);
      passwordHash = await hashPassword(pw);
    }
    admin = await createFirstAdmin(db, { login: opts.admin, name: opts.name!, office: opts.office, osUser: linked, passwordHash, rolePassword }, ctx.now());
  }
  const roles = await rolesManaged(db, mode);
  if (ctx.json) return printJson(ctx, { db: store.path, ...counts, auth: mode, admin: admin?.login ?? null, ...(admin?.loginRole ? { login_role: admin.loginRole } : {}) });
  ctx.err(t('init.done', { path: store.path, ...counts }));
  ctx.err(t(roles ? 'init.auth.role' : `init.auth.${mode}`));
  if (admin) ctx.err(t('init.admin', { login: admin.login }));
  if (admin?.loginRole === 'existing') ctx.err(t('staff.roleTakenOver', { login: admin.login }));
  else if (admin?.loginRole) ctx.err(t(rolePassword === undefined ? 'staff.roleCreatedNoPassword' : 'staff.roleCreated', { login: admin.login }));
}

export function register(program: Command, run: Run): void {
  program
    .command('init')
    .description(t('help.init'))
    .option('--auth <mode>', t('help.init.auth'))
    .option('--admin <login>', t('help.init.admin'))
    .option('--name <fio>', t('help.init.name'))
    .option('--office <no>', t('help.init.office'))
    .option('--os-user <user>', t('help.init.osUser'))
    .action(run((ctx, opts: InitOptions) => initAction(ctx, opts)));
}
