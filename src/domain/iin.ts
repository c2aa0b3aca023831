// ИИН (individual identification number): 12 digits, YYMMDD birth date, a century-and-sex digit,
// and a check digit. Birth date and sex are derived from it, never typed.
import { GaspError } from '../errors.js';

export type Sex = 'male' | 'female';
export interface IinInfo {
  iin: string;
  birthDate: string; // YYYY-MM-DD
  sex: Sex;
}

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit of the first 11 digits, or null when both passes give 10 (no valid ИИН). */
export function iinCheckDigit(first11: string): number | null {
  let c = checkSum(first11, W1);
  if (c === 10) c = checkSum(first11, W2);
  return c === 10 ? null : c;
}

/** The weighted sum of the digits modulo 11 (a plain loop: a bulk import runs it per row). */
function checkSum(digits: string, weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i]!;
  return sum % 11;
}

/** Validates an ИИН and derives the birth date and sex; throws with the rule it breaks. */
export function parseIin(value: string): IinInfo {
  const iin = value.trim();
  if (!/^\d{12}$/.test(iin)) throw new GaspError('iin.format', { value, length: [...iin].length });
  const century = Number(iin[6]);
  if (century < 1 || century > 6) throw new GaspError('iin.century', { value, digit: iin[6] });
  const yy = Number(iin.slice(0, 2));
  const mm = Number(iin.slice(2, 4));
  const dd = Number(iin.slice(4, 6));
  const year = 1800 + 100 * Math.floor((century - 1) / 2) + yy;
  const date = new Date(Date.UTC(year, mm - 1, dd));
  if (mm < 1 || mm > 12 || date.getUTCFullYear() !== year || date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) {
    throw new GaspError('iin.date', { value, date: iin.slice(0, 6) });
  }
  const check = iinCheckDigit(iin.slice(0, 11));
  if (check === null) throw new GaspError('iin.uncheckable', { value });
  if (check !== Number(iin[11])) throw new GaspError('iin.checksum', { value, expected: check, digit: iin[11] });
  const birthDate = `${year}-${iin.slice(2, 4)}-${iin.slice(4, 6)}`;
  return { iin, birthDate, sex: century % 2 === 1 ? 'male' : 'female' };
}

/** Completes 11 digits with their check digit (for demos and tests); null when impossible. */
export function withCheckDigit(first11: string): string | null {
  const c = iinCheckDigit(first11);
  return c === null ? null : first11 + c;
}
