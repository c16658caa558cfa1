import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setBackend, type BackendChoice } from '../src/tfjs/index.js';

const nodeInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

test('wasm and cpu start offline and report the backend in use', async () => {
  assert.equal(await setBackend('wasm'), 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  // The backend really computes.
  assert.deepEqual(Array.from(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1).dataSync())), [2, 3]);
  assert.equal(await setBackend('cpu'), 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
});

test("'auto' picks tfjs-node when installed, else wasm", async () => {
  assert.equal(await setBackend('auto'), nodeInstalled ? 'tensorflow' : 'wasm');
  assert.equal(await setBackend(), nodeInstalled ? 'tensorflow' : 'wasm');
});

test("'node' without tfjs-node says how to get it", { skip: nodeInstalled && 'tfjs-node is installed' }, async () => {
  await setBackend('cpu');
  await assert.rejects(setBackend('node'), { message: /@tensorflow\/tfjs-node is not installed.*npm i @tensorflow\/tfjs-node/ });
  assert.equal(tf.getBackend(), 'cpu'); // unchanged after the failure
});

test("'webgl' outside a browser fails clearly", async () => {
  await setBackend('cpu');
  await assert.rejects(setBackend('webgl'), { message: /backend "webgl" is not available here/ });
  assert.equal(tf.getBackend(), 'cpu');
});

test('rejects unknown backend names, listing the valid ones', async () => {
  await assert.rejects(setBackend('gpu' as BackendChoice), {
    name: 'RangeError',
    message: /backend must be one of auto, node, wasm, cpu, webgl, got "gpu"/,
  });
});
