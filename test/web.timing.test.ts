// The web page's status-line timing: elapsed, time left, and the once-a-second throttle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { eta, formatDuration, throttle } from '../web/src/timing.js';

test('formatDuration reads as a person would say it', () => {
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(12_345), '12.3 s');
  assert.equal(formatDuration(245_000), '4 min 05 s');
  assert.equal(formatDuration(NaN), '—');
});

test('eta extrapolates the time per step to the steps left, and says nothing left at the end', () => {
  assert.equal(eta(0, 25, 100, 1000), '1.0 s elapsed, about 3.0 s left');
  assert.equal(eta(0, 100, 100, 2000), '2.0 s elapsed');
  assert.equal(eta(0, 0, 100, 10), '10 ms elapsed');
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 1, max: 1000 }), (done, perStep) => {
      const total = 1000;
      const text = eta(0, done, total, done * perStep);
      const left = /about (.*) left/.exec(text)?.[1];
      assert.equal(left, formatDuration((total - done) * perStep));
    }),
  );
});

test('throttle passes the first text, drops the next within the interval, and always passes a forced one', () => {
  const said: string[] = [];
  const say = throttle((t) => said.push(t), 60_000);
  say('a');
  say('b');
  say('c', true);
  assert.deepEqual(said, ['a', 'c']);
});
