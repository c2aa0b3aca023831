// Money as gasp keeps it: whole tiyn (hundredths of a tenge) in integers, never floating point;
// read from what a person types and written as the documents write it («12 345», «8 412,50»).

/** One tenge in tiyn. */
export const TENGE = 100;

/** The largest amount one income line may hold (a billion tenge): far above any family's quarter,
 * and small enough that any sum of lines stays an exact integer. */
export const MAX_LINE_TIYN = 1_000_000_000 * TENGE;

/** Tenge as typed: digits with spaces between thousands allowed, and up to two decimals after a
 * comma or a point («12 345,50», «12345.5», «7374»). Null when it is not such a number. */
export function parseTenge(value: string): number | null {
  const m = /^\s*(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?\s*$/.exec(value);
  if (!m) return null;
  const whole = Number(m[1]!.replace(/[ \u00a0\u202f]/g, ''));
  const cents = m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0'));
  const tiyn = whole * TENGE + cents;
  return Number.isSafeInteger(tiyn) ? tiyn : null;
}

/** 1234550 → «12 345,50»; with `whole`, an amount of whole tenge is written without decimals
 * («7 374»). Thousands are parted by a space, decimals by a comma, as Russian and Kazakh write. */
export function formatTenge(tiyn: number, opts: { whole?: boolean } = {}): string {
  const negative = tiyn < 0;
  const abs = Math.abs(tiyn);
  const tenge = Math.floor(abs / TENGE);
  const cents = abs % TENGE;
  const grouped = String(tenge).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const text = opts.whole && cents === 0 ? grouped : `${grouped},${String(cents).padStart(2, '0')}`;
  return negative ? `−${text}` : text;
}

export type Rounding = 'half-up' | 'down' | 'up';
export const ROUNDINGS: readonly Rounding[] = ['half-up', 'down', 'up'];

/** n ÷ d for integers n ≥ 0 and d > 0, rounded to an integer as the mode says; exact for any
 * size (BigInt), so that no quotient goes through a floating-point number. */
export function divide(n: number, d: number, mode: Rounding): number {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || n < 0 || d <= 0) throw new RangeError(`divide(${n}, ${d})`);
  const bn = BigInt(n);
  const bd = BigInt(d);
  let q = bn / bd;
  const r = bn % bd;
  if (r !== 0n && (mode === 'up' || (mode === 'half-up' && 2n * r >= bd))) q += 1n;
  return Number(q);
}

/** An amount in tiyn rounded to whole tenge, as the mode says. */
export function toWholeTenge(tiyn: number, mode: Rounding): number {
  return divide(tiyn, TENGE, mode) * TENGE;
}
