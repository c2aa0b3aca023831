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
  return text.toLocaleLowerCase('ru').replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
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
