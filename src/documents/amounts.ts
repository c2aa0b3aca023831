// The figures of a determination as the documents say them, in Russian and Kazakh: a refusal's
// («среднедушевой доход 8 412,50 тенге превышает черту бедности 7 374 тенге») and a grant's
// period and amount («с 1 февраля по 31 марта 2013 года, 2 месяца, по 12 345 тенге»).
import { formatTenge } from '../domain/money.js';
import type { DocLang } from './template.js';

const RU_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
// Kazakh months with «-нан/-дан» (from) and «-ға/-ге» (to).
const KK_FROM = ['қаңтардан', 'ақпаннан', 'наурыздан', 'сәуірден', 'мамырдан', 'маусымнан', 'шілдеден', 'тамыздан', 'қыркүйектен', 'қазаннан', 'қарашадан', 'желтоқсаннан'];
const KK_TO = ['қаңтарға', 'ақпанға', 'наурызға', 'сәуірге', 'мамырға', 'маусымға', 'шілдеге', 'тамызға', 'қыркүйекке', 'қазанға', 'қарашаға', 'желтоқсанға'];

/** «1 месяц», «2 месяца», «5 месяцев»; Kazakh «2 ай». */
export function monthsWord(n: number, lang: DocLang): string {
  if (lang === 'kk') return `${n} ай`;
  const d10 = n % 10;
  const d100 = n % 100;
  const word = d10 === 1 && d100 !== 11 ? 'месяц' : d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14) ? 'месяца' : 'месяцев';
  return `${n} ${word}`;
}

const parts = (date: string) => date.split('-').map(Number) as [number, number, number];

/** «с 1 февраля по 31 марта 2013 года»; «2013 жылғы 1 ақпаннан 31 наурызға дейін». */
export function periodText(from: string, to: string, lang: DocLang): string {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  if (lang === 'kk') {
    return fy === ty ? `${fy} жылғы ${fd} ${KK_FROM[fm - 1]} ${td} ${KK_TO[tm - 1]} дейін` : `${fy} жылғы ${fd} ${KK_FROM[fm - 1]} ${ty} жылғы ${td} ${KK_TO[tm - 1]} дейін`;
  }
  return fy === ty ? `с ${fd} ${RU_GENITIVE[fm - 1]} по ${td} ${RU_GENITIVE[tm - 1]} ${ty} года` : `с ${fd} ${RU_GENITIVE[fm - 1]} ${fy} года по ${td} ${RU_GENITIVE[tm - 1]} ${ty} года`;
}

export interface GrantFigures {
  monthly_tiyn: number;
  months: number;
  from: string;
  to: string;
  total_tiyn: number;
}

/** «с 1 февраля по 31 марта 2013 года, 2 месяца, по 12 345 тенге» and the total. */
export function grantText(g: GrantFigures, lang: DocLang): string {
  const monthly = formatTenge(g.monthly_tiyn, { whole: true });
  const total = formatTenge(g.total_tiyn, { whole: true });
  if (lang === 'kk') return `${periodText(g.from, g.to, lang)}, ${monthsWord(g.months, lang)}, айына ${monthly} теңгеден, барлығы ${total} теңге`;
  return `${periodText(g.from, g.to, lang)}, ${monthsWord(g.months, lang)}, по ${monthly} тенге в месяц, всего ${total} тенге`;
}

/** A refusal for income, with the two figures: above the line, or exactly at it. */
export function incomeRefusalText(perCapitaTiyn: number, lineTiyn: number, lang: DocLang): string {
  const pc = formatTenge(perCapitaTiyn);
  const line = formatTenge(lineTiyn, { whole: true });
  const above = perCapitaTiyn > lineTiyn;
  if (lang === 'kk') {
    return above
      ? `жан басына шаққандағы орташа табыс ${pc} теңге кедейлік шегінен (${line} теңге) асады`
      : `жан басына шаққандағы орташа табыс ${pc} теңге кедейлік шегіне (${line} теңге) тең`;
  }
  return above ? `среднедушевой доход ${pc} тенге превышает черту бедности ${line} тенге` : `среднедушевой доход ${pc} тенге равен черте бедности ${line} тенге`;
}

/** A refusal for members not registered as unemployed, naming them. */
export function notRegisteredText(names: string[], _lang: DocLang): string {
  return names.join(', ');
}
