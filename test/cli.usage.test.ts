import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN, cli } from './helpers/cli.js';



test('the binary exits 2 for a bad flag value and names the option and the value', () => {
  const r = spawnSync(process.execPath, [BIN, 'find', '--batch-size', 'abc'], { encoding: 'utf8', cwd: mkdtempSync(join(tmpdir(), 'lrkit-bin-')) });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--batch-size "abc".*positive integer/);
  const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  for (const c of ['find', 'schedule', 'analyze', 'train', 'compare']) assert.match(help.stdout, new RegExp(`\\b${c}\\b`));
});

test('bad usage: exit 2 with messages that name the option and value', async () => {
  const cases: [string[], RegExp][] = [
    [['find', '--mode', 'cubic'], /--mode "cubic".*exp, linear/],
    [['find', '--optimizer', 'lion'], /--optimizer "lion".*sgd, momentum/],
    [['find', '--start-lr', '1', '--end-lr', '0.1'], /--end-lr "0\.1".*above --start-lr/],
    [['find', '--start-lr', '-3'], /--start-lr "-3".*> 0/],
    [['find', '--num-iter', '1'], /--num-iter "1".*>= 2/],
    [['find', '--model', 'resnet'], /--model "resnet".*mlp, cnn/],
    [['find', '--data', 'cifar10'], /--data "cifar10".*mnist, fashion-mnist/],
    [['find', '--backend', 'gpu'], /--backend "gpu".*auto, node, wasm, cpu/],
    [['find', '--data', 'missing.csv'], /--data "missing\.csv": file not found/],
    [['find', '--hidden', '12,x'], /--hidden "12,x".*comma-separated positive integers/],
    [['find', '--bogus'], /unknown option '--bogus'/],
    [['schedule', 'sawtooth'], /policy "sawtooth".*triangular/],
    [['schedule'], /give a policy .* or --spec/],
    [['schedule', 'triangular', '--epochs', '0'], /--epochs "0".*positive integer/],
    [['schedule', 'triangular', '--base-lr', '0.5', '--max-lr', '0.1'], /--base-lr 0\.5: expected a value below --max-lr \(0\.1\)/],
    [['analyze'], /missing required argument 'file'/],
    [['analyze', 'nope.csv'], /file "nope\.csv": not found/],
    [['train', '--policy', 'cosine'], /--policy "cosine".*fixed, triangular/],
    [['compare', '--policies', 'fixed,warp'], /--policies "fixed,warp".*unknown: warp/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['toString'], /unknown command 'toString'/], // a name on Object.prototype is no command either
  ];
  // Each case gets its own --out so none can touch (or trip over) the repository's lrkit-out/.
  const root = mkdtempSync(join(tmpdir(), 'lrkit-usage-'));
  for (const [[cmd, ...rest], re] of cases) {
    const args = cmd === 'frobnicate' || (cmd === 'analyze' && rest.length === 0) ? [cmd, ...rest] : [cmd, ...rest, '--out', mkdtempSync(join(root, 'o-'))];
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: code ${r.code}\n${r.err}`);
    assert.match(r.err, re, args.join(' '));
  }
});

test('--help works for every command and lists its options', async () => {
  const expected: Record<string, RegExp> = {
    find: /--start-lr.*--end-lr.*--validation.*--force.*--json/s,
    schedule: /--spec.*--iters-per-epoch.*--step-size/s,
    analyze: /--lr-column.*--no-smooth/s,
    train: /--policy.*--max-lr.*--epochs/s,
    compare: /--policies.*--epochs/s,
  };
  for (const [cmd, re] of Object.entries(expected)) {
    const r = await cli([cmd, '--help']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.out, re, cmd);
  }
});

test('analyze and schedule refuse to overwrite their outputs without --force', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-ow-'));
  const out = join(dir, 'o');
  const a = await cli(['schedule', 'triangular', '--epochs', '2', '--iters-per-epoch', '5', '--out', out]);
  assert.equal(a.code, 0, a.err);
  const b = await cli(['schedule', 'triangular', '--epochs', '2', '--iters-per-epoch', '5', '--out', out]);
  assert.equal(b.code, 2); // refused before any work, like any other --out problem
  assert.match(b.err, /refusing to overwrite .*schedule\.json/);
  const c = await cli(['schedule', 'triangular', '--epochs', '2', '--iters-per-epoch', '5', '--out', out, '--force']);
  assert.equal(c.code, 0, c.err);
  writeFileSync(join(dir, 'c.csv'), 'lr,loss\n' + Array.from({ length: 40 }, (_, i) => `${1e-5 * 1.3 ** i},${2 - i / 40}`).join('\n'));
  assert.equal((await cli(['analyze', join(dir, 'c.csv'), '--out', out])).code, 0);
  const d = await cli(['analyze', join(dir, 'c.csv'), '--out', out]);
  assert.equal(d.code, 2);
  assert.match(d.err, /refusing to overwrite .*analysis\.json/);
});

test('usage errors win over existing output: exit 2, not "refusing to overwrite", and nothing is created', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-order-'));
  const out = join(dir, 'out');
  mkdirSync(out);
  for (const f of ['curve.json', 'curve.csv', 'plot.svg', 'plot.png', 'report.html', 'train.json', 'compare.json']) writeFileSync(join(out, f), 'old');
  const cases: [string[], RegExp][] = [
    [['find', '--data', join(dir, 'missing.csv')], /--data ".*missing\.csv": file not found/],
    [['find', '--model', join(dir, 'missing', 'model.json')], /--model ".*model\.json": file not found/],
    [['train', '--data', join(dir, 'missing.csv')], /--data ".*missing\.csv": file not found/],
    [['compare', '--model', join(dir, 'gone.json')], /--model ".*gone\.json": file not found/],
    [['find', '--font', join(dir, 'nope.ttf')], /--font .*nope\.ttf.*not found/],
    [['find', '--font', join(dir, 'notes.txt')], /--font .*notes\.txt.*not a \.ttf/],
  ];
  for (const [args, re] of cases) {
    const r = await cli([...args, '--out', out]);
    assert.equal(r.code, 2, `${args.join(' ')}: code ${r.code}\n${r.err}`);
    assert.match(r.err, re, args.join(' '));
    assert.doesNotMatch(r.err, /refusing to overwrite/);
  }
  // A bad --font is caught before the output directory is even created.
  const fresh = join(dir, 'fresh');
  const f = await cli(['schedule', 'triangular', '--font', join(dir, 'nope.ttf'), '--out', fresh]);
  assert.equal(f.code, 2, f.err);
  assert.equal(existsSync(fresh), false);
});

test('every message starts with "lrkit:", commander\'s own (unknown flag or command, missing value) too, and exits 2', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lrkit-prefix-'));
  const cases: [string[], RegExp][] = [
    [['find', '--bogus', '--out', join(root, 'a')], /^lrkit: unknown option '--bogus'$/m],
    [['frobnicate'], /^lrkit: unknown command 'frobnicate'$/m],
    [['schedule', 'one-cycle', '--max-lr'], /^lrkit: option '--max-lr <lr>' argument missing$/m],
    [['find', '--batch-size', 'abc', '--out', join(root, 'b')], /^lrkit: invalid --batch-size "abc"/m],
  ];
  for (const [args, re] of cases) {
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: code ${r.code}\n${r.err}`);
    assert.match(r.err, re, args.join(' '));
    assert.doesNotMatch(r.err, /^error:/m, `${args.join(' ')} printed commander's prefix`);
  }
  // The same through the binary, as a user sees it.
  const bin = spawnSync(process.execPath, [BIN, 'find', '--bogus'], { encoding: 'utf8', cwd: root });
  assert.equal(bin.status, 2);
  assert.match(bin.stderr, /^lrkit: unknown option '--bogus'/);
});

