// The O(n log n) analysis against the quadratic code it replaced, kept here verbatim as the
// reference: the centred smoother, the difference noise, fastai's valley and the EMA of a cut curve.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { centredHalfWidth, centredSmooth, differenceNoise } from '../src/suggestions/centered.js';
import { valley } from '../src/suggestions/fastai.js';
import { smooth, smoothUntilNonFinite } from '../src/finder/smooth.js';
import { logMedian } from '../src/suggestions/median.js';

// ---- the old implementations (as of commit 98db22d) ----
function oldMedianOf(values: readonly number[], lo: number, hi: number): number {
  const s = values.slice(lo, hi + 1).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function oldMedians(values: readonly number[], h: number): number[] {
  const n = values.length;
  return values.map((_, i) => oldMedianOf(values, Math.max(0, i - h), Math.min(n - 1, i + h)));
}
function oldCentredSmooth(values: readonly number[], h = centredHalfWidth(values.length)): number[] {
  const n = values.length;
  const med = oldMedians(values, h);
  return med.map((_, i) => {
    const lo = Math.max(0, i - h);
    const hi = Math.min(n - 1, i + h);
    let sum = 0;
    for (let k = lo; k <= hi; k++) sum += med[k];
    return sum / (hi - lo + 1);
  });
}
function oldDifferenceNoise(values: readonly number[]): number {
  if (values.length < 3) return 0;
  const d = values.slice(1).map((v, i) => v - values[i]);
  const m = oldMedianOf(d, 0, d.length - 1);
  return (1.4826 * oldMedianOf(d.map((x) => Math.abs(x - m)), 0, d.length - 1)) / Math.SQRT2;
}
function oldValleyIndex(y: readonly number[]): number {
  const n = y.length;
  const lds = new Array<number>(n).fill(1);
  let maxStart = 0;
  let maxEnd = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (y[i] < y[j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
      if (lds[maxEnd] < lds[i]) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd];
      }
    }
  }
  const sections = (maxEnd - maxStart) / 3;
  let index = maxStart + Math.trunc(sections) + Math.trunc(sections / 2);
  if (index < 0) index += n;
  return index;
}
function oldSmoothUntilNonFinite(values: readonly number[], beta: number): number[] {
  let k = values.findIndex((v) => !Number.isFinite(v));
  if (k < 0) k = values.length;
  return [...smooth(values.slice(0, k), beta), ...Array<number>(values.length - k).fill(NaN)];
}

// Curves with many ties (small integers), with signed zeros, and of general doubles.
const value = fc.oneof(
  fc.integer({ min: -4, max: 4 }),
  fc.constantFrom(0, -0, 0.1, 0.2, 0.30000000000000004),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);
const curve = (minLength: number, maxLength: number) => fc.array(value, { minLength, maxLength });
const lrsFor = (n: number) => Array.from({ length: n }, (_, i) => 1e-4 * 1.07 ** i);

test('centredSmooth: bit-identical to the old sort-every-window code (default and any half-width)', () => {
  fc.assert(
    fc.property(curve(0, 300), fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }), (ys, h) => {
      assert.deepEqual(centredSmooth(ys, h), oldCentredSmooth(ys, h));
    }),
    { numRuns: 400 },
  );
});

test('centredSmooth, exact sliding sum (long curves): medians identical, means within the old sum\'s rounding', () => {
  const u = 2 ** -53;
  fc.assert(
    fc.property(curve(1, 400), fc.integer({ min: 0, max: 60 }), (ys, h) => {
      const got = centredSmooth(ys, h, 0); // work limit 0: always the O(n) exact sliding sum
      const old = oldCentredSmooth(ys, h);
      const med = oldMedians(ys, h);
      for (let i = 0; i < ys.length; i++) {
        const lo = Math.max(0, i - h);
        const hi = Math.min(ys.length - 1, i + h);
        const c = hi - lo + 1;
        let abs = 0;
        for (let k = lo; k <= hi; k++) abs += Math.abs(med[k]);
        // Left-to-right summation errs by at most (c-1)·u·Σ|m| (Higham); each division by u·|result|.
        const tol = (1.01 * c * u * abs) / c + u * (Math.abs(old[i]) + Math.abs(got[i]));
        assert.ok(Math.abs(got[i] - old[i]) <= tol, `i=${i}: ${got[i]} vs ${old[i]} (tol ${tol})`);
      }
    }),
    { numRuns: 300 },
  );
});

test('centredSmooth: a 3000-point curve on the exact-sum path matches the old code; the default path is exact', () => {
  const ys = Array.from({ length: 3000 }, (_, i) => 2 + Math.sin(i / 37) + ((i * 7919) % 101) / 50);
  const old = oldCentredSmooth(ys);
  assert.deepEqual(centredSmooth(ys), old); // 3000 x 301 additions: under the work limit
  const fast = centredSmooth(ys, undefined, 0);
  for (let i = 0; i < ys.length; i++) assert.ok(Math.abs(fast[i] - old[i]) <= 1e-14 * Math.abs(old[i]), `i=${i}`);
  assert.throws(() => centredSmooth([1, NaN, 2]), /values\[1\] must be a finite number, got NaN/);
  assert.throws(() => centredSmooth([1, 2], 1.5), /h must be an integer >= 0, got 1.5/);
});

