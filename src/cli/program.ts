// The commander program: global options, the commands, and the one error boundary.
import { Command, CommanderError, Option } from 'commander';
import { GaspError, UsageError } from '../errors.js';
import { storeFailureError } from '../store/failures.js';
import { shownLocation } from '../store/db.js';
import { errorMessage, isLang, setLang, t } from '../i18n/index.js';
import { Context, type GlobalOptions } from './context.js';
import { localiseErrors, localiseHelp, optionDescription } from './help.js';
import { isPromptCancel } from './render/prompts.js';
import { register as registerInit } from './commands/init.js';
import { register as registerOffices } from './commands/offices.js';
import { register as registerAkimats } from './commands/akimats.js';
import { register as registerStaff } from './commands/staff.js';
import { register as registerRegister } from './commands/register.js';
import { register as registerForward } from './commands/forward.js';
import { register as registerAssign } from './commands/assign.js';
import { register as registerReview } from './commands/review.js';
import { register as registerDraft } from './commands/draft.js';
import { register as registerSign } from './commands/sign.js';
import { register as registerReturn } from './commands/return.js';
import { register as registerIssue } from './commands/issue.js';
import { register as registerWithdraw } from './commands/withdraw.js';
import { register as registerCase } from './commands/case.js';
import { register as registerCalendar } from './commands/calendar.js';
import { register as registerDemo } from './commands/demo.js';
import { register as registerTalon } from './commands/talon.js';
import { register as registerExport } from './commands/export.js';
import { register as registerReport } from './commands/report.js';
import { register as registerImport } from './commands/import.js';
import { register as registerBackup } from './commands/backup.js';
import { register as registerMigrate } from './commands/migrate.js';
import { register as registerReassign } from './commands/reassign.js';
import { register as registerCorrect } from './commands/correct.js';
import { register as registerPasswd } from './commands/passwd.js';
import { register as registerFamily } from './commands/family.js';
import { register as registerIncome } from './commands/income.js';
import { register as registerRates } from './commands/rates.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ActionArgs = any[];
export type Handler = (ctx: Context, ...args: ActionArgs) => unknown;
export type Run = (handler: Handler) => (...args: ActionArgs) => Promise<void>;

let activeContext: Context | undefined;

/** Wraps a command's handler: builds the context from the global options, passes the arguments. */
const run: Run = (handler) => async (...args) => {
  const command = args[args.length - 1] as Command;
  refuseEmptyOptions(command);
  const ctx = new Context(command.optsWithGlobals<GlobalOptions>());
  activeContext = ctx;
  await handler(ctx, ...args.slice(0, -1));
};

/** An option given an empty value (`--office ""`) is refused as if its value were missing, rather
 * than read as not given; only a phone may be empty, to say there is none. */
function refuseEmptyOptions(command: Command): void {
  for (let c: Command | null = command; c; c = c.parent) {
    for (const o of c.options) {
      if (o.long === '--phone' || c.getOptionValue(o.attributeName()) !== '') continue;
      throw new UsageError('usage.optionValue', { flag: o.long ?? o.flags, description: optionDescription(c, o.flags) });
    }
  }
}

export function buildProgram(): Command {
  const program = localiseHelp(new Command('gasp'))
    .description(t('help.gasp'))
    .version('0.1.0', '-V, --version', t('help.global.version'))
    .exitOverride()
    .showSuggestionAfterError()
    .option('--db <path>', t('help.global.db'))
    .option('--as <login>', t('help.global.as'))
    .option('--json', t('help.global.json'))
    .addOption(new Option('--lang <lang>', t('help.global.lang')))
    .option('--no-input', t('help.global.input'))
    .option('--no-color', t('help.global.color'));
  for (const register of [
    registerInit,
    registerOffices,
    registerAkimats,
    registerStaff,
    registerPasswd,
    registerRegister,
    registerForward,
    registerAssign,
    registerFamily,
    registerIncome,
    registerReview,
    registerDraft,
    registerSign,
    registerReturn,
    registerIssue,
    registerWithdraw,
    registerReassign,
    registerCorrect,
    registerCase,
    registerCalendar,
    registerRates,
    registerTalon,
    registerExport,
    registerReport,
    registerImport,
    registerBackup,
    registerMigrate,
    registerDemo,
  ]) {
    register(program, run);
  }
  localiseErrors(program);
  return program;
}

/** Runs the CLI and returns the exit code: 0 done, 1 refused or failed, 2 wrong usage. */
export async function main(argv: string[]): Promise<number> {
  // Help and usage errors are printed while the options are parsed, so the language is taken
  // from the raw arguments first; a wrong value is reported by the Context later.
  // Owner only until the database's folder says otherwise (Context applies the file policy).
  process.umask(0o077);
  const lang = langFromArgs(argv.slice(2)) ?? process.env.GASP_LANG;
  if (lang && isLang(lang)) setLang(lang);
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    // A `trust` database believes --as and GASP_NOW: every human output says so.
    if (activeContext?.authMode === 'trust' && !activeContext.json && activeContext.spoke) process.stderr.write(t('auth.trustBanner') + '\n');
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    if (isPromptCancel(e)) {
      process.stderr.write(`\n${t('prompt.cancelled')}\n`);
      return 130;
    }
    // A busy database, a full disk or a damaged file is a sentence, not an internal error.
    const known = e instanceof GaspError ? e : activeContext && storeFailureError(e, shownLocation(activeContext.dbLocation));
    if (known) {
      process.stderr.write(errorMessage(known.key, known.params) + '\n');
      if (process.env.GASP_DEBUG === '1') process.stderr.write(`${(e as Error).stack}\n`);
      return known.exitCode;
    }
    const err = e as Error;
    process.stderr.write(t('error.internal', { message: err?.message ?? String(e) }) + '\n');
    if (process.env.GASP_DEBUG === '1') process.stderr.write(`${err?.stack}\n`);
    return 1;
  } finally {
    await activeContext?.close();
  }
}

/** `--lang kk` or `--lang=kk` anywhere before a `--`. */
export function langFromArgs(args: string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === '--lang') found = args[i + 1];
    else if (a.startsWith('--lang=')) found = a.slice(7);
  }
  return found;
}
