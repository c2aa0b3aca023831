// gasp sign REGNO: step 5 — the head signs the notification or the refusal. A draft made against
// the determination shows its comment first (and on a terminal asks before signing).
import type { Command } from 'commander';
import { GaspError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { getCase, signDecision } from '../../services/cases.js';
import type { Context } from '../context.js';
import type { Run } from '../program.js';
import { grantText } from '../../documents/amounts.js';
import { runStep, session } from '../session.js';
import { askYesNo } from '../render/prompts.js';

async function signAction(ctx: Context, regno: string) {
  const s = await session(ctx);
  const c = await getCase(s.db, s.actor, regno, s.env.now);
  if (c.state === 'drafted' && !ctx.json) {
    const lang = ctx.lang === 'kk' ? 'kk' : 'ru';
    if (c.grant) ctx.err(t('sign.amount', { text: grantText(c.grant, lang) }));
    else if (c.decision === 'grant' && c.determination) ctx.err(t('sign.noAmount'));
    if (c.decision === 'grant') {
      const names = new Map((c.determination?.members ?? []).map((m) => [m.iin, m.name]));
      for (const g of c.determination?.same_quarter ?? []) ctx.err(t('sign.sameQuarter', { name: names.get(g.iin) ?? g.iin, iin: g.iin, regno: g.regno, office: String(g.office).padStart(2, '0') }));
    }
    if (c.override_comment) {
      ctx.err(t('sign.override', { decision: t(`decision.${c.decision ?? 'grant'}` as 'decision.grant'), comment: c.override_comment }));
      if (ctx.interactive) {
        if (!(await askYesNo(t('sign.confirm', { regno: c.regno })))) throw new GaspError('sign.notConfirmed', { regno: c.regno });
      }
    }
  }
  return runStep(ctx, (st) => signDecision(st.db, st.actor, regno, st.env));
}

export function register(program: Command, run: Run): void {
  program
    .command('sign')
    .description(t('help.sign'))
    .argument('<regno>', t('help.common.regno'))
    .action(run((ctx, regno: string) => signAction(ctx, regno)));
}
