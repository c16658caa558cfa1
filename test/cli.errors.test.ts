// The CLI's error path: every bad input exits 2 naming its flag or file, before any training; an
// output place that cannot be used is found up front; a write that still fails keeps the results.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { outputs } from '../src/cli/outputs.js';
import { fileSystem } from '../src/node/index.js';
import { BIN, cli } from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lrkit-errors-'));
const at = (...p: string[]) => path.join(dir, ...p);
const expectUsage = async (argv: string[], message: RegExp) => {
  const r = await cli(argv);
  assert.equal(r.code, 2, `${argv.join(' ')}: exit ${r.code}: ${r.err}`);
  assert.match(r.err, message);
  assert.doesNotMatch(r.err, /\b(EISDIR|EEXIST|ENOTDIR|EACCES|EPERM|ENOENT)\b.*illegal|^lrkit: error:/m, 'no raw OS error');
  return r;
};

describe('bad input places exit 2 naming the flag', () => {
  mkdirSync(at('dir.csv'));
  mkdirSync(at('saved.json'));
  writeFileSync(at('afile'), 'not a directory');

  it('a directory given as --data, --model or analyze\'s file', async () => {
    await expectUsage(['find', '--data', at('dir.csv'), '--out', at('o1')], /invalid --data ".*dir\.csv": this is a directory; expected a \.csv or \.json file/);
    await expectUsage(['find', '--model', at('saved.json'), '--out', at('o2')], /invalid --model ".*saved\.json": this is a directory; expected a TF\.js model\.json/);
    await expectUsage(['analyze', at('dir.csv'), '--out', at('o3')], /invalid file ".*dir\.csv": .*no TensorBoard event files/);
  });

  it('--out that is a file, or below a file', async () => {
    await expectUsage(['find', '--out', at('afile')], /invalid --out ".*afile": ".*afile" is a file, not a directory/);
    await expectUsage(['schedule', 'triangular', '--out', at('afile', 'sub', 'deeper')], /invalid --out ".*afile\/sub\/deeper": ".*afile" is a file, not a directory/);
  });

  it('a malformed model.json and a truncated weights file', async () => {
    writeFileSync(at('broken.json'), '{"modelTopology": ');
    await expectUsage(['find', '--model', at('broken.json'), '--out', at('o4')], /invalid --model ".*broken\.json": .*not valid JSON/);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 10, inputShape: [784], activation: 'softmax' })] });
    mkdirSync(at('m'));
    await model.save(fileSystem(at('m', 'model.json')));
    model.dispose();
    const weights = JSON.parse(readFileSync(at('m', 'model.json'), 'utf8')).weightsManifest[0].paths[0];
    truncateSync(at('m', weights), 100);
    await expectUsage(['find', '--model', at('m', 'model.json'), '--limit', '200', '--out', at('o5')], /invalid --model ".*model\.json": /);
  });

  it('a data file with one class names the file', async () => {
    writeFileSync(at('one.csv'), 'a,b,label\n' + Array.from({ length: 200 }, (_, i) => `${i},${i * 2},x`).join('\n') + '\n');
    await expectUsage(["find", "--data", at("one.csv"), "--out", at("o6")], /invalid --data ".*one\.csv": the label column "label" has 1 class( \("x"\))?; classification needs at least 2/);
  });
});

