// gasp init: create or upgrade the database, seed the reference data, create the first admin.
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { parseOfficeNo, seedReferenceData } from '../../services/directory.js';
import { checkStaffText, createFirstAdmin } from '../../services/staff.js';
import type { Context } from '../context.js';
import { printJson } from '../render/output.js';
import type { Run } from '../program.js';

interface InitOptions {
  admin?: string;
  name?: string;
  office?: string;
  osUser?: string;
}

async function initAction(ctx: Context, opts: InitOptions) {
  if (opts.admin && !opts.name) throw new UsageError('staff.name', {});
  if (!opts.admin && (opts.name !== undefined || opts.office !== undefined || opts.osUser !== undefined)) throw new UsageError('init.adminOptions', {});
  // What the first admin is given is checked before a database is created for it.
  if (opts.admin) {
    checkStaffText({ login: opts.admin, name: opts.name!, osUser: opts.osUser });
    if (opts.office !== undefined) parseOfficeNo(opts.office);
  }
  const store = await ctx.store({ create: true });
  const counts = await seedReferenceData(store.db);
  const admin = opts.admin
    ? await createFirstAdmin(store.db, { login: opts.admin, name: opts.name!, office: opts.office, osUser: opts.osUser }, ctx.now())
    : null;
  if (ctx.json) return printJson(ctx, { db: store.path, ...counts, admin: admin?.login ?? null });
  ctx.err(t('init.done', { path: store.path, ...counts }));
  if (admin) ctx.err(t('init.admin', { login: admin.login }));
}

export function register(program: Command, run: Run): void {
  program
    .command('init')
    .description(t('help.init'))
    .option('--admin <login>', t('help.init.admin'))
    .option('--name <fio>', t('help.init.name'))
    .option('--office <no>', t('help.init.office'))
    .option('--os-user <user>', t('help.init.osUser'))
    .action(run((ctx, opts: InitOptions) => initAction(ctx, opts)));
}
