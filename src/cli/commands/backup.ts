// gasp backup FILE: an online copy while others write; gasp check: integrity and invariants (admin).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { GaspError } from '../../errors.js';
import { errorMessage, t } from '../../i18n/index.js';
import { type Problem, checkDatabase } from '../../services/check.js';
import { integrityOfFile } from '../../store/db.js';
import { requireRole } from '../../services/staff.js';
import type { Run } from '../program.js';
import { writeNewFile } from '../../files.js';
import { storeFailure } from '../../store/failures.js';
import { checkTarget } from '../documents.js';
import { printJson } from '../render/output.js';
import { session } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('backup')
    .description(t('help.backup'))
    .argument('<file>', t('help.backup.file'))
    .option('--force', t('help.common.force'))
    .action(
      run(async (ctx, file: string, opts: { force?: boolean }) => {
        checkTarget(ctx, file, opts.force);
        const s = await session(ctx);
        requireRole(s.actor, ['admin'], 'backup');
        const store = await ctx.store();
        // A damaged database is not copied over a good older backup: SQLite's backup copies pages
        // as they are, damage included.
        let problems: string[];
        try {
          problems = store.quickCheck();
        } catch (e) {
          if (storeFailure(e) !== 'corrupt') throw e;
          problems = [(e as Error).message];
        }
        if (problems.length) throw new GaspError('backup.damaged', { path: store.path, problem: problems.slice(0, 3).join('; ') });
        await writeNewFile(file, { force: opts.force, database: ctx.dbLocation }, (tmp) => store.backup(tmp));
        const size = fs.statSync(file).size;
        if (ctx.json) return printJson(ctx, { file: path.resolve(file), bytes: size });
        ctx.err(t('backup.done', { path: path.resolve(file), size: `${(size / 1024 / 1024).toFixed(1)} MiB` }));
      }),
    );
  program
    .command('check')
    .description(t('help.check'))
    .option('--full', t('help.check.full'))
    .action(
      run(async (ctx, opts: { full?: boolean }) => {
        let problems: Problem[];
        try {
          const s = await session(ctx);
          problems = await checkDatabase(s.db, s.actor, { full: opts.full });
        } catch (e) {
          // A damaged file: what SQLite's integrity check finds is the report, not an internal error.
          if (storeFailure(e) !== 'corrupt' && !(e instanceof GaspError && e.key === 'db.corrupt')) throw e;
          await ctx.close();
          problems = integrityOfFile(path.resolve(ctx.dbLocation), opts.full).map((detail) => ({ kind: 'check.integrity', params: { detail } }));
          if (!problems.length) throw e;
        }
        if (ctx.json) printJson(ctx, problems.map((p) => ({ kind: p.kind.replace(/^check\./, ''), ...p.params, message: errorMessage(p.kind as 'check.gap', p.params) })));
        else for (const p of problems) ctx.out(errorMessage(p.kind as 'check.gap', p.params));
        if (problems.length) throw new GaspError('check.problems', { count: problems.length });
      }),
    );
}
