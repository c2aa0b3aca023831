// Medians of step times (the report): selection instead of sorting, and the histogram by whole
// minute that finds the middle of many offices' times without holding them all.

/** The k-th smallest of xs (0-based), moving elements of xs; the ones before k end up no larger. */
export function select(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot, so that sorted input stays linear.
    const a = xs[lo]!, b = xs[mid]!, c = xs[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! < pivot) i++;
      while (xs[j]! > pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i++] = xs[j]!;
        xs[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k]!;
  }
  return xs[k]!;
}

/** The median in whole minutes of step times (ms) of which `below` more are smaller than all of
 * these and n are there in all (of two middle ones, their mean); null when there are none. */
export function medianMinutes(ms: Float64Array, n = ms.length, below = 0): number | null {
  if (!n) return null;
  const m = Math.floor(n / 2) - below;
  const upper = select(ms, m) / 60000;
  if (n % 2) return Math.round(upper);
  let lower = -Infinity;
  for (let i = 0; i < m; i++) if (ms[i]! > lower) lower = ms[i]!;
  return Math.round((lower / 60000 + upper) / 2);
}

// The total's medians are found without holding every office's step times: each time is counted
// in a histogram by whole minute (negative times in the first bucket, very long ones in the
// last), and only the times in the bucket or two that hold the middle are read again.
export const BUCKETS = (1 << 17) + 2;
export const bucketOf = (ms: number) => (ms < 0 ? 0 : Math.min(Math.floor(ms / 60000) + 1, BUCKETS - 1));
const bucketStart = (b: number) => (b === 0 ? -Number.MAX_SAFE_INTEGER : (b - 1) * 60000);
const bucketEnd = (b: number) => (b === BUCKETS - 1 ? Number.MAX_SAFE_INTEGER : b * 60000);

/** Where the middle of a histogram lies: the buckets holding its middle one or two values, and how
 * many values come before them. */
export function middleOf(histogram: Uint32Array, n: number): { range: [number, number]; below: number } {
  const ranks = n % 2 ? [Math.floor(n / 2)] : [n / 2 - 1, n / 2];
  const buckets: number[] = [];
  let seen = 0;
  let below = 0;
  for (let b = 0; b < histogram.length && buckets.length < ranks.length; b++) {
    const next = seen + histogram[b]!;
    if (!buckets.length && next > ranks[0]!) below = seen;
    while (buckets.length < ranks.length && next > ranks[buckets.length]!) buckets.push(b);
    seen = next;
  }
  return { range: [bucketStart(buckets[0]!), bucketEnd(buckets.at(-1)!)], below };
}
