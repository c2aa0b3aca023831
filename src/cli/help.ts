// Help and usage errors in the user's language: commander's own words and error messages, and
// the codes a user types (documents, refusal reasons, states, roles) listed with their names.
import type { AddHelpTextContext, Argument, Command, HelpConfiguration, Option } from 'commander';
import { type Lang, type MessageKey, getLang, t } from '../i18n/index.js';
import { ROLES, STATES } from '../domain/procedure.js';
import { documentTypes, refusalReasons } from '../services/reference.js';

// The headings and placeholders commander writes into every help text (commander 14, lib/help.js).
const TITLES: Record<string, MessageKey> = {
  'Usage:': 'help.title.usage',
  'Options:': 'help.title.options',
  'Commands:': 'help.title.commands',
  'Arguments:': 'help.title.arguments',
  'Global Options:': 'help.title.globalOptions',
};
const WORDS: Record<string, MessageKey> = {
  '[options]': 'help.word.options',
  '[command]': 'help.word.command',
};
const title = (text: string): string => (TITLES[text] ? t(TITLES[text]) : text);
const word = (text: string): string => (WORDS[text] ? t(WORDS[text]) : text);

const helpConfiguration: HelpConfiguration = {
  // A long term in the list of commands leaves commander too narrow a column to wrap the
  // descriptions in (it then wraps none): a command's optional arguments there show as «…»
  // (its own --help gives them all).
  subcommandTerm(cmd: Command): string {
    const base = cmd.name() + (cmd.options.length ? ' [options]' : '');
    const full = [base, ...cmd.registeredArguments.map(argumentTerm)].join(' ');
    if (full.length <= 32) return full;
    return [base, ...cmd.registeredArguments.filter((a) => a.required).map(argumentTerm), '…'].join(' ');
  },
  styleTitle: title,
  styleOptionText: word,
  styleSubcommandText: word,
  styleArgumentText: word,
};

/**
 * Commander's own words in the user's language. Called on the program before its commands are
 * added: `.command()` copies these settings into every command it creates.
 */
export function localiseHelp(program: Command): Command {
  return program
    .configureHelp(helpConfiguration)
    .helpOption('-h, --help', t('help.global.help'))
    .helpCommand('help [command]', t('help.global.help'));
}