test('differenceNoise: bit-identical to the old code', () => {
  fc.assert(fc.property(curve(0, 300), (ys) => Object.is(differenceNoise(ys), oldDifferenceNoise(ys))), { numRuns: 400 });
  // Long curves too (a selection, not a sort, finds the medians now).
  const long = Array.from({ length: 40_001 }, (_, i) => Math.sin(i / 300) + 0.05 * Math.sin(i * 12.9898) + (i % 7 === 0 ? 0.3 : 0));
  assert.ok(Object.is(differenceNoise(long), oldDifferenceNoise(long)));
});

test('median: the middle of the sorted values, for any order and ties (a selection, not a sort)', async () => {
  const { median } = await import('../src/suggestions/sort.js');
  const sortedMiddle = (v: number[]) => {
    const s = Float64Array.from(v).sort();
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const values = fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 400 });
  fc.assert(fc.property(values, fc.constantFrom('as is', 'sorted', 'reversed'), (v, order) => {
    const w = order === 'as is' ? v : [...v].sort((a, b) => a - b);
    if (order === 'reversed') w.reverse();
    // === rather than Object.is: of tied zeros a selection may pick -0 where the sort has 0
    const got = median(w);
    const want = sortedMiddle(w);
    assert.ok(got === want, `median ${got}, sorted middle ${want}`);
  }), { numRuns: 500 });
  assert.ok(median([0, -0, 0]) === 0);
  assert.ok(Number.isNaN(median([])));
});

test('valley: the same index as fastai\'s O(n²) loop, for losses and for higher-is-better', () => {
  fc.assert(
    fc.property(curve(2, 300), fc.boolean(), (ys, higher) => {
      const lrs = lrsFor(ys.length);
      const got = valley({ lrs, losses: ys }, higher ? { metric: 'higher-is-better' } : {});
      const index = oldValleyIndex(higher ? ys.map((v) => -v) : ys);
      assert.equal(got.index, index);
      assert.equal(got.lr, lrs[index]);
      assert.equal(got.loss, ys[index]);
    }),
    { numRuns: 500 },
  );
});

test('smoothUntilNonFinite: the same as before, cut at the first NaN/Infinity', () => {
  const withBreak = fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constantFrom(NaN, Infinity, -Infinity)), { maxLength: 200 });
  fc.assert(fc.property(withBreak, fc.double({ min: 0, max: 0.999, noNaN: true }), (ys, beta) => {
    assert.deepEqual(smoothUntilNonFinite(ys, beta), oldSmoothUntilNonFinite(ys, beta));
  }));
});

test('logMedian: the same as sorting a copy with a comparator', () => {
  fc.assert(fc.property(fc.array(fc.double({ min: 1e-12, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 50 }), (v) => {
    const s = [...v].sort((a, b) => a - b);
    const m = s.length >> 1;
    assert.equal(logMedian(v), s.length % 2 ? s[m] : Math.sqrt(s[m - 1] * s[m]));
  }));
});

test('200k points: valley, centredSmooth and smoothUntilNonFinite take no argument spreads and finish', () => {
  const n = 200_000; // past the ~125k arguments where a spread throws
  const ys = Array.from({ length: n }, (_, i) => 3 - 2 * Math.sin((Math.PI * i) / n) + ((i * 2654435761) % 1000) / 5000);
  const c = centredSmooth(ys);
  assert.equal(c.length, n);
  assert.ok(c.every(Number.isFinite));
  const v = valley({ lrs: Array.from({ length: n }, (_, i) => 1e-7 * 10 ** ((8 * i) / n)), losses: ys });
  assert.ok(v.index >= 0 && v.index < n);
  assert.equal(smoothUntilNonFinite(ys, 0.98).length, n);
});

test('argsort / sortedCopy (radix sort past 32,768 values): the same order as a stable numeric sort', async () => {
  const { argsort, sortedCopy } = await import('../src/suggestions/sort.js');
  const stable = (v: ArrayLike<number>) => Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a] - v[b] || (Object.is(v[a], -0) ? -1 : 0) - (Object.is(v[b], -0) ? -1 : 0) || a - b);
  fc.assert(fc.property(curve(0, 200), (ys) => {
    assert.deepEqual([...argsort(ys)], stable(ys));
    assert.deepEqual(sortedCopy(ys), Float64Array.from(ys).sort());
  }));
  // Long arrays take the radix path: ties, signed zeros, negatives, tiny and huge magnitudes.
  const pool = [0, -0, 1, -1, 0.5, -2.5e-300, 3e300, -7e10, 1 + 2 ** -52, 5e-324, -5e-324];
  const long = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? pool[(i * 7) % pool.length] : Math.sin(i) * 10 ** ((i % 40) - 20)));
  assert.deepEqual([...argsort(long)], stable(long));
  assert.deepEqual(sortedCopy(long), Float64Array.from(long).sort());
});

test('long curves (the radix-sort path): valley and centredSmooth still equal the old code', () => {
  const n = 33_000; // just past RADIX_MIN (32,768); the old valley is O(n²)
  // Integer levels give many ties; a slow trend gives a long decreasing run.
  const ys = Array.from({ length: n }, (_, i) => Math.round(50 * Math.cos((3 * i) / n) + ((i * 7919) % 13)) / 4);
  const lrs = Array.from({ length: n }, (_, i) => 1e-7 * 10 ** ((8 * i) / n));
  assert.equal(valley({ lrs, losses: ys }).index, oldValleyIndex(ys));
  assert.deepEqual(centredSmooth(ys, 5), oldCentredSmooth(ys, 5));
  assert.ok(Object.is(differenceNoise(ys), oldDifferenceNoise(ys)));
});
