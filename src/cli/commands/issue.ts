// gasp issue REGNO --in-person | --post: step 6 — give the decision and print the notification.
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { issueDecision } from '../../services/cases.js';
import { renderNotice } from '../../services/documents.js';
import type { Run } from '../program.js';
import { docLang, session } from '../session.js';
import { printJson } from '../render/output.js';

export function register(program: Command, run: Run): void {
  program
    .command('issue')
    .description('step 6: give the notification or refusal to the applicant and print it (executor)')
    .argument('<regno>', 'registration number OO-YYYY-NNNNN')
    .option('--in-person', 'handed over in person')
    .option('--post', 'sent by post')
    .action(
      run(async (ctx, regno: string, opts: { inPerson?: boolean; post?: boolean }) => {
        if (Boolean(opts.inPerson) === Boolean(opts.post)) throw new UsageError('issue.choose', {});
        const s = await session(ctx);
        const view = await issueDecision(s.db, s.actor, regno, { channel: opts.post ? 'post' : 'in-person' }, s.env);
        if (ctx.json) return printJson(ctx, view);
        ctx.out((await renderNotice(s.db, view, docLang(ctx))).text);
      }),
    );
}