test('numbers are decimal only: 0x10, 0b11, 0o7, 1_000 and Infinity are refused, naming the flag', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lrkit-num-'));
  const cases: [string[], RegExp][] = [
    [['schedule', 'one-cycle', '--max-lr', '0x10', '--epochs', '2', '--iters-per-epoch', '5'], /invalid --max-lr "0x10": expected a number > 0/],
    [['schedule', 'one-cycle', '--max-lr', '0.1', '--epochs', '0b11', '--iters-per-epoch', '5'], /invalid --epochs "0b11": expected a positive integer/],
    [['find', '--batch-size', '0o7'], /invalid --batch-size "0o7": expected a positive integer/],
    [['find', '--start-lr', '1_000'], /invalid --start-lr "1_000"/],
    [['find', '--end-lr', 'Infinity'], /invalid --end-lr "Infinity"/],
    [['find', '--momentum', '0x0'], /invalid --momentum "0x0"/],
    [['find', '--hidden', '0x10'], /invalid --hidden "0x10".*comma-separated positive integers/],
  ];
  for (const [args, re] of cases) {
    const r = await cli([...args, '--out', mkdtempSync(join(root, 'o-'))]);
    assert.equal(r.code, 2, `${args.join(' ')}: code ${r.code}\n${r.err}`);
    assert.match(r.err, re, args.join(' '));
  }
  // Ordinary decimal forms still parse.
  for (const lr of ['0.1', '.1', '1e-1', '1E-1', '+0.1']) {
    const r = await cli(['schedule', 'one-cycle', '--max-lr', lr, '--epochs', '2', '--iters-per-epoch', '5', '--out', mkdtempSync(join(root, 'ok-'))]);
    assert.equal(r.code, 0, `--max-lr ${lr}: ${r.err}`);
  }
});

test('--label with built-in data (mnist, fashion-mnist, spirals, blobs) exits 2 instead of being ignored', async () => {
  const root = mkdtempSync(join(tmpdir(), 'lrkit-label-'));
  for (const [cmd, data] of [['find', 'mnist'], ['train', 'spirals'], ['compare', 'blobs']]) {
    const out = join(root, `${cmd}-out`);
    const r = await cli([cmd, '--data', data, '--label', 'nope', '--out', out]);
    assert.equal(r.code, 2, `${cmd}: code ${r.code}\n${r.err}`);
    assert.match(r.err, new RegExp(`^lrkit: invalid --label "nope": --data ${data} has its own labels; --label names the label column of a \\.csv/\\.json data file`, 'm'));
    assert.equal(existsSync(out), false, 'nothing written');
  }
});
