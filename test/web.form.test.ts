// The page's field messages and the range test's blow-up rate, in Node: what a number field
// accepts said in the words of its label, library messages in the page's words, and where the
// designer's warning beside Max LR starts (web/src/form.ts, web/src/divergence.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeCurve } from '../src/analysis/index.js';
import './helpers/lrkit-alias.js';

// The page's modules name the library as 'lrkit': imported after the alias is in place.
const { NUMBER_FIELDS, numberProblem, plainMessage } = await import('../web/src/form.js');
const { blowUpRate, peakWarning } = await import('../web/src/divergence.js');

test('a number field\'s message names it by its label and says what it takes', () => {
  assert.equal(numberProblem('Iterations', '2.5', NUMBER_FIELDS['num-iter']), 'Iterations must be a whole number from 2 to 100,000, got "2.5"');
  assert.equal(numberProblem('Batch size', '0', NUMBER_FIELDS['batch-size']), 'Batch size must be a whole number from 1 to 4,096, got "0"');
  assert.equal(numberProblem('Start LR', '0x10', NUMBER_FIELDS['start-lr']), 'Start LR must be a number from 1e-12 to 1,000, got "0x10"');
  assert.match(numberProblem('Max LR', '1e300', NUMBER_FIELDS['max-lr']) ?? '', /^Max LR must be a number > 0 and at most 10, got "1e300": no range test reaches/);
  assert.equal(numberProblem('Max LR', '-1', NUMBER_FIELDS['max-lr']), 'Max LR must be a number > 0 and at most 10, got "-1"');
  assert.match(numberProblem('Gamma', '2', NUMBER_FIELDS.gamma) ?? '', /y ticks vanish$/);
  for (const [id, good] of [['num-iter', '100'], ['batch-size', '64'], ['max-lr', '10'], ['gamma', '1'], ['beta', '0'], ['start-lr', '1e-5']] as const) {
    assert.equal(numberProblem(id, good, NUMBER_FIELDS[id]), undefined, `${id} = ${good}`);
  }
});

test('library messages lose their function names; a falling lr is said as the file\'s points', () => {
  assert.equal(
    plainMessage('recommend: input.lrs must be strictly increasing; lrs[1] = 0.01 is not above lrs[0] = 0.1'),
    'the learning rates must increase from point to point: point 2 (lr 0.01) is not above point 1 (lr 0.1)',
  );
  assert.equal(plainMessage('Options for torch.stepLR: torch.stepLR(): stepSize must be a finite number, got undefined'), 'Options for torch.stepLR: stepSize must be a finite number, got undefined');
  assert.equal(plainMessage('policySpec(): baseLr (1) must be below maxLr (0.5) for triangular'), 'baseLr (1) must be below maxLr (0.5) for triangular');
});

test('the blow-up rate is the last point of the centred curve before it rises above its start; else 3 x the one-cycle peak', () => {
  const lrs = Array.from({ length: 100 }, (_, i) => 1e-6 * 10 ** ((7 * i) / 99));
  const curve = (rise: number) => lrs.map((lr, i) => 2.3 - 2 / (1 + Math.exp(-3 * (Math.log10(lr) + 3))) + (lr > 0.3 ? rise * (lr - 0.3) : 0) + 0.01 * Math.sin(i));
  const blew = analyzeCurve({ lrs, losses: curve(20) });
  const b = blowUpRate(blew)!;
  assert.equal(b.from, 'curve');
  const { centred } = blew.curves[0];
  const i = blew.curves[0].lrs.indexOf(b.lr);
  assert.ok(centred[i] <= centred[0] && centred[i + 1] > centred[0], `at ${b.lr}`);
  assert.equal(peakWarning(b.lr, b), undefined);
  assert.match(peakWarning(5, b) ?? '', /^This design peaks at 5\.00e0, above .* where the range test's loss blew up/);
  const mild = analyzeCurve({ lrs, losses: curve(0.3) });
  assert.deepEqual(blowUpRate(mild), { lr: 3 * mild.recommendation.oneCycle!.maxLr, from: 'peak x 3' });
});