/** Called once every command is added: commander's error messages, in the user's language. */
export function localiseErrors(command: Command): void {
  command.configureOutput({ outputError: (text, write) => write(`${usageError(text, command)}\n`) });
  for (const sub of command.commands) localiseErrors(sub);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function argumentTerm(arg: Argument): string {
  const name = `${arg.name()}${arg.variadic ? '...' : ''}`;
  return arg.required ? `<${name}>` : `[${name}]`;
}

/** An option's description for an error message, where no list follows it. */
export function optionDescription(command: Command, flags: string): string {
  for (let c: Command | null = command; c; c = c.parent) {
    const option = c.options.find((o: Option) => o.flags === flags);
    if (option) return option.description.replace(t('help.listedBelow'), '').trim();
  }
  return '';
}

/** commander's "a, b" list of suggestions as "a или b". */
const alternatives = (list: string): string => list.split(', ').join(t('usage.or'));

type Rule = [RegExp, (m: RegExpExecArray, command: Command, path: string) => string];

// One rule per message of commander 14 (lib/command.js); test/help.test.ts checks each of them.
const RULES: Rule[] = [
  [
    /^error: unknown command '([^]*)'(?:\n\(Did you mean (?:one of )?([^]*)\?\))?$/,
    (m, _, path) =>
      m[2]
        ? t('usage.unknownCommandSuggest', { value: m[1], suggestion: alternatives(m[2]) })
        : t('usage.unknownCommand', { value: m[1], help: `${path} --help` }),
  ],
  [
    /^error: unknown option '([^]*)'(?:\n\(Did you mean (?:one of )?([^]*)\?\))?$/,
    (m, _, path) =>
      m[2]
        ? t('usage.unknownOptionSuggest', { value: m[1], suggestion: alternatives(m[2]) })
        : t('usage.unknownOption', { value: m[1], command: path }),
  ],
  [
    /^error: missing required argument '([^]*)'$/,
    (m, command, path) => {
      const arg = command.registeredArguments.find((a) => a.name() === m[1]);
      return t('usage.missingArgument', {
        command: path,
        name: arg ? argumentTerm(arg) : `<${m[1]}>`,
        description: arg?.description || usage(command),
      });
    },
  ],
  [
    /^error: option '([^]*)' argument missing$/,
    (m, command) => t('usage.optionValue', { flag: m[1], description: optionDescription(command, m[1]!) }),
  ],
  [
    /^error: required option '([^]*)' not specified$/,
    (m, command, path) =>
      t('usage.missingOption', { command: path, flag: m[1], description: optionDescription(command, m[1]!) }),
  ],
  [
    /^error: too many arguments(?: for '[^]*')?\. Expected (\d+) arguments? but got \d+\.$/,
    (m, command, path) => {
      const extra = command.args.slice(Number(m[1])).join(' ');
      return Number(m[1]) === 0
        ? t('usage.noArguments', { command: path, extra })
        : t('usage.excessArguments', { extra, usage: usage(command) });
    },
  ],
  [
    /^error: (?:option|environment variable) '([^]*)' cannot be used with (?:option|environment variable) '([^]*)'$/,
    (m) => t('usage.conflict', { first: m[1], second: m[2] }),
  ],
  [
    /^error: (?:option|command-argument value) '([^]*?)' (?:argument|value) '([^]*)' (?:is invalid|from env '[^]*' is invalid)\.[^]*$/,
    (m) => t('usage.invalidValue', { flag: m[1], value: m[2] }),
  ],
];

/** The command and its arguments, e.g. `gasp case <regno>`. */
function usage(command: Command): string {
  return [commandPath(command), ...command.registeredArguments.map(argumentTerm)].join(' ');
}

/** commander's English message (with its "error: " prefix) as one sentence in the user's language. */
export function usageError(text: string, command: Command): string {
  const message = text.replace(/\n$/, '');
  const path = commandPath(command);
  for (const [pattern, sentence] of RULES) {
    const m = pattern.exec(message);
    if (m) return sentence(m, command, path);
  }
  return t('usage.other', { command: path, message: message.replace(/^error: /, '') });
}

interface Code {
  code: string;
  label: string;
}

/** A list of codes with their names, shown after a command's options; read when help is shown. */
function codeList(heading: MessageKey, codes: () => Code[]) {
  return (context: AddHelpTextContext): string => {
    const items = codes();
    const helper = context.command.createHelp();
    const stream = context.error ? process.stderr : process.stdout;
    helper.prepareContext({ helpWidth: stream.isTTY ? stream.columns : undefined });
    const width = Math.max(...items.map((c) => c.code.length));
    return ['', helper.styleTitle(t(heading)), ...items.map((c) => helper.formatItem(c.code, width, c.label, helper))].join('\n');
  };
}

function documentLabel(names: Partial<Record<Lang, string>> & { ru: string }): string {
  return names[getLang()] ?? names.ru;
}

/** Document codes of data/documents.json, for `--docs`; the required ones marked with *. */
export const documentCodesHelp = codeList('help.codes.docs', () =>
  documentTypes().map((d) => ({ code: d.code, label: `${d.required ? '*' : ' '} ${documentLabel(d)}` })),
);
/** Refusal reason codes of data/reasons.json, for `--reason`. */
export const reasonCodesHelp = codeList('help.codes.reasons', () =>
  refusalReasons().map((r) => ({ code: r.code, label: r[getLang()] })),
);
/** Case states, for `--state`. */
export const stateCodesHelp = codeList('help.codes.states', () => STATES.map((s) => ({ code: s, label: t(`state.${s}`) })));
/** Staff roles, for `--role`. */
export const roleCodesHelp = codeList('help.codes.roles', () => ROLES.map((r) => ({ code: r, label: t(`role.${r}`) })));
