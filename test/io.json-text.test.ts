import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonParts, jsonText } from '../src/io/json-text.js';

test('jsonText reads back as JSON.stringify does (non-finite numbers as null), with number arrays on one line', () => {
  fc.assert(fc.property(fc.jsonValue(), (v) => {
    assert.deepEqual(JSON.parse(jsonText(v)), JSON.parse(JSON.stringify(v)));
  }), { numRuns: 300 });
  const withNaN = fc.array(fc.oneof(fc.double(), fc.constant(NaN), fc.constant(Infinity), fc.constant(null)));
  fc.assert(fc.property(fc.dictionary(fc.string(), withNaN), (v) => {
    assert.deepEqual(JSON.parse(jsonText(v)), JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x))));
  }), { numRuns: 300 });
  const text = jsonText({ lrs: [1e-3, 1e-2], losses: [2.3, NaN], note: 'a', nested: [{ a: undefined, b: [Infinity] }] });
  assert.equal(text, '{\n  "lrs": [0.001,0.01],\n  "losses": [2.3,null],\n  "note": "a",\n  "nested": [\n    {\n      "b": [null]\n    }\n  ]\n}');
  // a million-point curve is one line per array
  const big = jsonText({ lrs: Array.from({ length: 1e5 }, (_, i) => i + 1) });
  assert.equal(big.split('\n').length, 3);
  // Long arrays are written in slices: the text is still JSON.stringify's, whatever the length.
  for (const n of [4095, 4096, 4097, 8192, 10_001]) {
    const arr = Array.from({ length: n }, (_, i) => (i % 4097 === 0 ? NaN : i / 7));
    assert.equal(jsonText({ arr }), `{\n  "arr": ${JSON.stringify(arr)}\n}`, `n = ${n}`);
    assert.equal(jsonParts({ arr }).join(''), jsonText({ arr }));
  }
});