describe('bad flags exit 2 naming the flag, before any data is loaded', () => {
  it('--seed -1, --lr-column of a missing column, a typo with "did you mean"', async () => {
    await expectUsage(['find', '--seed', '-1', '--out', at('s1')], /invalid --seed "-1": expected an integer >= 0/);
    writeFileSync(at('c.csv'), 'lr,loss\n0.001,1\n0.01,2\n');
    await expectUsage(['analyze', at('c.csv'), '--lr-column', 'nope', '--out', at('s2')], /--lr-column "nope" not found; the CSV header has columns \["lr","loss"\]/);
    await expectUsage(['find', '--num-iters', '5'], /unknown option '--num-iters'[\s\S]*Did you mean --num-iter\?/);
  });

  it('schedule: --rows 0 gives one message; --gamma outside exp_range; a schedule too long to sample', async () => {
    const rows = await expectUsage(['schedule', 'triangular', '--rows', '0', '--no-plot'], /invalid --rows "0": expected an integer >= 2/);
    assert.equal(rows.err.trim().split('\n').length, 1, rows.err);
    await expectUsage(['schedule', 'triangular', '--gamma', '0.5', '--no-plot'], /invalid --gamma 0\.5: it sets exp_range's decay, and the policy is triangular/);
    await expectUsage(['train', '--policy', 'one-cycle', '--gamma', '0.5', '--out', at('s3')], /invalid --gamma 0\.5: .*the policy is one-cycle/);
    await expectUsage(['schedule', 'triangular', '--epochs', '100000', '--iters-per-epoch', '100000', '--no-plot'], /the schedule is 10000000000 steps long \(--epochs x --iters-per-epoch\): at most 10,000,000/);
  });

  it('no command at all is a usage error, with the list of commands', async () => {
    const r = await expectUsage([], /Commands:[\s\S]*find[\s\S]*analyze/);
    assert.equal(r.out, '');
  });

  it('analyze of a loss with no finite value', async () => {
    writeFileSync(at('nan.csv'), 'lr,loss\n0.001,nan\n0.01,nan\n0.1,inf\n');
    await expectUsage(['analyze', at('nan.csv'), '--out', at('s4')], /the loss \(columns lr=lr, loss=loss\) has no finite value \(every one is NaN or Infinity\)/);
  });
});

describe('an --out this user cannot write', () => {
  // Root writes anywhere: as root, run the CLI as nobody (util-linux setpriv) against a root-owned
  // read-only directory; as anyone else, a directory of our own made read-only is enough.
  const root = process.getuid?.() === 0;
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
  const skip = root && !setpriv ? 'running as root without setpriv to drop to another user' : false;

  it('is refused before any data is loaded or step trained, naming --out', { skip }, async (t) => {
    if (root) {
      // nobody must be able to read the checkout and node_modules (a home directory of 0750 would not let it).
      const canRead = spawnSync(setpriv!, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `require('node:fs').accessSync(${JSON.stringify(BIN)}); require.resolve('tsx', { paths: [${JSON.stringify(path.dirname(BIN))}] })`]);
      if (canRead.status !== 0) return t.skip('user nobody cannot read this checkout, so it cannot run the CLI');
    }
    const base = mkdtempSync(path.join(tmpdir(), 'lrkit-ro-'));
    chmodSync(base, 0o755);
    const ro = path.join(base, 'ro');
    mkdirSync(ro, { mode: 0o555 });
    chmodSync(ro, 0o555);
    const args = [BIN, 'find', '--data', 'spirals', '--limit', '200', '--num-iter', '20', '--no-progress', '--out', path.join(ro, 'run')];
    const [cmd, argv] = root ? [setpriv!, ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args]] : [process.execPath, args];
    const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, HOME: base } });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /invalid --out ".*ro\/run": cannot create or write files there \(permission denied/i);
    assert.doesNotMatch(r.stdout + r.stderr, /find: \d+\/20|recommendation/, 'no training ran');
    assert.equal(existsSync(path.join(ro, 'run')), false);
  });
});

describe('results are never lost to an output that fails', () => {
  it('a write that fails after the checks goes to a rescue folder, and says so', async () => {
    const errs: string[] = [];
    const io = { out: () => {}, err: (t: string) => void errs.push(t), tty: false };
    const out = await outputs(at('rescue'), ['a.json', 'b.txt'], false, io);
    assert.deepEqual(out.unwritten().map((p) => path.basename(p)), ['a.json', 'b.txt']);
    // Something takes the file's place during the run: the atomic rename cannot replace a directory.
    mkdirSync(at('rescue', 'a.json'));
    const saved = await out.write('a.json', '{"kept": true}');
    assert.notEqual(saved, at('rescue', 'a.json'));
    assert.equal(readFileSync(saved, 'utf8'), '{"kept": true}');
    assert.deepEqual(out.rescued, [saved]);
    assert.match(errs.join('\n'), /could not write .*a\.json \(it is a directory, EISDIR|could not write .*a\.json \(/);
    assert.match(errs.join('\n'), /saved it to .*lrkit-rescue-.*a\.json instead/);
    assert.equal(path.dirname(out.paths.get('a.json')!), path.dirname(saved));
    await out.write('b.txt', 'fine');
    assert.equal(readFileSync(at('rescue', 'b.txt'), 'utf8'), 'fine');
    assert.deepEqual(out.unwritten(), []);
    assert.equal(existsSync(at('rescue', `.lrkit-write-test-${process.pid}`)), false, 'the writability probe is removed');
  });
});

describe('output polish', () => {
  it('charts fit a 50-column terminal; labels follow --metric accuracy; "1 epoch"', async () => {
    const { runCli } = await import('../src/cli/program.js');
    let out = '';
    let err = '';
    const io = { out: (t: string) => void (out += t + '\n'), err: (t: string) => void (err += t + '\n'), tty: false, columns: 50 };
    const code = await runCli(['schedule', 'one-cycle', '--epochs', '1', '--iters-per-epoch', '200', '--no-plot', '--out', at('polish')], io);
    assert.equal(code, 0, err);
    const chart = out.split('\n').filter((l) => /[┤┼│╭╮╰╯─]/.test(l));
    assert.ok(chart.length > 5 && chart.every((l) => l.length <= 50), chart.map((l) => l.length).join(','));
    assert.match(out, /\(1 epoch x 200\)/);
    const acc = await cli(['find', '--data', 'spirals', '--limit', '300', '--num-iter', '40', '--metric', 'accuracy', '--start-lr', '1e-3', '--end-lr', '3', '--hidden', '8', '--batch-size', '32', '--backend', 'wasm', '--no-progress', '--all-rules', '--out', at('acc')]);
    assert.equal(acc.code, 0, acc.err);
    assert.match(acc.out, /^y: accuracy, centred/m);
    assert.match(acc.out, /fastest rise of the smoothed accuracy/);
    assert.match(acc.out, /the smoothed best accuracy \/ 10/);
    assert.doesNotMatch(acc.out, /fastest fall|smoothed minimum|smoothed loss/);
    assert.match(readFileSync(at('acc', 'report.html'), 'utf8'), /<th>metric<\/th><td>higher-is-better<\/td>/);
  });
});
