// gasp register: step 1 — accept and register the documents, print the talon.
import type { Command } from 'commander';
import { documentCodesHelp } from '../help.js';
import { GaspError, UsageError } from '../../errors.js';
import { errorMessage, t } from '../../i18n/index.js';
import { parseIin } from '../../domain/iin.js';
import { parseTime } from '../../domain/time.js';
import { checkText } from '../../domain/text.js';
import { checkDocuments, registerApplication } from '../../services/cases.js';
import { renderTalon } from '../../services/documents.js';
import { documentTypes } from '../../services/reference.js';
import type { Context } from '../context.js';
import type { Run } from '../program.js';
import { docLang, session, showCase } from '../session.js';
import { checkPdfTarget, emitAfterCommit } from '../documents.js';
import { docLabel } from '../render/labels.js';
import { askYesNo, checkboxTheme } from '../render/prompts.js';

interface RegisterOptions {
  iin?: string;
  name?: string;
  address?: string;
  phone?: string;
  docs?: string;
  receivedAt?: string;
  office?: string;
  pdf?: string;
  force?: boolean;
  docLang?: string;
  duplicateOk?: boolean;
  comment?: string;
}

const valid = (check: () => unknown) => {
  try {
    check();
    return true as const;
  } catch (e) {
    if (e instanceof GaspError) return errorMessage(e.key, e.params);
    throw e;
  }
};

/** A prompt's check of a name or an address: the rule for stored text, then three characters. */
const typed = (field: 'name' | 'address') => (v: string) => {
  const rule = valid(() => checkText(v, field, field));
  return rule !== true ? rule : v.trim().length >= 3 || t(field === 'name' ? 'applicant.name' : 'applicant.address', { value: v });
};

/** Asks for what was not given on the command line (a terminal only); else it is an error. */
async function complete(ctx: Context, opts: RegisterOptions): Promise<Required<Pick<RegisterOptions, 'iin' | 'name' | 'address'>> & RegisterOptions> {
  const missing = (['iin', 'name', 'address'] as const).filter((k) => !opts[k]);
  if (!ctx.interactive) {
    if (missing.length) throw new UsageError('register.missingValue', { option: missing.map((k) => `--${k}`).join(', ') });
    return opts as Required<Pick<RegisterOptions, 'iin' | 'name' | 'address'>> & RegisterOptions;
  }
  const { input, checkbox } = await import('@inquirer/prompts');
  const lang = docLang(ctx);
  const out = { ...opts };
  out.iin ??= await input({ message: t('label.iin'), validate: (v) => valid(() => parseIin(v)) });
  out.name ??= await input({ message: t('label.applicant'), validate: typed('name') });
  out.address ??= await input({ message: t('col.address'), validate: typed('address') });
  if (out.phone === undefined) out.phone = await input({ message: t('prompt.phone') });
  if (out.docLang === undefined) {
    const { select } = await import('@inquirer/prompts');
    out.docLang = await select({
      message: t('docLang.prompt'),
      choices: [
        { value: 'ru', name: 'Русский' },
        { value: 'kk', name: 'Қазақша' },
      ],
      default: lang,
      theme: checkboxTheme,
    });
  }
  if (out.docs === undefined) {
    const chosen = await checkbox({
      message: t('label.docs'),
      choices: documentTypes().map((d) => ({ value: d.code, name: `${d[lang]}${d.required ? ' *' : ''}`, checked: false })),
      pageSize: 10,
      theme: checkboxTheme,
    });
    out.docs = chosen.join(',');
  }
  return out as Required<Pick<RegisterOptions, 'iin' | 'name' | 'address'>> & RegisterOptions;
}

async function registerAction(ctx: Context, raw: RegisterOptions) {
  checkPdfTarget(ctx, raw.pdf, raw.force);
  const s = await session(ctx);
  const opts = await complete(ctx, raw);
  let receivedAt: Date | undefined;
  if (opts.receivedAt) {
    receivedAt = parseTime(opts.receivedAt) ?? undefined;
    if (!receivedAt) throw new GaspError('receivedAt.invalid', { value: opts.receivedAt });
  }
  const docs = (opts.docs ?? '').split(',');
  const { missing } = checkDocuments(docs);
  const missingNames = missing.map((code) => docLabel(code, ctx.lang)).join('; ');
  if (missing.length && ctx.interactive && !(await askYesNo(t('docs.confirm', { missing: missingNames })))) {
    throw new GaspError('register.cancelled', {});
  }
  const { view, warnings } = await registerApplication(
    s.db,
    s.actor,
    {
      iin: opts.iin,
      name: opts.name,
      address: opts.address,
      phone: opts.phone,
      docs,
      receivedAt,
      office: opts.office,
      docLang: opts.docLang ?? docLang(ctx),
      duplicateOk: opts.duplicateOk,
      comment: opts.comment,
    },
    s.env,
  );
  // Warned only once the case is registered: a refused registration records nothing to warn of.
  if (missing.length && !ctx.interactive) ctx.err(t('docs.missingWarning', { missing: missingNames }));
  for (const w of warnings) ctx.err(errorMessage(w.key, w.params));
  if (ctx.json) showCase(ctx, view, s.env.now);
  if (ctx.json && !opts.pdf) return;
  const render = async () => [await renderTalon(s.db, view, view.doc_lang)];
  await emitAfterCommit(ctx, render, { file: opts.pdf, force: opts.force, title: view.regno, notWritten: 'pdf.notWritten', regno: view.regno });
}

export function register(program: Command, run: Run): void {
  program
    .command('register')
    .description(t('help.register'))
    .option('--iin <iin>', t('help.register.iin'))
    .option('--name <fio>', t('help.register.name'))
    .option('--address <address>', t('help.register.address'))
    .option('--phone <phone>', t('help.register.phone'))
    .option('--docs <codes>', t('help.register.docs'))
    .addHelpText('after', documentCodesHelp)
    .option('--received-at <iso>', t('help.register.receivedAt'))
    .option('--office <no>', t('help.register.office'))
    .option('--pdf <file>', t('help.register.pdf'))
    .option('--force', t('help.common.force'))
    .option('--doc-lang <lang>', t('help.register.docLang'))
    .option('--duplicate-ok', t('help.register.duplicateOk'))
    .option('--comment <text>', t('help.register.comment'))
    .action(run((ctx, opts: RegisterOptions) => registerAction(ctx, opts)));
}
