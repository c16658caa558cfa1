// Sorting a long curve's values: V8 sorts a Float64Array of a million values in about 0.5 s, a
// quarter of the time budget of a whole `lrkit analyze` of a 1e6-point log. A least-significant-
// digit radix sort on the IEEE bits (4 passes of 16 bits) does it in a tenth of that, and carries
// each value's position along, which is what the running median and fastai's valley need.

/** Below this many values the native sort is as fast (the radix sort's 4 x 65,536 counters dominate). */
const RADIX_MIN = 32_768;

/**
 * Positions of `values` in ascending numeric order; equal values keep their order (stable), and
 * -0 comes before 0, as `Float64Array.prototype.sort` puts them. Values must not be NaN.
 *
 * @example
 * argsort([3, 1, 2, 1]); // Uint32Array [1, 3, 2, 0]
 */
export function argsort(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  if (n < RADIX_MIN) {
    const order = Uint32Array.from({ length: n }, (_, i) => i);
    // Stable (V8's TimSort for typed arrays with a comparator); -0 first as in the radix path.
    return order.sort((a, b) => values[a] - values[b] || (Object.is(values[a], -0) ? -1 : 0) - (Object.is(values[b], -0) ? -1 : 0) || a - b);
  }
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = values[i];
  const words = new Uint32Array(f.buffer); // little-endian: low word at 2i, high word at 2i + 1
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1];
    const l = words[2 * i];
    // Order-preserving key: negative numbers have every bit flipped, positive ones the sign bit.
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
    idx[i] = i;
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  const count = new Uint32Array(65_536);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[i] >>> shift) & 0xffff]++;
    if (count[(src[0] >>> shift) & 0xffff] === n) continue; // one bucket: this digit is already in order
    let sum = 0;
    for (let d = 0; d < 65_536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = count[(src[i] >>> shift) & 0xffff]++;
      lo2[j] = lo[i];
      hi2[j] = hi[i];
      idx2[j] = idx[i];
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}

/**
 * `values` sorted ascending as a Float64Array: the same as `Float64Array.from(values).sort()` for
 * values that are not NaN, faster for long arrays.
 *
 * @example
 * sortedCopy([3, -0, 0, -1]); // Float64Array [-1, -0, 0, 3]
 */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  if (values.length < RADIX_MIN) return Float64Array.from(values).sort();
  const order = argsort(values);
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = values[order[i]];
  return out;
}

/**
 * The median of `values` (the mean of the two middle values for an even count) without sorting:
 * Hoare's selection on a copy, O(n) on average, where a sort is O(n log n) (a 1e6-point curve's
 * noise estimate took two full sorts). Values must not be NaN.
 *
 * @example
 * median([3, 1, 2]);    // 2
 * median([4, 1, 3, 2]); // 2.5
 */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const a = Float64Array.from(values);
  const m = n >> 1;
  const hi = select(a, m);
  if (n % 2) return hi;
  // After selecting m, a[0..m) holds the m smallest: the largest of them is the other middle value.
  let lo = a[0];
  for (let i = 1; i < m; i++) if (a[i] > lo) lo = a[i];
  return (lo + hi) / 2;
}

/** Moves the k-th smallest value of `a` to a[k], the smaller ones before it, and returns it. */
function select(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    // Median of three as the pivot: sorted or reversed curves stay O(n).
    const mid = (left + right) >> 1;
    const x = a[left];
    const y = a[mid];
    const z = a[right];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k];
}
