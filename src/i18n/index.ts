// Every sentence gasp says to a person goes through here, in ru (default), kk or en.
import { ru } from './ru.js';
import { kk } from './kk.js';
import { en } from './en.js';

export type MessageKey = keyof typeof ru;
export type Catalog = Record<MessageKey, string>;
export const LANGS = ['ru', 'kk', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const catalogs: Record<Lang, Catalog> = { ru, kk, en };
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

/** Fills {name} placeholders; a missing value shows as an empty string. */
export function t(key: MessageKey, params: Record<string, unknown> = {}, lang: Lang = current): string {
  const text = catalogs[lang][key] ?? ru[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    return v === undefined || v === null ? '' : String(v);
  });
}
