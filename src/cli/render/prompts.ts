// Questions on a terminal in the user's language: yes/no answered with д/н, и/ж or y/n, and
// the checklist's key help translated. Loaded only when a command prompts.
import { type MessageKey, t } from '../../i18n/index.js';

const YES = new Set(['y', 'yes', 'д', 'да', 'и', 'иә', 'ия']);
const NO = new Set(['n', 'no', 'н', 'нет', 'ж', 'жоқ']);

/** true, false, or null when the answer is neither (any of the three languages is accepted). */
export function yesNo(answer: string): boolean | null {
  const a = answer.trim().toLocaleLowerCase();
  return YES.has(a) ? true : NO.has(a) ? false : null;
}

/** A yes/no question: «… (д/н)»; an answer that is neither is asked again. */
export async function askYesNo(message: string): Promise<boolean> {
  const { input } = await import('@inquirer/prompts');
  const answer = await input({
    message: `${message} ${t('prompt.yesNo')}`,
    validate: (v) => yesNo(v) !== null || t('prompt.yesNoInvalid'),
  });
  return yesNo(answer) === true;
}

const KEY_WORDS: Record<string, MessageKey> = { space: 'prompt.key.space' };
const ACTION_WORDS: Record<string, MessageKey> = {
  navigate: 'prompt.key.navigate',
  select: 'prompt.key.select',
  all: 'prompt.key.all',
  invert: 'prompt.key.invert',
  submit: 'prompt.key.submit',
};

/** The checkbox's key help («пробел отметить • a все • …») in the user's language. */
export const checkboxTheme = {
  style: {
    keysHelpTip: (keys: [string, string][]) =>
      keys
        .map(([key, action]) => {
          const k = KEY_WORDS[key];
          const a = ACTION_WORDS[action];
          return `${k ? t(k) : key} ${a ? t(a) : action}`;
        })
        .join(' • '),
  },
};

/** Ctrl-C at a prompt: inquirer's ExitPromptError, told apart by name so that the error
 * boundary need not load inquirer. */
export function isPromptCancel(e: unknown): boolean {
  return e instanceof Error && e.name === 'ExitPromptError';
}
