// gasp migrate --to URL: copies this office's database (--db) into the oblast's, which
// `gasp init` has made (admin of the office's database).
import type { Command } from 'commander';
import { GaspError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { getAuthMode } from '../../services/auth.js';
import { seedReferenceData } from '../../services/directory.js';
import { migrateDatabase } from '../../services/migrate.js';
import { requireRole } from '../../services/staff.js';
import { openStore } from '../../store/db.js';
import type { Run } from '../program.js';
import { printJson } from '../render/output.js';
import { session } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('migrate')
    .description(t('help.migrate'))
    .requiredOption('--to <url>', t('help.migrate.to'))
    .action(
      run(async (ctx, opts: { to: string }) => {
        const s = await session(ctx);
        requireRole(s.actor, ['admin'], 'migrate');
        const source = await ctx.store();
        const target = await openStore(opts.to);
        try {
          if (target.migrated) await seedReferenceData(target.db);
          // The record of the migration is dated by the target's rules: GASP_NOW only where it
          // is believed.
          const mode = await getAuthMode(target.db);
          if (ctx.env.GASP_NOW && mode !== 'trust') throw new GaspError('time.nowRefused', { mode });
          const r = await migrateDatabase(source.db, target.db, s.actor, s.env.now, { source: source.path, target: target.path });
          if (ctx.json) return printJson(ctx, r);
          if (r.nothing) return ctx.err(t('migrate.nothing', { ...r }));
          ctx.err(t('migrate.done', { ...r }));
          if (r.kept) ctx.err(t('migrate.kept', { ...r }));
          if (r.roles_created.length) ctx.err(t('auth.rolesCreated', { count: r.roles_created.length, logins: r.roles_created.join(', ') }));
        } finally {
          await target.close();
        }
      }),
    );
}
