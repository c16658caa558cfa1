// The one argument checker (src/check): its message format, its error classes and show().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  bool, expectedFor, fail, finite, inRange, integer, knownOptions, mustBe, nonNegative, numberIn, object, oneOf, ordered, positive,
  positiveInteger, show,
} from '../src/check/index.js';

test('show: strings quoted, numbers readable, short arrays listed, long ones summarised, objects by class', () => {
  assert.equal(show('a b'), '"a b"');
  assert.equal(show(NaN), 'NaN');
  assert.equal(show(-Infinity), '-Infinity');
  assert.equal(show(1e-7), '1e-7');
  assert.equal(show(null), 'null');
  assert.equal(show(undefined), 'undefined');
  assert.equal(show(true), 'true');
  assert.equal(show(10n), '10n');
  assert.equal(show(() => 1), 'a function');
  assert.equal(show([3, 'x', NaN]), '[3, "x", NaN]');
  assert.equal(show(Array.from({ length: 9 }, (_, i) => i)), 'an array of length 9');
  assert.equal(show([{}]), 'an array of length 1');
  assert.equal(show({ a: 1 }), 'an object');
  assert.equal(show(Object.create(null)), 'an object');
  assert.equal(show(new Map()), 'a Map');
  assert.equal(show(new AbortController()), 'an AbortController');
});

test('the one format: fn: name must be <expected>, got <shown value>', () => {
  assert.throws(() => positiveInteger('triangular', 'stepSizeUp', 0), { name: 'RangeError', message: 'triangular: stepSizeUp must be a positive integer, got 0' });
  assert.throws(() => positive('findLearningRate', 'startLr', -1), { name: 'RangeError', message: 'findLearningRate: startLr must be a finite number > 0, got -1' });
  assert.throws(() => positive('f', 'lr', '0.1'), { name: 'TypeError', message: 'f: lr must be a finite number > 0, got "0.1"' });
  assert.throws(() => finite('f', 'x', Infinity), { name: 'RangeError', message: 'f: x must be a finite number, got Infinity' });
  assert.throws(() => nonNegative('f', 'x', NaN), { name: 'RangeError', message: 'f: x must be a finite number >= 0, got NaN' });
  assert.throws(() => integer('f', 'n', 2.5, 0, 9), { name: 'RangeError', message: 'f: n must be an integer from 0 to 9, got 2.5' });
  assert.throws(() => integer('f', 'n', 1, 2), { name: 'RangeError', message: 'f: n must be an integer >= 2, got 1' });
  assert.throws(() => inRange('f', 'beta', 1, 0, 1, { hi: true }), { name: 'RangeError', message: 'f: beta must be a number in [0, 1), got 1' });
  assert.throws(() => oneOf('f', 'mode', 'log', ['exp', 'linear']), { name: 'RangeError', message: 'f: mode must be "exp" or "linear", got "log"' });
  assert.throws(() => oneOf('f', 'mode', 3, ['a', 'b', 'c']), { name: 'TypeError', message: 'f: mode must be one of "a", "b", "c", got 3' });
  assert.throws(() => bool('f', 'flag', 'yes'), { name: 'TypeError', message: 'f: flag must be a boolean, got "yes"' });
  assert.throws(() => object('f', 'options', null), { name: 'TypeError', message: 'f: options must be an object, got null' });
  assert.throws(() => object('f', 'options', [1], true), { name: 'TypeError', message: 'f: options must be an object or undefined, got [1]' });
  assert.throws(() => ordered('f', 'baseLr', 2, 'maxLr', 1), { name: 'RangeError', message: 'f: baseLr must be <= maxLr (1), got 2' });
  assert.throws(() => fail('f', 'x', 'odd', 2, TypeError), { name: 'TypeError', message: 'f: x must be odd, got 2' });
});

test('unknown keys: fn: unknown option "key"; expected one of ...', () => {
  assert.throws(() => knownOptions('rangeTest', { numIters: 5 }, ['startLr', 'numIter']), {
    name: 'TypeError', message: 'rangeTest: unknown option "numIters"; expected one of startLr, numIter',
  });
  assert.deepEqual(knownOptions('f', undefined, ['a'], true), {});
  assert.deepEqual(knownOptions('f', { a: 1 }, ['a']), { a: 1 });
});

test('good values come back (-0 as 0), defaults are not invented', () => {
  assert.equal(positive('f', 'x', 0.5), 0.5);
  assert.ok(Object.is(finite('f', 'x', -0), 0));
  assert.equal(numberIn('f', 'x', Infinity, { min: 0, minOpen: true, infinite: true }), Infinity);
  assert.equal(integer('f', 'x', -3), -3);
  assert.equal(expectedFor({ integer: true, min: 0, max: 3, maxOpen: true }), 'an integer >= 0 and < 3');
});

test('property: every check failure reads "fn: name must be <expected>, got <show(value)>", TypeError for a non-number', () => {
  const ident = fc.stringMatching(/^[a-zA-Z][\w.]{0,11}$/);
  const checks = [positive, nonNegative, finite, positiveInteger, (fn: string, name: string, v: unknown) => inRange(fn, name, v, 0, 1)];
  fc.assert(fc.property(ident, ident, fc.anything(), fc.nat(checks.length - 1), (fn, name, value, k) => {
    let caught: unknown;
    try {
      checks[k](fn, name, value);
    } catch (e) {
      caught = e;
    }
    if (caught === undefined) return; // a good value
    assert.ok(caught instanceof (typeof value === 'number' ? RangeError : TypeError));
    const message = (caught as Error).message;
    assert.ok(message.startsWith(`${fn}: ${name} must be `), message);
    assert.ok(message.endsWith(`, got ${show(value)}`), message);
    assert.equal(message, mustBe(fn, name, message.slice(`${fn}: ${name} must be `.length, -`, got ${show(value)}`.length), value));
  }));
});
