// Dates as the documents write them: «21» января 2013 года; 2013 жылғы 21 қаңтар, and in the
// locative for «… қабылданды»: 2013 жылғы 21 қаңтарда.
const RU_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

const BACK_VOWELS = 'аоұыя';
const FRONT_VOWELS = 'әөүіеэ';
const VOICELESS = 'пфктқсшщхһцч';

/** The Kazakh locative (жатыс септік): -да/-де after vowels and voiced consonants, -та/-те after
 * voiceless ones; -а- or -е- by the word's last vowel (у and и follow the vowel before them). */
export function kazakhLocative(word: string): string {
  const lower = word.toLocaleLowerCase('kk');
  let front = false;
  for (let i = lower.length - 1; i >= 0; i--) {
    const ch = lower[i]!;
    if (BACK_VOWELS.includes(ch)) break;
    if (FRONT_VOWELS.includes(ch)) {
      front = true;
      break;
    }
  }
  const last = lower[lower.length - 1] ?? '';
  return word + (VOICELESS.includes(last) ? 'т' : 'д') + (front ? 'е' : 'а');
}

export type DateForm = 'nominative' | 'locative';

/** date: YYYY-MM-DD (local). Russian has one form («21» января 2013 года); Kazakh says
 * «2013 жылғы 21 қаңтар», or «… 21 қаңтарда» where the sentence needs «when». */
export function documentDate(date: string, lang: 'ru' | 'kk', form: DateForm = 'nominative'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (lang === 'kk') {
    const month = KK_MONTHS[m - 1]!;
    return `${y} жылғы ${d} ${form === 'locative' ? kazakhLocative(month) : month}`;
  }
  return `«${d}» ${RU_GENITIVE[m - 1]} ${y} года`;
}
