// Every sentence gasp says to a person goes through here, in ru (default), kk or en.
import { ru } from './ru.js';
import { kk } from './kk.js';
import { en } from './en.js';
import { visible } from '../domain/text.js';

export type MessageKey = keyof typeof ru;
export type Catalog = Record<MessageKey, string>;
export const LANGS = ['ru', 'kk', 'en'] as const;
export type Lang = (typeof LANGS)[number];

// Only the language a command speaks is built (Russian always: it stands in for a missing key).
const builders: Record<Lang, () => Catalog> = { ru: () => ru, kk, en };
const built: Partial<Record<Lang, Catalog>> = {};
const catalog = (lang: Lang): Catalog => (built[lang] ??= builders[lang]());
let current: Lang = 'ru';

export function isLang(v: string): v is Lang {
  return (LANGS as readonly string[]).includes(v);
}
export function setLang(lang: Lang): void {
  current = lang;
}
export function getLang(): Lang {
  return current;
}

/** Fills {name} placeholders; a missing value shows as an empty string. A value is shown with
 * its control characters made visible: a name or an argument never acts on the terminal. */
export function t(key: MessageKey, params: Record<string, unknown> = {}, lang: Lang = current): string {
  const text = catalog(lang)[key] ?? ru[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? '' : visible(String(v));
  });
}

/** A value longer than any text gasp takes (2,000 characters) is not repeated whole by an error:
 * its first 300 characters stand for it, and the sentence stays readable. */
const ECHO_LIMIT = 2000;
const ECHO_SHOWN = 300;

function label(prefix: string, v: unknown, lang: Lang): unknown {
  const key = `${prefix}.${String(v)}` as MessageKey;
  return key in ru ? t(key, {}, lang) : v;
}

/** An error's sentence, with the codes of states, steps and roles given in words. */
export function errorMessage(key: MessageKey, params: Record<string, unknown>, lang: Lang = current): string {
  const p: Record<string, unknown> = { ...params };
  // A sentence from a row of an import, in `message`, had its values cut already.
  for (const [k, v] of Object.entries(p)) {
    if (k !== 'message' && typeof v === 'string' && v.length > ECHO_LIMIT) p[k] = `${[...v.slice(0, ECHO_SHOWN + 1)].slice(0, ECHO_SHOWN).join('')}…`;
  }
  if (key.startsWith('text.') && typeof p.field === 'string') p.field = label('textField', p.field, lang);
  for (const k of ['state', 'history']) if (p[k] !== undefined) p[k] = label('state', p[k], lang);
  for (const k of ['waiting', 'move', 'action']) {
    if (p[k] === undefined) continue;
    p[k] = `action.${String(p[k])}` in ru ? label('action', p[k], lang) : label('step', p[k], lang);
  }
  for (const k of ['role', 'sourceRole']) if (p[k] !== undefined) p[k] = label('role', p[k], lang);
  for (const k of ['decision', 'outcome']) if (p[k] !== undefined) p[k] = label('decision', p[k], lang);
  // Codes a user types are listed with their words: «clerk (сотрудник канцелярии), …».
  if (typeof p.acceptedRoles === 'string') p.accepted = p.acceptedRoles.split(', ').map((r) => `${r} (${String(label('role', r, lang))})`).join(', ');
  if (typeof p.acceptedStates === 'string') p.accepted = p.acceptedStates.split(', ').map((c) => `${c} (${String(label('state', c, lang))})`).join(', ');
  if (typeof p.roles === 'string') {
    const or = lang === 'kk' ? ' немесе ' : lang === 'en' ? ' or ' : ' или ';
    const words = p.roles.split(', ').map((r) => String(label('role', r, lang)));
    p.roles = words.length > 1 ? `${words.slice(0, -1).join(', ')}${or}${words[words.length - 1]}` : words[0];
  }
  return t(key, p, lang);
}

export function hasMessage(key: string): key is MessageKey {
  return key in ru;
}
