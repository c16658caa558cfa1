import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { curveJsonSchema, curveToJson, parseCurveJson } from '../src/io/index.js';

test('curveToJson -> parseCurveJson keeps the curve, metadata and suggestions; NaN comes back as NaN', () => {
  const result = {
    lrs: [1e-5, 1e-4, 1e-3, 1e-2], losses: [2.3, 2.0, 1.5, NaN], smoothed: [2.3, 2.2, 1.9, 1.9],
    stopReason: 'non-finite' as const, iterations: 4, metric: 'loss' as const, startLr: 1e-5, endLr: 1, mode: 'exp' as const, numIter: 100,
  };
  const sugg = [{ name: 'valley', lr: 1e-4, index: 1, loss: 2.0 }];
  const back = parseCurveJson(curveToJson(result, sugg));
  assert.deepEqual(back, { ...result, suggestions: sugg });
  assert.ok(Number.isNaN(back.losses[3]));
});

test('parseCurveJson rejects bad files with the offending field in the message', () => {
  const bad: [string, RegExp][] = [
    ['{"lrs":[0.001,', /invalid curve JSON: .*JSON/],
    ['{"lrs":[0.001,-1],"losses":[1,2]}', /lrs\[1\]: .*>0/],
    ['{"lrs":[0.001],"losses":[1]}', /lrs: .*>=2/],
    ['{"lrs":[0.001,0.01],"losses":[1]}', /losses: length 1 differs from lrs length 2/],
    ['{"lrs":[0.001,0.01],"losses":[1,"x"]}', /losses\[1\]: .*expected number/],
    ['{"lrs":[0.001,0.01],"losses":[1,2],"smoothed":[1]}', /smoothed: length 1/],
    ['{"lrs":[0.001,0.01],"losses":[1,2],"stopReason":"boom"}', /stopReason/],
    ['{"lrs":[0.001,0.01],"losses":[1,2],"suggestions":[{"name":"valley","lr":0.001,"index":5}]}', /suggestions\[0\]\.index: index 5 is past the end/],
    ['[1,2]', /\(root\)/],
  ];
  for (const [text, re] of bad) {
    assert.throws(() => parseCurveJson(text), (e: Error) => e instanceof RangeError && re.test(e.message), `${text} -> ${re}`);
  }
  assert.throws(() => parseCurveJson(undefined as never), TypeError);
});

test('curveJsonSchema keeps unknown keys and maps null losses to NaN', () => {
  const c = curveJsonSchema.parse({ lrs: [1e-4, 1e-3], losses: [2.3, null], tool: 'keras' });
  assert.ok(Number.isNaN(c.losses[1]));
  assert.equal((c as Record<string, unknown>).tool, 'keras');
});

test('fuzz: parseCurveJson returns a valid curve or throws RangeError/TypeError', () => {
  const value = fc.oneof(fc.double(), fc.constant(null), fc.string({ maxLength: 3 }), fc.integer({ min: -2, max: 5 }));
  const obj = fc.record(
    { lrs: fc.array(value, { maxLength: 5 }), losses: fc.array(value, { maxLength: 5 }), smoothed: fc.array(value, { maxLength: 5 }) },
    { requiredKeys: [] },
  );
  const text = fc.oneof(obj.map((o) => JSON.stringify(o)), fc.json(), fc.string({ maxLength: 20 }));
  fc.assert(
    fc.property(text, (t) => {
      try {
        const c = parseCurveJson(t);
        assert.ok(c.lrs.length >= 2 && c.losses.length === c.lrs.length && c.lrs.every((x) => x > 0 && Number.isFinite(x)));
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        assert.ok(e instanceof RangeError || e instanceof TypeError, `unexpected ${String(e)}`);
      }
    }),
    { numRuns: 1000 },
  );
});

test('curveToJson stores the object suggest.all() returns as a list that parseCurveJson reads back', async () => {
  const { rangeTest } = await import('../src/finder/index.js');
  const { suggest } = await import('../src/suggestions/index.js');
  const result = await rangeTest({ step: (lr) => (lr - 1e-2) ** 2 + 1, numIter: 60, divergeThreshold: 1e9 });
  const all = suggest.all(result);
  const back = parseCurveJson(curveToJson(result, all));
  assert.deepEqual(back.suggestions?.map((s) => s.name).sort(), Object.keys(all).sort());
  assert.equal(back.suggestions?.find((s) => s.name === 'valley')?.lr, all.valley.lr);
});
