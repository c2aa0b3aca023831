// ИИН validation: every rule, and what is derived from it.
import { describe, expect, it } from 'vitest';
import { iinCheckDigit, parseIin, withCheckDigit } from '../src/domain/iin';
import { GaspError } from '../src/errors';

function rule(value: string): string {
  try {
    parseIin(value);
  } catch (e) {
    return (e as GaspError).key;
  }
  return 'valid';
}

describe('ИИН', () => {
  it('derives birth date and sex from the century digit', () => {
    expect(parseIin('850315400124')).toEqual({ iin: '850315400124', birthDate: '1985-03-15', sex: 'female' });
    expect(parseIin('751111300120')).toEqual({ iin: '751111300120', birthDate: '1975-11-11', sex: 'male' });
    const c21 = withCheckDigit('01020550078')!;
    expect(parseIin(c21)).toMatchObject({ birthDate: '2001-02-05', sex: 'male' });
    const c19 = withCheckDigit('99123120011')!;
    expect(parseIin(c19)).toMatchObject({ birthDate: '1899-12-31', sex: 'female' });
  });

  it('computes the check digit with the second weights when the first pass gives 10', () => {
    // A number whose first pass gives 10: find one and check the second pass is used.
    let found = '';
    for (let n = 0; n < 100000 && !found; n++) {
      const first11 = `8503154${String(n).padStart(4, '0')}`;
      const d = [...first11].map(Number);
      if (d.reduce((s, x, i) => s + x * (i + 1), 0) % 11 === 10) found = first11;
    }
    expect(found).not.toBe('');
    const w2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];
    const second = [...found].map(Number).reduce((s, x, i) => s + x * w2[i]!, 0) % 11;
    expect(iinCheckDigit(found)).toBe(second === 10 ? null : second);
  });

  it('names the rule a bad ИИН breaks', () => {
    expect(rule('85031540012')).toBe('iin.format'); // 11 digits
    expect(rule('8503154001245')).toBe('iin.format'); // 13 digits
    expect(rule('85031540012a')).toBe('iin.format');
    expect(rule('850315700124')).toBe('iin.century'); // 7th digit 7
    expect(rule('850315000124')).toBe('iin.century'); // 7th digit 0
    expect(rule('850230400124')).toBe('iin.date'); // 30 February
    expect(rule('851315400124')).toBe('iin.date'); // month 13
    expect(rule('850315400125')).toBe('iin.checksum');
    expect(rule('850315400124')).toBe('valid');
  });

  it('refuses a number for which no check digit exists', () => {
    let impossible = '';
    for (let n = 0; n < 100000 && !impossible; n++) {
      const first11 = `8503154${String(n).padStart(4, '0')}`;
      if (iinCheckDigit(first11) === null) impossible = `${first11}0`;
    }
    expect(impossible).not.toBe('');
    expect(rule(impossible)).toBe('iin.uncheckable');
  });
});
