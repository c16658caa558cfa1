// Reliability of the `lrkit` command: bad flags and bad input files exit with code 2, print a
// message naming the flag (or file) and the bad value, and write nothing into the output
// directory; existing outputs survive without --force; Ctrl-C saves a partial curve.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { runCli } from '../src/cli/program.js';
import type { Io } from '../src/cli/common.js';
import { fmtRate, fromSpec, logMedian, recommend, type RecommendInput } from '../src/index.js';

const root = mkdtempSync(path.join(tmpdir(), 'lrkit-rel-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
const freshDir = (): string => path.join(root, `out-${counter++}`);
const file = (name: string, text: string): string => {
  const p = path.join(root, name);
  writeFileSync(p, text);
  return p;
};

/** Files anywhere under dir (none when it does not exist). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n'), tty: false };
  const code = await runCli(argv, io);
  return { code, out, err };
}

// Small valid inputs, each broken in one way by the cases below.
const goodData = file('good.csv', 'a,b,label\n' + Array.from({ length: 40 }, (_, i) => `${Math.sin(i)},${Math.cos(i)},${i % 2}`).join('\n') + '\n');
const noLabel = file('no-label.csv', 'a,b,klass\n1,2,0\n3,4,1\n5,6,0\n');
const textFeature = file('text-feature.csv', 'a,b,label\n1,2,0\n3,four,1\n5,6,0\n');
const emptyCsv = file('empty.csv', 'a,b,label\n');
const curveNoLoss = file('curve-no-loss.csv', 'lr,acc\n0.001,0.5\n0.01,0.6\n0.1,0.7\n');
const curveText = file('curve-text.csv', 'lr,loss\n0.001,2.3\n0.01,abc\n0.1,1.7\n');
const curveBadJson = file('curve-bad.json', '{"lrs": [0.001, 0.01], "losses": [2.3,');
const curveShortJson = file('curve-short.json', '{"lrs": [0.001, 0.01, 0.1], "losses": [2.3, 2.0]}');
const specBadJson = file('spec-bad.json', '{"type": "cyclic", "baseLr": 0.001,');
const specUnknown = file('spec-unknown.json', '{"type": "cyclical", "baseLr": 0.001, "maxLr": 0.01}');
const specBadValue = file('spec-bad-value.json', '{"type": "oneCycle", "maxLr": -0.1, "totalSteps": 100}');
const goodCurve = file('good-curve.csv', 'lr,loss\n' + Array.from({ length: 30 }, (_, i) => `${10 ** (-5 + i * 0.2)},${2.3 - Math.sin(i / 10)}`).join('\n') + '\n');

const findBase = ['find', '--data', goodData, '--limit', '30', '--num-iter', '5', '--backend', 'cpu', '--hidden', '4', '--batch-size', '8', '--no-progress'];

/** One family of bad CLI input: the argv for a drawn value and what the message must mention. */
interface CliKind<T> {
  name: string;
  arb: fc.Arbitrary<T>;
  argv: (v: T) => string[];
  mentions: (v: T) => string[];
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const kinds: CliKind<any>[] = [];
const kind = <T>(k: CliKind<T>): void => {
  kinds.push(k);
};

const badPositive = fc.constantFrom('0', '-1', 'abc', 'NaN', '', '1e', 'Infinity', '-0.5', '0x');
const badPosInt = fc.constantFrom('0', '-3', '1.5', 'ten', '', 'NaN', '2e');
const badUnit = fc.constantFrom('1', '1.5', '-0.1', 'x', '', 'NaN');

kind({ name: 'find --start-lr not > 0', arb: badPositive, argv: (v) => [...findBase, '--start-lr', v], mentions: (v) => ['--start-lr', JSON.stringify(v)] });
kind({ name: 'find --end-lr not > 0', arb: badPositive, argv: (v) => [...findBase, '--end-lr', v], mentions: (v) => ['--end-lr', JSON.stringify(v)] });
kind({
  name: 'find --start-lr >= --end-lr',
  arb: fc.constantFrom(['1', '0.1'], ['0.5', '0.5'], ['10', '1e-3']),
  argv: ([s, e]) => [...findBase, '--start-lr', s, '--end-lr', e],
  mentions: ([, e]) => ['--end-lr', JSON.stringify(e), '--start-lr'],
});
kind({ name: 'find --num-iter < 2 or not an integer', arb: fc.constantFrom('1', '0', '-5', '2.5', 'many'), argv: (v) => [...findBase, '--num-iter', v], mentions: (v) => ['--num-iter', JSON.stringify(v)] });
kind({ name: 'find --beta outside [0, 1)', arb: badUnit, argv: (v) => [...findBase, '--beta', v], mentions: (v) => ['--beta', JSON.stringify(v), '[0, 1)'] });
kind({ name: 'find --diverge <= 1', arb: fc.constantFrom('1', '0.5', '0', '-2', 'x'), argv: (v) => [...findBase, '--diverge', v], mentions: (v) => ['--diverge', JSON.stringify(v)] });
kind({ name: 'find --batch-size not a positive integer', arb: badPosInt, argv: (v) => [...findBase, '--batch-size', v], mentions: (v) => ['--batch-size', JSON.stringify(v)] });
kind({ name: 'find --batch-size larger than the data', arb: fc.constantFrom('31', '1000'), argv: (v) => [...findBase, '--batch-size', v], mentions: (v) => ['--batch-size', v] });
kind({ name: 'find --limit not a positive integer', arb: badPosInt, argv: (v) => [...findBase, '--limit', v], mentions: (v) => ['--limit', JSON.stringify(v)] });
kind({ name: 'find --optimizer unknown', arb: fc.constantFrom('adamw', 'SGD', 'lamb', ''), argv: (v) => [...findBase, '--optimizer', v], mentions: (v) => ['--optimizer', JSON.stringify(v), 'adadelta'] });
kind({ name: 'find --mode unknown', arb: fc.constantFrom('log', 'exponential', 'EXP'), argv: (v) => [...findBase, '--mode', v], mentions: (v) => ['--mode', JSON.stringify(v), 'linear'] });
kind({ name: 'find --metric unknown', arb: fc.constantFrom('acc', 'mse', 'Loss'), argv: (v) => [...findBase, '--metric', v], mentions: (v) => ['--metric', JSON.stringify(v), 'accuracy'] });
kind({ name: 'find --momentum outside [0, 1)', arb: badUnit, argv: (v) => [...findBase, '--momentum', v], mentions: (v) => ['--momentum', JSON.stringify(v)] });
kind({ name: 'find --hidden not a list of sizes', arb: fc.constantFrom('0', 'a,b', '12,-3', '1.5', ''), argv: (v) => [...findBase, '--hidden', v], mentions: (v) => ['--hidden', JSON.stringify(v)] });
kind({ name: 'find --seed not an integer', arb: fc.constantFrom('1.5', 'x', ''), argv: (v) => [...findBase, '--seed', v], mentions: (v) => ['--seed', JSON.stringify(v)] });
kind({ name: 'find --backend unknown', arb: fc.constantFrom('gpu', 'webgpu', 'tensorflow'), argv: (v) => [...findBase, '--backend', v], mentions: (v) => ['--backend', JSON.stringify(v)] });
kind({ name: 'find --model unknown or missing file', arb: fc.constantFrom('resnet', 'missing/model.json'), argv: (v) => [...findBase, '--model', v], mentions: (v) => ['--model', JSON.stringify(v)] });
kind({ name: 'find --model cnn on tabular data', arb: fc.constant('cnn'), argv: (v) => [...findBase, '--model', v], mentions: () => ['--model', '"cnn"'] });
kind({ name: 'find --data unknown or missing file', arb: fc.constantFrom('cifar10', 'missing.csv', 'x.parquet'), argv: (v) => [...findBase, '--data', v], mentions: (v) => ['--data', JSON.stringify(v)] });
kind({
  name: 'find --data CSV without the label column, with a text feature, or empty',
  arb: fc.constantFrom([noLabel, 'label'], [textFeature, '"four"'], [emptyCsv, 'no rows']),
  argv: ([f]) => [...findBase, '--data', f],
  mentions: ([f, what]) => ['--data', JSON.stringify(f), what],
});
kind({ name: 'find with an unknown flag', arb: fc.constantFrom('--numiter', '--lr', '--start_lr', '--iters'), argv: (v) => [...findBase, v, '3'], mentions: (v) => [v] });
kind({ name: 'find with a missing flag value', arb: fc.constantFrom('--start-lr', '--out', '--data'), argv: (v) => [...findBase, v], mentions: (v) => [v] });
kind({ name: 'an unknown command', arb: fc.constantFrom('fnd', 'lr-find', 'plot'), argv: (v) => [v], mentions: (v) => [v] });
kind({
  name: 'analyze a CSV without a loss column or with a non-numeric cell',
  arb: fc.constantFrom([curveNoLoss, 'loss column'], [curveText, '"abc"']),
  argv: ([f]) => ['analyze', f],
  mentions: ([f, what]) => [JSON.stringify(f), what],
});
kind({
  name: 'analyze malformed or inconsistent curve JSON',
  arb: fc.constantFrom([curveBadJson, 'JSON'], [curveShortJson, 'losses']),
  argv: ([f]) => ['analyze', f],
  mentions: ([f, what]) => [JSON.stringify(f), what],
});
kind({ name: 'analyze a missing file or a bad extension', arb: fc.constantFrom(path.join(root, 'none.csv'), goodData.replace('.csv', '.txt')), argv: (v) => ['analyze', v], mentions: (v) => [JSON.stringify(v)] });
kind({ name: 'analyze --beta outside [0, 1)', arb: badUnit, argv: (v) => ['analyze', goodCurve, '--beta', v], mentions: (v) => ['--beta', JSON.stringify(v)] });
kind({
  name: 'schedule --spec malformed, unknown type or bad value',
  arb: fc.constantFrom([specBadJson, 'not valid JSON'], [specUnknown, 'type'], [specBadValue, 'maxLr']),
  argv: ([f]) => ['schedule', '--spec', f],
  mentions: ([f, what]) => ['--spec', JSON.stringify(f), what],
});
kind({ name: 'schedule unknown policy', arb: fc.constantFrom('cosine-ish', 'tri', 'onecycle'), argv: (v) => ['schedule', v], mentions: (v) => [JSON.stringify(v)] });
kind({ name: 'schedule --max-lr not > 0', arb: badPositive, argv: (v) => ['schedule', 'triangular', '--max-lr', v], mentions: (v) => ['--max-lr', JSON.stringify(v)] });
kind({ name: 'schedule --epochs not a positive integer', arb: badPosInt, argv: (v) => ['schedule', 'one-cycle', '--epochs', v], mentions: (v) => ['--epochs', JSON.stringify(v)] });
kind({
  name: 'train --base-lr >= --max-lr',
  arb: fc.constantFrom(['0.1', '0.01'], ['0.5', '0.5']),
  argv: ([b, m]) => ['train', '--data', goodData, '--limit', '30', '--batch-size', '8', '--backend', 'cpu', '--base-lr', b, '--max-lr', m, '--policy', 'triangular'],
  mentions: ([b]) => ['--base-lr', b],
});
kind({ name: 'train --epochs not a positive integer', arb: badPosInt, argv: (v) => ['train', '--data', goodData, '--epochs', v], mentions: (v) => ['--epochs', JSON.stringify(v)] });
kind({ name: 'find --runs not a positive integer', arb: fc.constantFrom('0', '-1', '1.5', 'x', '100000'), argv: (v) => [...findBase, '--runs', v], mentions: (v) => ['--runs', JSON.stringify(v)] });

// `lrkit compare`: every flag it adds or shares with `train` (all fail before any training).
const compareBase = ['compare', '--data', goodData, '--limit', '30', '--batch-size', '8', '--backend', 'cpu', '--epochs', '1', '--no-progress'];
kind({
  name: 'compare --policies unknown, empty or repeated',
  arb: fc.constantFrom(['fixed,bogus', 'unknown: bogus'], [',', 'comma-separated list of fixed'], ['fixed,fixed', 'at most once'], ['onecycle', 'unknown: onecycle']),
  argv: ([v]) => [...compareBase, '--policies', v],
  mentions: ([v, what]) => ['--policies', JSON.stringify(v), what],
});
kind({ name: 'compare --epochs not a positive integer', arb: badPosInt, argv: (v) => [...compareBase, '--epochs', v], mentions: (v) => ['--epochs', JSON.stringify(v), 'positive integer'] });
kind({ name: 'compare --max-lr / --base-lr not > 0', arb: fc.tuple(fc.constantFrom('--max-lr', '--base-lr'), badPositive), argv: ([f, v]) => [...compareBase, f, v], mentions: ([f, v]) => [f, JSON.stringify(v), '> 0'] });
kind({
  name: 'compare --base-lr >= --max-lr',
  arb: fc.constantFrom(['0.1', '0.01'], ['0.5', '0.5']),
  argv: ([b, m]) => [...compareBase, '--policies', 'fixed,triangular', '--base-lr', b, '--max-lr', m],
  mentions: ([b, m]) => ['--base-lr', b, `below --max-lr (${m})`],
});
kind({ name: 'compare --step-size not > 0', arb: badPositive, argv: (v) => [...compareBase, '--step-size', v], mentions: (v) => ['--step-size', JSON.stringify(v), '> 0'] });
kind({ name: 'compare --gamma outside (0, 1]', arb: fc.constantFrom('1.5', '2', '0', '-0.5', 'x'), argv: (v) => [...compareBase, '--gamma', v], mentions: (v) => ['--gamma', JSON.stringify(v)] });
kind({ name: 'compare --eval-every / --val-limit not a positive integer', arb: fc.tuple(fc.constantFrom('--eval-every', '--val-limit'), badPosInt), argv: ([f, v]) => [...compareBase, f, v], mentions: ([f, v]) => [f, JSON.stringify(v), 'positive integer'] });
kind({ name: 'compare --batch-size larger than the data', arb: fc.constantFrom('31', '1000'), argv: (v) => [...compareBase, '--batch-size', v], mentions: (v) => ['--batch-size', v, 'larger than the 30 training examples'] });
kind({
  name: 'compare --optimizer / --backend / --model unknown',
  arb: fc.constantFrom(['--optimizer', 'adamw', 'adadelta'], ['--backend', 'gpu', 'auto, node, wasm, cpu'], ['--model', 'resnet', 'mlp, cnn']),
  argv: ([f, v]) => [...compareBase, f, v],
  mentions: ([f, v, what]) => [f, JSON.stringify(v), what],
});
kind({
  name: 'compare --momentum / --hidden / --seed malformed',
  arb: fc.constantFrom(['--momentum', '1', '[0, 1)'], ['--momentum', '-0.1', '[0, 1)'], ['--hidden', 'a,b', 'positive integers'], ['--seed', '1.5', 'an integer']),
  argv: ([f, v]) => [...compareBase, f, v],
  mentions: ([f, v, what]) => [f, JSON.stringify(v), what],
});
kind({ name: 'compare with an unknown flag', arb: fc.constantFrom('--polices', '--policy', '--lr'), argv: (v) => [...compareBase, v, 'fixed'], mentions: (v) => [v] });

describe('bad CLI input: exit code 2, a clear message, nothing written', () => {
  test('at least 30 kinds of bad CLI input are covered', () => {
    assert.ok(kinds.length >= 30, `only ${kinds.length}`);
  });
  test('docs/reliability.md states the number of kinds this file covers', () => {
    const docs = readFileSync(new URL('../docs/reliability.md', import.meta.url), 'utf8');
    const row = docs.split('\n').find((l) => l.startsWith('| `test/reliability.cli.test.ts`'));
    assert.ok(row, 'no row for this file in docs/reliability.md');
    assert.match(row, new RegExp(`\\| ${kinds.length} kinds `), `the docs must say ${kinds.length} kinds`);
  });

  for (const k of kinds) {
    test(k.name, async () => {
      await fc.assert(
        fc.asyncProperty(k.arb, async (v) => {
          const out = freshDir();
          // --out goes right after the command, so a flag left without its value stays last.
          const [command, ...rest] = k.argv(v);
          const r = await cli([command, '--out', out, ...rest]);
          assert.equal(r.code, 2, `exit code for ${JSON.stringify(k.argv(v))}: ${r.err}`);
          for (const m of k.mentions(v)) assert.ok(r.err.includes(m), `stderr ${JSON.stringify(r.err)} should mention ${JSON.stringify(m)}`);
          assert.deepEqual(filesUnder(out), [], 'nothing may be written to the output directory');
          assert.equal(r.out.trim(), '', 'nothing on stdout');
        }),
        { numRuns: 4, includeErrorInReport: true },
      );
    });
  }
});

describe('outputs', () => {
  test('existing files are kept unless --force; the rewrite is atomic (no temp files left)', async () => {
    const out = freshDir();
    const args = ['analyze', goodCurve, '--out', out];
    assert.equal((await cli(args)).code, 0);
    const names = readdirSync(out).sort();
    assert.ok(names.length >= 2, names.join());
    const before = new Map(names.map((n) => [n, readFileSync(path.join(out, n))]));
    const mtimes = new Map(names.map((n) => [n, statSync(path.join(out, n)).mtimeMs]));
    const refused = await cli(args);
    assert.equal(refused.code, 2); // a refusal before any work, like any other --out problem
    assert.match(refused.err, /refusing to overwrite/);
    assert.match(refused.err, /--force/);
    for (const n of names) {
      assert.deepEqual(readFileSync(path.join(out, n)), before.get(n), `${n} changed`);
      assert.equal(statSync(path.join(out, n)).mtimeMs, mtimes.get(n), `${n} touched`);
    }
    assert.equal((await cli([...args, '--force'])).code, 0);
    assert.deepEqual(readdirSync(out).sort(), names, 'no temp files left behind');
  });

  test('a file in the way of the output directory is an error, and nothing else is created', async () => {
    const blocker = file('blocker', 'not a directory');
    const r = await cli(['analyze', goodCurve, '--out', path.join(blocker, 'sub')]);
    assert.notEqual(r.code, 0);
    assert.equal(readFileSync(blocker, 'utf8'), 'not a directory');
  });
});

describe('analyze: an lr column that is not a range test', () => {
  test('a descending or shuffled lr column exits 2 naming the column and the first offending row', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    const file = path.join(dir, 'log.csv');
    writeFileSync(file, 'step,learning_rate,loss\n0,0.1,2.0\n1,0.05,1.9\n2,0.01,1.8\n');
    const r = await cli(['analyze', file, '--out', path.join(dir, 'out')]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /learning-rate column "learning_rate" must be strictly increasing .*line 3 has 0\.05, not above 0\.1 at line 2/);
    assert.equal(existsSync(path.join(dir, 'out')), false);
    // A repeated rate (two logged steps at one lr) is merged with a warning, not refused.
    const json = path.join(dir, 'log.json');
    writeFileSync(json, JSON.stringify({ lrs: [1e-4, 1e-3, 1e-3, 1e-2], losses: [2, 1.9, 1.8, 1.7] }));
    const j = await cli(['analyze', json, '--out', path.join(dir, 'out2')]);
    assert.equal(j.code, 0, j.err);
    assert.match(j.err, /1 point\(s\) repeat the learning rate before them and were merged into it/);
  });
});

describe('--runs', () => {
  test('find --runs 3: median suggestion with its spread, all runs in curve.json', async () => {
    const out = freshDir();
    const r = await cli(['find', '--data', 'spirals', '--limit', '200', '--num-iter', '30', '--hidden', '8', '--batch-size', '16',
      '--runs', '3', '--workers', '2', '--backend', 'wasm', '--out', out, '--json', '--no-progress']);
    assert.equal(r.code, 0, r.err);
    const summary = JSON.parse(r.out);
    assert.equal(summary.runs.count, 3);
    assert.deepEqual(summary.runs.seeds, [0, 1, 2]);
    // fastai's rules as the median over the runs (shown with --all-rules), the retired rules nowhere
    assert.ok(summary.fastai.valley.lr > 0);
    assert.equal(summary.runs.suggestions, undefined);
    const curve = JSON.parse(readFileSync(path.join(out, 'curve.json'), 'utf8'));
    assert.equal(curve.runs.curves.length, 3);
    // The curve written is the run nearest the median valley.
    assert.deepEqual(curve.lrs, curve.runs.curves[curve.runs.representative].lrs);
    const svg = readFileSync(path.join(out, 'plot.svg'), 'utf8');
    assert.match(svg, /seed 2/);
    // The recommendation is the median over the runs: recomputed from the runs' curves, it is the
    // same in curve.json, in the --json summary, in the written schedules and on the plot.
    const median = recommend(curve.runs.curves, { itersPerEpoch: curve.length.itersPerEpoch, epochs: 10 });
    assert.deepEqual(curve.recommendation, JSON.parse(JSON.stringify(median)));
    assert.deepEqual(summary.recommendation, curve.recommendation);
    assert.equal(curve.recommendation.runs.count, 3);
    if (median.constant) {
      assert.equal(median.constant.lr, logMedian(curve.runs.curves.map((c: RecommendInput) => recommend(c).constant!.lr)));
      assert.equal(fromSpec(curve.recommended.constant.spec)(0), median.constant.lr);
      assert.ok(svg.includes(`>constant ${fmtRate(median.constant.lr)}<`), 'the plot marks the median constant');
    }
    // The human output: the headline is the median, and the spread table's median is the same number.
    const human = await cli(['find', '--data', 'spirals', '--limit', '200', '--num-iter', '30', '--hidden', '8', '--batch-size', '16',
      '--runs', '3', '--workers', '2', '--backend', 'wasm', '--out', freshDir(), '--no-progress']);
    assert.equal(human.code, 0, human.err);
    const lines = human.out.split('\n');
    assert.match(lines[0], / · median of 3 runs$/);
    if (median.oneCycle) assert.ok(lines.some((l) => l.startsWith(`  oneCycle  ${fmtRate(median.oneCycle!.maxLr)}  (`)), human.out);
  });

  test('--runs above 1 with a saved model is refused up front', async () => {
    const out = freshDir();
    const r = await cli(['find', '--model', 'saved/model.json', '--runs', '2', '--out', out]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--runs "2": needs --model mlp or cnn/);
    assert.deepEqual(filesUnder(out), []);
  });
});

describe('Ctrl-C', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) test(`${signal} during find saves the partial curve marked partial and exits ${signal === 'SIGINT' ? 130 : 143}`, async () => {
    const out = freshDir();
    mkdirSync(out);
    const child = spawn(process.execPath, ['bin/lrkit.js', 'find', '--data', 'spirals', '--limit', '400', '--num-iter', '100000', '--start-lr', '1e-6', '--end-lr', '1e-3',
      '--backend', 'wasm', '--hidden', '8', '--batch-size', '16', '--out', out, '--force'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    // Interrupt once the test is clearly running (the progress line shows steps).
    const interrupted = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (/find: \d+\/100000/.test(err)) {
          clearInterval(timer);
          child.kill(signal);
          resolve();
        }
      }, 100);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    await interrupted;
    assert.equal(code, signal === 'SIGINT' ? 130 : 143, err); // 128 + the signal's number
    assert.match(err, signal === 'SIGINT' ? /interrupted: stopping after the current step/ : /terminated: stopping after the current step/);
    const curve = JSON.parse(readFileSync(path.join(out, 'curve.json'), 'utf8'));
    assert.equal(curve.partial, true);
    assert.equal(curve.stopReason, 'aborted');
    assert.ok(curve.lrs.length > 0 && curve.lrs.length < 100000);
    // a sweep stopped long before its valley: the recommendation says so and is not to be trusted
    assert.equal(curve.recommendation.confidence, 'low');
    assert.ok(curve.recommendation.warnings.some((w: { code: string }) => ['partial', 'too-short', 'flat'].includes(w.code)), JSON.stringify(curve.recommendation.warnings));
    // The plot and the report are written too, and say that the curve is partial.
    const svg = readFileSync(path.join(out, 'plot.svg'), 'utf8');
    assert.match(svg, /partial: interrupted/);
    const png = readFileSync(path.join(out, 'plot.png'));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'plot.png is a PNG');
    assert.ok(png.length > 1000, `plot.png has ${png.length} bytes`);
    assert.match(readFileSync(path.join(out, 'report.html'), 'utf8'), /partial: interrupted/);
    const csv = readFileSync(path.join(out, 'curve.csv'), 'utf8').trim().split('\n');
    assert.equal(csv.length - 1, curve.lrs.length);
    assert.deepEqual(readdirSync(out).filter((n) => n.endsWith('.tmp')), []);
  });
});
