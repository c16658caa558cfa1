// Parity of suggest.minimum/steep/valley/slide (and suggest.all's trimming) with fastai's rules.
// The fixtures come from scripts/fastai-suggestions.py, which re-implements fastai 2.7's code on
// float32 torch tensors; regenerate them with `/usr/bin/python3 scripts/fastai-suggestions.py`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { suggest, trimCurve } from '../src/suggestions/index.js';

interface Expected { lr: number; pointLr: number; loss: number; index: number }
type Rules = 'valley' | 'slide' | 'minimum' | 'steep';
interface Fixture {
  name: string;
  numIt: number;
  recorded: { lrs: number[]; losses: (number | null)[] };
  trimOffset: number;
  trimmed: { lrs: number[]; losses: number[] };
  expected: Record<Rules, Expected | null>;
  float64Agrees: Record<string, boolean>;
}

const dir = new URL('./fixtures/fastai/', import.meta.url);
const load = (f: string): unknown => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'edge-cases.json').map((f) => load(f) as Fixture);
const edge = load('edge-cases.json') as { cases: { name: string; lrs: number[]; losses: number[]; expected: Record<Rules, Expected | null> }[] };

// fastai's float32 interpolation vs our float64 one: the loss of `slide` may differ in the last digits.
const close = (actual: number | undefined, expected: number, rel = 1e-5): void => {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= rel * Math.abs(expected) + 1e-12, `${actual} !== ${expected}`);
};

function checkRule(rule: Rules, curve: { lrs: number[]; losses: number[] }, exp: Expected | null, offset = 0): void {
  if (exp === null) {
    assert.throws(() => suggest.slide(curve), /at least 16 points/);
    return;
  }
  const got = suggest[rule](curve);
  assert.equal(got.name, rule);
  assert.equal(got.index, exp.index + offset, `${rule} index`);
  // The learning rates are float32 values taken straight from the curve: exact equality.
  assert.equal(got.lr, exp.lr, `${rule} lr`);
  assert.equal(curve.lrs[got.index - offset], exp.pointLr, `${rule} marked point`);
  close(got.loss, exp.loss);
}

describe('fastai parity on lr_find-trimmed curves', () => {
  it('has at least 5 curves, each decided the same way in float32 and float64', () => {
    assert.ok(fixtures.length >= 5);
    for (const f of fixtures) for (const [rule, same] of Object.entries(f.float64Agrees)) assert.ok(same, `${f.name} ${rule}`);
  });
  for (const f of fixtures) {
    describe(f.name, () => {
      for (const rule of ['valley', 'slide', 'minimum', 'steep'] as const) {
        it(rule, () => checkRule(rule, f.trimmed, f.expected[rule]));
      }
      it('trimCurve reproduces lr_find\'s [num_it//10:-5] and NaN cut', () => {
        const losses = f.recorded.losses.map((v) => (v === null ? NaN : v));
        const t = trimCurve({ lrs: f.recorded.lrs, losses, numIter: f.numIt });
        assert.equal(t.offset, f.trimOffset);
        assert.deepEqual(t.lrs, f.trimmed.lrs);
        assert.deepEqual(t.losses, f.trimmed.losses);
      });
      it('suggest.all on the recorded curve gives the same suggestions, indexed into the full curve', () => {
        const losses = f.recorded.losses.map((v) => (v === null ? NaN : v));
        const all = suggest.all({ lrs: f.recorded.lrs, losses, numIter: f.numIt });
        for (const rule of ['valley', 'slide', 'minimum', 'steep'] as const) {
          const exp = f.expected[rule];
          if (exp === null) {
            assert.equal(all[rule], undefined);
            continue;
          }
          assert.equal(all[rule]?.lr, exp.lr, `${rule} lr`);
          assert.equal(all[rule]?.index, exp.index + f.trimOffset, `${rule} index`);
          assert.equal(f.recorded.lrs[all[rule]!.index], exp.pointLr);
        }
      });
    });
  }
});

describe('fastai parity on small curves (ties, Python index wrap-around)', () => {
  for (const c of edge.cases) {
    for (const rule of ['valley', 'slide', 'minimum', 'steep'] as const) {
      it(`${c.name}: ${rule}`, () => checkRule(rule, c, c.expected[rule]));
    }
  }
});
