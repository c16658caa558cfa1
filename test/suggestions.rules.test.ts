// suggest.cyclicBounds / oneCycle / all, trimCurve, the metric option and input validation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { suggest, trimCurve, type Curve } from '../src/suggestions/index.js';

const lrs = Array.from({ length: 40 }, (_, i) => 1e-5 * 10 ** (i / 6.5)); // 1e-5 .. ~1.4
// A loss that falls, bottoms out at lrs[30] and rises again.
const losses = lrs.map((_, i) => (i <= 30 ? 3 - i * 0.08 : 0.6 + (i - 30) ** 2 * 0.1));
const curve: Curve = { lrs, losses };

describe('cyclicBounds', () => {
  it('max_lr = lr at the lowest loss / 3 (the moving average lags), base_lr = max/4; index and baseIndex mark them', () => {
    const b = suggest.cyclicBounds(curve);
    assert.equal(b.name, 'cyclicBounds');
    assert.equal(b.maxLr, lrs[30] / 3);
    assert.equal(b.lr, b.maxLr);
    assert.equal(b.baseLr, lrs[30] / 12);
    // lrs grow by 10^(1/6.5) ≈ 1.42 per point: /3 is about 3.1 points back, /12 about 7.0
    assert.equal(b.index, 27);
    assert.equal(b.loss, losses[27]);
    assert.equal(b.baseIndex, 23);
  });

  it('maxDivisor: 1 takes the lowest point itself (Smith\'s rule without the lag correction)', () => {
    const b = suggest.cyclicBounds(curve, { maxDivisor: 1 });
    assert.equal(b.index, 30);
    assert.equal(b.maxLr, lrs[30]);
    assert.equal(b.loss, losses[30]);
    assert.equal(b.baseLr, lrs[30] / 4);
    assert.equal(b.baseIndex, 26);
    assert.equal(suggest.cyclicBounds(curve, { maxDivisor: 10 }).maxLr, lrs[30] / 10);
  });

  it('divisor and maxDivisor are configurable and validated', () => {
    assert.equal(suggest.cyclicBounds(curve, { divisor: 3 }).baseLr, lrs[30] / 9);
    assert.throws(() => suggest.cyclicBounds(curve, { divisor: 1 }), { name: 'RangeError', message: /divisor must be a finite number > 1, got 1/ });
    assert.throws(() => suggest.cyclicBounds(curve, { divisor: NaN }), { name: 'RangeError', message: /divisor .* got NaN/ });
    assert.throws(() => suggest.cyclicBounds(curve, { div: 3 } as never), { name: 'TypeError', message: /unknown option "div"/ });
    assert.throws(() => suggest.cyclicBounds(curve, { maxDivisor: 0.5 }), { name: 'RangeError', message: /maxDivisor must be a finite number >= 1, got 0\.5/ });
    assert.throws(() => suggest.cyclicBounds(curve, { maxDivisor: Infinity }), { name: 'RangeError', message: /maxDivisor .* got Infinity/ });
    assert.throws(() => suggest.cyclicBounds(curve, { maxDivisor: '3' as never }), { name: 'TypeError', message: /maxDivisor must be a finite number >= 1, got "3"/ });
  });

  it('accuracy: max_lr where accuracy stops rising (no lag correction by default: a linear sweep)', () => {
    const acc = lrs.map((_, i) => (i <= 22 ? 0.1 + i * 0.035 : 0.87 - (i - 22) * 0.04));
    const b = suggest.cyclicBounds({ lrs, losses: acc }, { metric: 'higher-is-better' });
    assert.equal(b.index, 22);
    assert.equal(b.maxLr, lrs[22]);
    assert.equal(b.loss, acc[22]);
    assert.equal(suggest.cyclicBounds({ lrs, losses: acc }, { metric: 'higher-is-better', maxDivisor: 3 }).maxLr, lrs[22] / 3);
  });
});

describe('oneCycle', () => {
  it('max_lr = lr at the lowest loss / 3 by default, index nearest on a log scale', () => {
    const s = suggest.oneCycle(curve);
    assert.equal(s.name, 'oneCycle');
    assert.equal(s.lr, lrs[30] / 3);
    assert.equal(s.index, 27); // 3 ≈ 1.42^3.1
    assert.equal(s.loss, losses[27]);
    assert.equal(suggest.oneCycle(curve, { divisor: 10 }).lr, lrs[30] / 10);
  });
});

describe('metric option of the fastai rules', () => {
  it('higher-is-better looks at the negated values and reports the original ones', () => {
    const acc = losses.map((l) => 4 - l);
    for (const rule of ['minimum', 'steep', 'valley', 'slide'] as const) {
      const onLoss = suggest[rule](curve);
      const onAcc = suggest[rule]({ lrs, losses: acc }, { metric: 'higher-is-better' });
      assert.equal(onAcc.index, onLoss.index, rule);
      assert.equal(onAcc.lr, onLoss.lr, rule);
      assert.ok(Math.abs(onAcc.loss! - (4 - onLoss.loss!)) < 1e-12, rule);
    }
  });
});

