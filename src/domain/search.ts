// Search keys for Cyrillic and Kazakh text: SQLite's lower() and LIKE fold ASCII only, so we
// store a key folded in JS and search it with a plain substring match, in Cyrillic or in Latin.

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Kazakh letters
  ә: 'a', ғ: 'g', қ: 'k', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i',
};

/** Lower case, ё as е, whitespace folded: the form both the key and the query take. */
export function foldText(text: string): string {
  return text.toLocaleLowerCase('ru').replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();
}

/** Latin transliteration of folded text (Russian and Kazakh letters), for `talgar` → Талгар. */
export function transliterate(folded: string): string {
  let out = '';
  for (const ch of folded) out += TRANSLIT[ch] ?? ch;
  return out;
}

/** The key stored beside a record: its folded text and the Latin form of it. */
export function searchKey(...parts: (string | null | undefined)[]): string {
  const folded = foldText(parts.filter(Boolean).join(' | '));
  return `${folded} | ${transliterate(folded)}`;
}

/** The query as it is matched against a key. */
export function searchNeedle(query: string): string {
  return foldText(query);
}

// Names are searched word by word: a clerk types «нурланова», «НУРЛАНОВА» or «nurlanova» for
// «Нұрланова», so Kazakh letters fold to their Russian neighbours as well.
const KAZAKH_TO_RUSSIAN: Record<string, string> = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и' };

/** A name or query folded for word search: lower case, ё→е, Kazakh letters as Russian ones. */
export function foldName(text: string): string {
  let out = '';
  for (const ch of foldText(text)) out += KAZAKH_TO_RUSSIAN[ch] ?? ch;
  return out;
}

/** The words of a folded text: runs of letters and digits (hyphenated names give each part). */
export function wordsOf(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** The index words of a name: every word folded, and its Latin form where it differs. */
export function nameWords(name: string): string[] {
  const words = new Set<string>();
  for (const w of wordsOf(foldName(name))) {
    words.add(w);
    words.add(transliterate(w));
  }
  return [...words];
}

/** The words of a query as they are matched (each a prefix of some word of the name). */
export function queryWords(query: string): string[] {
  return [...new Set(wordsOf(foldName(query)))];
}

/** The upper bound of a prefix range: every string starting with `prefix` is >= prefix and < this. */
export function prefixEnd(prefix: string): string {
  return prefix + '\u{10FFFF}';
}

/** A phone as it is searched: its last ten digits, reversed, so that a prefix of the key is a
 * tail of the number (8 701 …, +7 701 … and «55-12-34» all find 8-701-555-12-34). */
export function phoneKey(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits ? [...digits.slice(-10)].reverse().join('') : null;
}
