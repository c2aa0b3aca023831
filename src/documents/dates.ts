// Dates as the documents write them: «21» января 2013 года; 2013 жылғы 21 қаңтар.
const RU_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

/** date: YYYY-MM-DD (local). */
export function documentDate(date: string, lang: 'ru' | 'kk'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (lang === 'kk') return `${y} жылғы ${d} ${KK_MONTHS[m - 1]}`;
  return `«${d}» ${RU_GENITIVE[m - 1]} ${y} года`;
}