describe('slide options', () => {
  it('needs lrDiff + 1 points and validates its options', () => {
    const short = { lrs: lrs.slice(0, 15), losses: losses.slice(0, 15) };
    assert.throws(() => suggest.slide(short), { name: 'RangeError', message: /slide \(lrDiff 15\): the curve must have at least 16 points; got 15/ });
    assert.equal(suggest.slide(short, { lrDiff: 5 }).name, 'slide');
    assert.throws(() => suggest.slide(curve, { lrDiff: 0 }), { name: 'RangeError', message: /lrDiff must be an integer >= 1, got 0/ });
    assert.throws(() => suggest.slide(curve, { thresh: -1 }), { name: 'RangeError', message: /thresh must be a finite number >= 0, got -1/ });
    assert.throws(() => suggest.slide(curve, { adjustValue: 0 }), { name: 'RangeError', message: /adjustValue must be a finite number > 0, got 0/ });
  });

  it('adjustValue scales the learning rate and the loss is read off the curve there', () => {
    const base = suggest.slide(curve);
    const adj = suggest.slide(curve, { adjustValue: 2 });
    assert.equal(adj.index, base.index);
    assert.equal(adj.lr, base.lr * 2);
    assert.equal(base.loss, losses[base.index]);
    // 2x is about 2 points right (1.42^2): interpolated between them on a log axis
    const lo = Math.min(losses[base.index + 1], losses[base.index + 2]);
    const hi = Math.max(losses[base.index + 1], losses[base.index + 2]);
    assert.ok(adj.loss! >= lo && adj.loss! <= hi);
  });
});

describe('trimCurve', () => {
  const n100 = { lrs: Array.from({ length: 100 }, (_, i) => 10 ** (-7 + i * 0.08)), losses: Array.from({ length: 100 }, (_, i) => 100 - i) };

  it('drops floor(numIter/10) at the start and 5 at the end, like lr_find', () => {
    const t = trimCurve(n100);
    assert.equal(t.offset, 10);
    assert.deepEqual(t.losses, n100.losses.slice(10, 95));
    assert.deepEqual(trimCurve({ ...n100, numIter: 200 }).losses, n100.losses.slice(20, 95));
    assert.deepEqual(trimCurve(n100, { skipStart: 0, skipEnd: 0 }).losses, n100.losses);
  });

  it('cuts at the first non-finite value and gives an empty curve when nothing is left', () => {
    const losses = n100.losses.slice();
    losses[50] = NaN;
    assert.deepEqual(trimCurve({ lrs: n100.lrs, losses }).losses, n100.losses.slice(10, 50));
    const t = trimCurve({ lrs: n100.lrs.slice(0, 12), losses: n100.losses.slice(0, 12), numIter: 100 });
    assert.deepEqual([t.lrs.length, t.losses.length], [0, 0]);
  });

  it('validates its options', () => {
    assert.throws(() => trimCurve(n100, { skipEnd: -1 }), { name: 'RangeError', message: /skipEnd must be an integer >= 0, got -1/ });
    assert.throws(() => trimCurve({ lrs: [1], losses: [] }), { name: 'RangeError', message: /same length; got 1 and 0/ });
  });
});

