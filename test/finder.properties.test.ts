// Property tests (fast-check) for rangeTest, lrAt and smooth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { lrAt, rangeTest, smooth } from '../src/finder/index.js';

const range = fc.record({
  startLr: fc.double({ min: 1e-9, max: 10, noNaN: true }),
  ratio: fc.double({ min: 1.01, max: 1e9, noNaN: true }),
  numIter: fc.integer({ min: 2, max: 400 }),
  mode: fc.constantFrom('exp' as const, 'linear' as const),
});

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe('rangeTest properties', () => {
  it('lrs are strictly increasing, within [startLr, endLr], first = startLr, last = endLr', async () => {
    await fc.assert(
      fc.asyncProperty(range, async ({ startLr, ratio, numIter, mode }) => {
        const endLr = startLr * ratio;
        const r = await rangeTest({ startLr, endLr, numIter, mode, step: () => 1 });
        assert.equal(r.lrs.length, numIter);
        assert.equal(r.lrs[0], startLr);
        assert.equal(r.lrs[numIter - 1], endLr);
        for (let i = 0; i < numIter; i++) {
          assert.ok(r.lrs[i] >= startLr && r.lrs[i] <= endLr);
          if (i > 0) assert.ok(r.lrs[i] > r.lrs[i - 1], `lrs[${i}]`);
          assert.equal(r.lrs[i], lrAt(i, { startLr, endLr, numIter, mode }));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a constant curve smooths to exactly that constant', () => {
    fc.assert(
      fc.property(finite, fc.integer({ min: 1, max: 300 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (c, n, beta) => {
        for (const v of smooth(new Array(n).fill(c), beta)) assert.ok(v === c, `${v} !== ${c}`); // === : -0 comes back as 0
      }),
    );
  });

  it('smooth equals the textbook bias-corrected EMA and stays within the range of its inputs', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 0.995, noNaN: true }), (xs, beta) => {
        const s = smooth(xs, beta);
        let avg = 0;
        let lo = Infinity;
        let hi = -Infinity;
        xs.forEach((x, i) => {
          avg = beta * avg + (1 - beta) * x;
          const want = avg / (1 - beta ** (i + 1));
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
          assert.ok(Math.abs(s[i] - want) <= 1e-9 * (hi - lo + Math.abs(want)) + 1e-9, `${s[i]} vs ${want}`);
          assert.ok(s[i] >= lo && s[i] <= hi);
        });
      }),
    );
  });

  it('the result JSON round-trips and is consistent whatever the step returns', async () => {
    await fc.assert(
      fc.asyncProperty(
        range,
        fc.array(fc.oneof(finite, fc.constantFrom(NaN, Infinity)), { minLength: 1, maxLength: 60 }),
        fc.constantFrom('loss' as const, 'higher-is-better' as const),
        fc.boolean(),
        async ({ startLr, ratio, numIter, mode }, values, metric, pipeline) => {
          const r = await rangeTest({
            startLr, endLr: startLr * ratio, numIter, mode, metric, pipeline,
            step: (_lr, i) => values[i % values.length],
          });
          assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
          assert.equal(r.iterations, r.lrs.length);
          assert.equal(r.losses.length, r.iterations);
          assert.equal(r.smoothed.length, r.iterations);
          assert.deepEqual(r.smoothed, smooth(r.losses, r.beta));
          if (r.stopReason === 'completed') assert.equal(r.iterations, numIter);
          else assert.ok(r.iterations < numIter);
          if (r.stopReason === 'non-finite') assert.ok(!Number.isFinite(values[r.iterations % values.length]));
        },
      ),
      { numRuns: 150 },
    );
  });
});
