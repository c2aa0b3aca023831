// gasp passwd [LOGIN]: one's own password, or (an admin) another member's, which also lifts a
// lock; gasp auth [set MODE]: the database's authentication mode.
import type { Command } from 'commander';
import { GaspError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { getAuthMode, rolesManaged, setAuthMode, setPassword } from '../../services/auth.js';
import { type Context, osUser } from '../context.js';
import { printJson } from '../render/output.js';
import type { Run } from '../program.js';
import { session } from '../session.js';

/** A new password: typed twice on a terminal, else taken from the environment variable. */
export async function newPassword(ctx: Context, login: string, fromEnv = 'GASP_NEW_PASSWORD'): Promise<string | undefined> {
  if (!ctx.interactive) return ctx.env[fromEnv] || undefined;
  const first = await ctx.askPassword(login, 'auth.promptNew');
  const again = await ctx.askPassword(login, 'auth.promptAgain');
  if (first !== again) throw new GaspError('auth.mismatch', {});
  return first;
}

async function passwdAction(ctx: Context, login: string | undefined) {
  const { db, actor, env } = await session(ctx);
  const target = login ?? actor.login;
  const pw = await newPassword(ctx, target);
  if (pw === undefined) throw new GaspError('auth.newPasswordRequired', { login: target });
  await setPassword(db, actor, target, pw, env.now);
  if (ctx.json) return printJson(ctx, { login: target, password_set: true });
  // A login role's password (PostgreSQL) has no lock of gasp's to lift.
  const reset = (await rolesManaged(db)) ? 'auth.rolePasswordReset' : 'auth.passwordReset';
  ctx.err(t(target === actor.login ? 'auth.passwordSet' : reset, { login: target }));
}

async function showAction(ctx: Context) {
  const { db } = await ctx.store();
  const mode = await getAuthMode(db);
  if (ctx.json) return printJson(ctx, { auth: mode });
  ctx.out(t((await rolesManaged(db, mode)) ? 'init.auth.role' : `init.auth.${mode}`));
}

async function setAction(ctx: Context, mode: string) {
  const { db, actor, env } = await session(ctx);
  const r = await setAuthMode(db, actor, mode, osUser(), env.now);
  ctx.authMode = r.to;
  if (ctx.json) return printJson(ctx, { auth: r.to, was: r.from });
  ctx.err(t('auth.changed', { from: r.from, to: r.to }));
  if (r.rolesCreated.length) ctx.err(t('auth.rolesCreated', { count: r.rolesCreated.length, logins: r.rolesCreated.join(', ') }));
}

export function register(program: Command, run: Run): void {
  program
    .command('passwd')
    .description(t('help.passwd'))
    .argument('[login]', t('help.passwd.login'))
    .action(run((ctx, login: string | undefined) => passwdAction(ctx, login)));
  const auth = program.command('auth').description(t('help.auth')).action(run((ctx) => showAction(ctx)));
  auth
    .command('set')
    .description(t('help.auth.set'))
    .argument('<mode>', t('help.auth.mode'))
    .action(run((ctx, mode: string) => setAction(ctx, mode)));
}
