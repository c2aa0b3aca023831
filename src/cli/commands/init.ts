// gasp init: create or upgrade the database and seed the reference data.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { seedReferenceData } from '../../services/directory.js';
import type { Context } from '../context.js';
import { printJson } from '../render/output.js';
import type { Run } from '../program.js';

async function initAction(ctx: Context) {
  const store = await ctx.store();
  const counts = await seedReferenceData(store.db);
  if (ctx.json) return printJson(ctx, { db: store.path, ...counts });
  ctx.err(t('init.done', { path: store.path, ...counts }));
}

export function register(program: Command, run: Run): void {
  program
    .command('init')
    .description('create or upgrade the database and seed the directory')
    .action(run((ctx) => initAction(ctx)));
}
