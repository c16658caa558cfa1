// keras.* and transformers.* against ports of their sources (test/fixtures/keras, /transformers,
// written by scripts/keras-transformers-fixtures.py; the commits read are in each fixture).
// Options come from the source's argument names by the naming rule alone; transformers'
// lr_lambdas were run by PyTorch's own LambdaLR. Keras computes in float32: lrkit matches the
// float64 formulas, and float32 Keras stays within the bound asserted below.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fromSpec, keras, toSpec, transformers, type Schedule } from '../src/schedules/index.js';

type Args = Record<string, any>;
interface KerasFixture { name: string; source: string; class: string; args: Args; steps: number[]; float64: number[]; float32: number[] }
interface HfFixture { name: string; source: string; function: string; lr: number; args: Args; steps: number[]; values: number[] }
const read = <T>(dir: string) => {
  const url = new URL(`./fixtures/${dir}/`, import.meta.url);
  return readdirSync(url).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(new URL(f, url), 'utf8')) as T);
};
const camel = (name: string) => name.split('_').map((p, i) => (i === 0 ? p.toLowerCase() : p[0].toUpperCase() + p.slice(1))).join('');
const options = (args: Args) => Object.fromEntries(Object.entries(args).map(([k, v]) => [camel(k), v]));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
function close(actual: number, expected: number, tol: number, what: string) {
  assert.ok(rel(actual, expected) <= tol || Math.abs(actual - expected) <= 1e-15, `${what}: got ${actual}, expected ${expected}`);
}

const kerasFixtures = read<KerasFixture>('keras');
const hfFixtures = read<HfFixture>('transformers');
const kerasName = (cls: string) => (cls[0].toLowerCase() + cls.slice(1)) as keyof typeof keras;
const hfName = (fn: string) => camel(fn.replace(/^get_/, '')) as keyof typeof transformers;

test('fixtures cover every factory of both families, with the source commit read', () => {
  for (const k of Object.keys(keras)) assert.ok(kerasFixtures.filter((f) => kerasName(f.class) === k).length >= 2, k);
  for (const k of Object.keys(transformers)) assert.ok(hfFixtures.some((f) => hfName(f.function) === k), k);
  for (const f of kerasFixtures) assert.match(f.source, /^keras-team\/keras@[0-9a-f]{40}$/);
  for (const f of hfFixtures) assert.match(f.source, /^huggingface\/transformers@[0-9a-f]{40}$/);
});

// How far float32 Keras may be from the float64 formulas: 1e-6 relative, except near the bottom of
// a cosine that decays to 0, where 1 + cos(pi x) cancels in float32 (measured: 1.07e-5 at the last
// step before the floor of keras-cosine-warmup, 2.8e-6 in keras-restarts).
const FLOAT32_BOUND: Record<string, number> = { 'keras-cosine-warmup': 2e-5, 'keras-restarts': 5e-6 };

for (const f of kerasFixtures) {
  test(`keras parity: ${f.name} (${f.class})`, () => {
    const s = (keras[kerasName(f.class)] as (o: object) => Schedule)(options(f.args));
    f.steps.forEach((t, i) => close(s(t), f.float64[i], 1e-9, `${f.name} at step ${t}`));
    const worst = Math.max(...f.steps.map((t, i) => rel(s(t), f.float32[i])));
    assert.ok(worst <= (FLOAT32_BOUND[f.name] ?? 1e-6), `${f.name}: float32 Keras differs by ${worst.toExponential(2)} relative`);
    assert.equal(fromSpec(toSpec(s))(f.steps.at(-1)!), s(f.steps.at(-1)!));
  });
}

for (const f of hfFixtures) {
  test(`transformers parity: ${f.name} (${f.function}, via torch LambdaLR)`, () => {
    const s = (transformers[hfName(f.function)] as (o: object) => Schedule)({ lr: f.lr, ...options(f.args) });
    f.steps.forEach((t, i) => close(s(t), f.values[i], 1e-9, `${f.name} at step ${t}`));
    assert.equal(fromSpec(JSON.stringify(toSpec(s)))(f.steps.at(-1)!), s(f.steps.at(-1)!));
  });
}
