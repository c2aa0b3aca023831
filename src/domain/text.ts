// Text that people type and gasp stores (names, addresses, comments): which characters it may
// hold and how long it may be; and how any text, stored before these rules or edited by hand,
// is shown without letting a character act on the terminal.
import { GaspError } from '../errors.js';

/** How many characters each kind of text may have. */
export const TEXT_LIMITS = { name: 200, address: 500, text: 2000, path: 4096 } as const;
export type TextKind = keyof typeof TEXT_LIMITS;

/** What a forbidden character is, for the sentence that refuses it. */
export type CharClass = 'control' | 'bidi' | 'invisible' | 'utf8';

/** The class of a character that text may not hold (tab is decided by the caller), or null. */
export function charClass(cp: number): CharClass | null {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029) return 'control';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c) return 'bidi';
  if ((cp >= 0x200b && cp <= 0x200d) || cp === 0x2060 || cp === 0xfeff) return 'invisible';
  // A lone surrogate, or the replacement character that Node puts where an argument or a file
  // had bytes that are not UTF-8.
  if ((cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffd) return 'utf8';
  return null;
}

/** U+001B */
export function charCode(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

// Everything charClass refuses, as one pattern for the fast path (the tab is in it).
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff\ufffd\ud800-\udfff]/;

/** The first character a text may not hold: its 1-based position (in characters) and class. */
export function firstForbidden(value: string, allowTab: boolean): { position: number; cp: number; kind: CharClass } | null {
  if (!SUSPECT.test(value)) return null;
  let position = 0;
  for (const ch of value) {
    position++;
    const cp = ch.codePointAt(0)!;
    if (cp === 0x09 && allowTab) continue;
    const kind = charClass(cp);
    if (kind) return { position, cp, kind };
  }
  return null;
}

/**
 * Checks a text a person typed (or a file brought) before it is stored: no control, direction
 * or invisible characters, nothing that was not UTF-8, and not longer than its kind allows. A tab
 * is allowed in free text only. `field` names the text in the sentence (`textField.<field>`).
 */
export function checkText(value: string, field: string, kind: TextKind): string {
  const bad = firstForbidden(value, kind === 'text');
  if (bad) throw new GaspError(`text.${bad.kind}`, { field, position: bad.position, code: charCode(bad.cp) });
  const limit = TEXT_LIMITS[kind];
  // Characters, not UTF-16 units: a limit a person can count.
  if (value.length > limit) {
    let length = 0;
    for (const _ of value) length++;
    if (length > limit) throw new GaspError('text.tooLong', { field, length, limit });
  }
  return value;
}

/** checkText for a value that may be absent. */
export function checkOptionalText<T extends string | null | undefined>(value: T, field: string, kind: TextKind): T {
  if (typeof value === 'string') checkText(value, field, kind);
  return value;
}

function shown(ch: string, form: 'terminal' | 'codes'): string {
  const cp = ch.codePointAt(0)!;
  if (cp === 0x09) return ' ';
  // Control pictures (␛ ␀ ␡) on a terminal; a font without them (a PDF) gets the code.
  if (form === 'terminal' && cp < 0x20) return String.fromCodePoint(0x2400 + cp);
  if (form === 'terminal' && cp === 0x7f) return '\u2421';
  return `<${charCode(cp)}>`;
}

// A lone surrogate is matched only when it is not half of a pair.
// eslint-disable-next-line no-control-regex
const VISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const VISIBLE_LINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]|\r(?!\n)|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A text as it may be sent to a terminal: every character that could move the cursor, clear the
 * screen, reverse the text or hide in it is replaced by a visible form (␛[2J, <U+202E>); a tab
 * becomes a space. `lines` keeps line breaks (a document); `codes` writes every character as
 * its code (for a PDF font without control pictures). Text without such characters is returned
 * as it is.
 */
export function visible(text: string, opts: { lines?: boolean; form?: 'terminal' | 'codes' } = {}): string {
  const re = opts.lines ? VISIBLE_LINES : VISIBLE;
  re.lastIndex = 0;
  if (!re.test(text)) return text;
  const form = opts.form ?? 'terminal';
  return text.replace(re, (ch) => shown(ch, form));
}

/** Whether a spreadsheet would run this cell as a formula: it starts with = + - @, a tab or a
 * carriage return (told by the first character's code: it runs for every cell of an export). */
export function startsFormula(cell: string): boolean {
  const c = cell.charCodeAt(0);
  return c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d;
}
