// gasp sign REGNO: step 5 — the head signs the notification or the refusal.
import type { Command } from 'commander';
import { t } from '../../i18n/index.js';
import { signDecision } from '../../services/cases.js';
import type { Run } from '../program.js';
import { runStep } from '../session.js';

export function register(program: Command, run: Run): void {
  program
    .command('sign')
    .description(t('help.sign'))
    .argument('<regno>', t('help.common.regno'))
    .action(run((ctx, regno: string) => runStep(ctx, (s) => signDecision(s.db, s.actor, regno, s.env))));
}
