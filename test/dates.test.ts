// Dates in the documents: Kazakh month names in the locative for «… қабылданды».
import { describe, expect, it } from 'vitest';
import { documentDate, kazakhLocative } from '../src/documents/dates';
import { TABLE_FROM, TABLE_TO, UTC5_FROM, formatLocalIso, offsetFromIcu, offsetMinutes } from '../src/domain/time';

describe('Kazakh dates', () => {
  it('puts every month in the locative by vowel harmony and the last consonant', () => {
    const months = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];
    expect(months.map(kazakhLocative)).toEqual([
      'қаңтарда', 'ақпанда', 'наурызда', 'сәуірде', 'мамырда', 'маусымда', 'шілдеде', 'тамызда', 'қыркүйекте', 'қазанда', 'қарашада', 'желтоқсанда',
    ]);
  });

  it('writes a date plain or in the locative', () => {
    expect(documentDate('2013-01-21', 'kk')).toBe('2013 жылғы 21 қаңтар');
    expect(documentDate('2013-01-21', 'kk', 'locative')).toBe('2013 жылғы 21 қаңтарда');
    expect(documentDate('2013-09-02', 'kk', 'locative')).toBe('2013 жылғы 2 қыркүйекте');
    expect(documentDate('2013-01-21', 'ru', 'locative')).toBe('«21» января 2013 года');
  });
});

describe('Asia/Almaty offsets', () => {
  const HOUR = 3_600_000;
  it('the built-in table agrees with the IANA database in Node for every hour it covers that ICU knows', () => {
    const end = Date.UTC(2036, 0, 1);
    const disagree: string[] = [];
    for (let ms = TABLE_FROM; ms < end; ms += HOUR) {
      if (offsetMinutes(ms) !== offsetFromIcu(ms)) disagree.push(new Date(ms).toISOString());
    }
    expect(disagree).toEqual([]);
  });

  it('switches at the two moments the law set, and asks ICU before the table', () => {
    expect(offsetMinutes(UTC5_FROM - 1)).toBe(360);
    expect(offsetMinutes(UTC5_FROM)).toBe(300);
    expect(formatLocalIso(new Date('2024-02-29T17:59:00Z'))).toBe('2024-02-29T23:59:00+06:00');
    expect(formatLocalIso(new Date('2024-02-29T18:00:00Z'))).toBe('2024-02-29T23:00:00+05:00');
    // Summer time of 2004 (UTC+7), then UTC+6 from 31 October 2004 on.
    expect(offsetMinutes(Date.UTC(2004, 6, 1, 12))).toBe(420);
    expect(offsetMinutes(TABLE_FROM - 1)).toBe(420);
    expect(offsetMinutes(TABLE_FROM)).toBe(360);
    expect(offsetMinutes(Date.UTC(1995, 0, 1))).toBe(360);
    expect(offsetMinutes(TABLE_TO)).toBe(offsetFromIcu(TABLE_TO));
  });
});
