// Confidence is earned on the suite: the committed calibration (bench/results/calibration.json)
// is what today's recommend() gives on the suite's committed range tests, and what recommend()
// quotes of it (SUITE_CALIBRATION, in every constant rate's caveat) is that file's numbers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CONSTANT_CAVEAT, SUITE_CALIBRATION } from '../src/index.js';
import { calibrate, type RefineResults, type SuiteResults } from '../bench/suggestions/calibrate.js';
import type { TaskSeed } from '../bench/suggestions/collect.js';

const read = <T>(name: string) => JSON.parse(readFileSync(new URL(`../bench/results/${name}`, import.meta.url), 'utf8')) as T;
const suite = read<SuiteResults>('suggestions.json');
const raw = read<{ runs: TaskSeed[] }>('suggestions-raw.json').runs;
const refine = read<RefineResults>('refine-share-1.json');
const saved = read<ReturnType<typeof calibrate>>('calibration.json');

test('calibration.json is today\'s recommend() on the suite\'s range tests (rerun npm run bench:calibration when it changes)', () => {
  const c = calibrate(suite, raw, refine);
  assert.deepEqual(c.calibration, saved.calibration);
  assert.deepEqual(c.perRule, saved.perRule);
  assert.deepEqual(c.misses, saved.misses);
});

test('the held-out check too: calibration-heldout.json is today\'s recommend() on the held-out range tests', () => {
  const held = calibrate(read<SuiteResults>('suggestions-heldout.json'), read<{ runs: TaskSeed[] }>('suggestions-heldout-raw.json').runs);
  const savedHeld = read<ReturnType<typeof calibrate>>('calibration-heldout.json');
  assert.deepEqual(held.calibration, savedHeld.calibration);
  assert.deepEqual(held.misses, savedHeld.misses);
  assert.equal(savedHeld.calibration.constant.high.of, 0);
});

test('SUITE_CALIBRATION and the constant rate\'s caveat quote the suite', () => {
  const knee = saved.perRule['knee (recommended constant)'];
  const peak = saved.perRule['peak (recommended one-cycle)'];
  assert.deepEqual(SUITE_CALIBRATION, { pairs: knee.pairs, constantWithinTarget: knee.pairsWithinTarget, oneCycleWithinTarget: peak.pairsWithinTarget });
  assert.match(CONSTANT_CAVEAT, new RegExp(`on ${knee.pairsWithinTarget} of ${knee.pairs} suite pairs \\(one-cycle at the peak: ${peak.pairsWithinTarget}\\)`));
});

test('no constant rate is marked high; every constant miss carries its caveat, and a cliff marks it low', () => {
  assert.equal(saved.calibration.constant.high.of, 0);
  for (const m of saved.misses.constant) assert.equal(m.warned, true);
  for (const p of saved.pairs) if (p.warnings.includes('cliff')) assert.equal(p.constant.confidence, 'low');
});
