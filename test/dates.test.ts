// Dates in the documents: Kazakh month names in the locative for «… қабылданды».
import { describe, expect, it } from 'vitest';
import { documentDate, kazakhLocative } from '../src/documents/dates';

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