describe('suggest.all', () => {
  it('uses smoothed values when present, trims like lr_find and indexes into the full curve', () => {
    const n = 100;
    const lrsN = Array.from({ length: n }, (_, i) => 1e-7 * 10 ** (i * 0.08));
    const smoothed = lrsN.map((_, i) => (i <= 80 ? 3 - i * 0.03 : 0.6 + (i - 80) ** 2 * 0.05));
    const raw = smoothed.map((v, i) => v + (i % 2 ? 0.5 : -0.5));
    const s = suggest.all({ lrs: lrsN, losses: raw, smoothed, numIter: n });
    const trimmed = { lrs: lrsN.slice(10, 95), losses: smoothed.slice(10, 95) };
    for (const rule of ['minimum', 'steep', 'valley', 'slide', 'oneCycle'] as const) {
      const direct = suggest[rule](trimmed);
      assert.equal(s[rule]!.index, direct.index + 10, rule);
      assert.equal(s[rule]!.lr, direct.lr, rule);
    }
    // the lowest smoothed point is 80; maxLr = its lr / 3, about 6 points back (x1.2 per point)
    assert.equal(s.cyclicBounds.maxLr, lrsN[80] / 3);
    assert.equal(s.cyclicBounds.index, 74);
    assert.equal(s.cyclicBounds.baseIndex, suggest.cyclicBounds(trimmed).baseIndex + 10);
    // trim: false keeps every point
    assert.equal(suggest.all({ lrs: lrsN, losses: smoothed }, { trim: false }).steep.index, suggest.steep({ lrs: lrsN, losses: smoothed }).index);
  });

  it('falls back to the untrimmed curve when a test diverged early, and leaves slide out when too short', () => {
    const short = { lrs: lrs.slice(0, 12), losses: losses.slice(0, 12), numIter: 100 };
    const s = suggest.all(short);
    assert.equal(s.slide, undefined);
    assert.equal(s.minimum.index, 11);
    assert.throws(() => suggest.all({ lrs: [1e-3], losses: [1] }), { name: 'RangeError', message: /at least 2 points; got 1/ });
  });

  it('takes the metric from the input (a higher-is-better range-test result)', () => {
    const acc = losses.map((l) => 4 - l);
    const s = suggest.all({ lrs, losses: acc, metric: 'higher-is-better' }, { trim: false });
    assert.equal(s.cyclicBounds.index, 30);
    assert.equal(s.minimum.index, 30);
    assert.throws(() => suggest.all(curve, { metric: 'accuracy' as never }), { name: 'RangeError', message: /metric must be/ });
    assert.throws(() => suggest.all(curve, { trim: 'yes' as never }), { name: 'TypeError', message: /trim must be a boolean/ });
  });
});

describe('curve validation', () => {
  const rules = ['minimum', 'steep', 'valley', 'slide', 'cyclicBounds', 'oneCycle'] as const;
  const bad: [string, unknown, string, RegExp][] = [
    ['different lengths', { lrs: [1, 2, 3], losses: [1, 2] }, 'RangeError', /same length; got 3 and 2/],
    ['one point', { lrs: [1], losses: [1] }, 'RangeError', /at least (2|16) points; got 1/],
    ['zero lr', { lrs: [0, 1], losses: [1, 2] }, 'RangeError', /curve\.lrs\[0\] must be a finite number > 0, got 0/],
    ['negative lr', { lrs: [-1, 1], losses: [1, 2] }, 'RangeError', /curve\.lrs\[0\] .* got -1/],
    ['non-increasing lrs', { lrs: [1, 2, 2], losses: [1, 2, 3] }, 'RangeError', /strictly increasing; lrs\[1\]=2 and lrs\[2\]=2/],
    ['NaN loss', { lrs: [1, 2, 3], losses: [1, NaN, 3] }, 'RangeError', /curve\.losses\[1\] must be a finite number \(trimCurve\(\) cuts a curve at its first NaN\), got NaN$/],
    ['missing losses', { lrs: [1, 2] }, 'TypeError', /curve\.losses must be an array of numbers, got undefined/],
    ['not an object', 42, 'TypeError', /curve must be an object, got 42/],
  ];
  for (const rule of rules) {
    for (const [what, input, name, message] of bad) {
      // slide checks its 16-point minimum before looking at the values of these short curves
      const shortForSlide = rule === 'slide' && name === 'RangeError' && what !== 'different lengths';
      it(`${rule}: ${what}`, () => {
        assert.throws(() => suggest[rule](input as Curve), {
          name,
          message: new RegExp(`^${rule}.*${(shortForSlide ? /at least 16 points/ : message).source}`),
        });
      });
    }
  }

  it('slide validates the values of a long enough curve too', () => {
    const l20 = lrs.slice(0, 20);
    const bad20 = losses.slice(0, 20);
    bad20[7] = Infinity;
    assert.throws(() => suggest.slide({ lrs: l20, losses: bad20 }), { name: 'RangeError', message: /curve\.losses\[7\] must be a finite number .*, got Infinity$/ });
    const dup = l20.slice();
    dup[9] = dup[8];
    assert.throws(() => suggest.slide({ lrs: dup, losses: losses.slice(0, 20) }), { name: 'RangeError', message: /strictly increasing; lrs\[8\]=/ });
  });

  it('every suggestion on any valid curve points at a real point', () => {
    const arb = fc.integer({ min: 16, max: 120 }).chain((n) =>
      fc.record({
        lrs: fc.constant(Array.from({ length: n }, (_, i) => 1e-6 * 1.2 ** i)),
        losses: fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
      }),
    );
    fc.assert(
      fc.property(arb, (c) => {
        for (const rule of rules) {
          const s = suggest[rule](c);
          assert.ok(Number.isInteger(s.index) && s.index >= 0 && s.index < c.lrs.length, `${rule} ${s.index}`);
          assert.ok(s.lr > 0 && Number.isFinite(s.lr));
        }
      }),
      { numRuns: 100 },
    );
  });
});
