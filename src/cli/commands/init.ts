// gasp init: create or upgrade the database, seed the reference data, create the first admin.
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { seedReferenceData } from '../../services/directory.js';
import { createFirstAdmin } from '../../services/staff.js';
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
    .description('create or upgrade the database, seed the directory, create the first admin')
    .option('--admin <login>', 'create the first administrator (only on a database without staff)')
    .option('--name <fio>', 'the administrator\'s full name')
    .option('--office <no>', 'the administrator\'s office (1–19)')
    .option('--os-user <user>', 'operating-system user that acts as this administrator by default')
    .action(run((ctx, opts: InitOptions) => initAction(ctx, opts)));
}
