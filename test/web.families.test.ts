// The web designer's family factories: every torch / keras / transformers factory is offered by its
// library name, its prefilled options build a valid schedule for any peak and length, and the
// schedule round-trips through its JSON spec; bad options name the field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fromSpec, keras, sample, toSpec, torch, transformers } from '../src/schedules/index.js';
import './helpers/lrkit-alias.js';

// The page's module names the library as 'lrkit': imported after the alias is in place.
const { FAMILY_NAMES, familyDefaults, familySchedule } = await import('../web/src/families.js');

test('every family factory is offered under its library name', () => {
  const want = [
    ...Object.keys(torch).filter((n) => n !== 'reduceLROnPlateau').map((n) => `torch.${n}`),
    ...Object.keys(keras).map((n) => `keras.${n}`),
    ...Object.keys(transformers).map((n) => `transformers.${n}`),
  ];
  assert.deepEqual(FAMILY_NAMES, want);
});

test('the prefilled options build a finite, non-negative schedule that round-trips, for any peak and length', () => {
  fc.assert(
    fc.property(fc.constantFrom(...FAMILY_NAMES), fc.double({ min: 1e-6, max: 10, noNaN: true }), fc.integer({ min: 10, max: 100_000 }), (name, lr, total) => {
      const s = familySchedule(name, JSON.stringify(familyDefaults(name, lr, total)));
      const steps = [0, 1, Math.floor(total / 2), total - 1, total];
      for (const t of steps) {
        const v = s(t);
        assert.ok(Number.isFinite(v) && v >= 0, `${name}(${t}) = ${v}`);
        assert.ok(v <= lr * (1 + 1e-9), `${name}(${t}) = ${v} is above the peak ${lr}`);
      }
      const again = fromSpec(JSON.parse(JSON.stringify(toSpec(s))));
      assert.deepEqual(steps.map(again), steps.map(s));
    }),
    { numRuns: 300 },
  );
  assert.equal(sample(familySchedule('torch.stepLR', '{"lr": 0.1, "stepSize": 2}'), 3)[2], 0.1 * 0.1);
});

test('bad options name the field and the factory', () => {
  assert.throws(() => familySchedule('torch.stepLR', '{lr: 0.1}'), /: Options must be JSON/);
  assert.throws(() => familySchedule('torch.stepLR', '{"lr": 0.1, "stepSize": -3}'), /: Options for torch\.stepLR: .*stepSize/);
  assert.throws(() => familySchedule('torch.nope', '{}'), /Factory must be one of torch\.stepLR/);
});
