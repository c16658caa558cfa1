import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { parseCurveJson } from '../src/io/index.js';
import { renderPng } from '../src/report/render.js';
import { fromSpec } from '../src/schedules/index.js';

const BIN = fileURLToPath(new URL('../bin/lrkit.js', import.meta.url));

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function lrkit(args: string[], cwd: string, onStderr?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const SMALL = ['--limit', '300', '--num-iter', '30', '--batch-size', '32', '--start-lr', '1e-5', '--end-lr', '5'];

test('lrkit find on a small MNIST slice writes valid curve files, a plot with text and in-range suggestions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-find-'));
  const r = await lrkit(['find', ...SMALL, '--out', 'out', '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.ok(['wasm', 'cpu', 'tensorflow'].includes(summary.backend));
  assert.equal(summary.trainExamples, 300);
  const out = join(dir, 'out');
  for (const f of ['curve.json', 'curve.csv', 'plot.svg', 'plot.png', 'report.html']) {
    assert.ok(existsSync(join(out, f)), f);
    assert.ok(statSync(join(out, f)).size > 100, f);
  }
  // curve.json validates with the io schema and carries the answer, fastai's rules and the run's settings.
  const curve = parseCurveJson(readFileSync(join(out, 'curve.json'), 'utf8'));
  assert.equal(curve.lrs.length, curve.iterations);
  assert.ok(curve.lrs.length >= 2 && curve.lrs.length <= 30);
  assert.equal(curve.startLr, 1e-5);
  assert.equal(curve.endLr, 5);
  const fastai = (curve as unknown as { fastai: Record<string, { lr: number }> }).fastai;
  assert.ok(fastai.valley, 'fastai valley present');
  for (const [name, s] of Object.entries(fastai)) assert.ok(Number.isFinite(s.lr) && s.lr >= 1e-5 && s.lr <= 5, `${name} ${s.lr}`);
  assert.equal((curve as unknown as { suggestions?: unknown }).suggestions, undefined, 'the retired rules are not written');
  // The recommended specs are real schedules.
  const { recommended: rec, recommendation } = curve as unknown as {
    recommended: { constant: { spec: unknown }; cyclic: { spec: unknown }; oneCycle: { spec: unknown } };
    recommendation: { constant: { lr: number } | null; confidence: string; warnings: { code: string }[] };
  };
  assert.ok(['high', 'medium', 'low'].includes(recommendation.confidence));
  if (recommendation.constant) {
    assert.equal(fromSpec(rec.constant.spec)(500), recommendation.constant.lr);
    assert.ok(recommendation.constant.lr >= curve.lrs[0] && recommendation.constant.lr <= curve.lrs.at(-1)!);
  }
  assert.ok(fromSpec(rec.cyclic.spec)(0) > 0);
  assert.ok(fromSpec(rec.oneCycle.spec)(0) > 0);
  // CSV has a header and one row per point.
  const csvLines = readFileSync(join(out, 'curve.csv'), 'utf8').trim().split('\n');
  assert.equal(csvLines.length, curve.lrs.length + 1);
  // PNG decodes at the expected size and has text: rendering the same SVG without its <text>
  // elements changes many pixels.
  const pngBytes = readFileSync(join(out, 'plot.png'));
  const png = PNG.sync.read(pngBytes);
  assert.equal(png.width, 1200);
  assert.ok(png.height > 400 && png.height < 1200, `height ${png.height}`);
  const svg = readFileSync(join(out, 'plot.svg'), 'utf8');
  assert.doesNotMatch(svg, /valley/, 'fastai\'s rules only with --all-rules');
  const noText = PNG.sync.read(await renderPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), { width: 1200 }));
  assert.equal(noText.height, png.height);
  let differing = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] !== noText.data[i]) differing++;
  assert.ok(differing > 2000, `only ${differing} pixels belong to text`);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /<svg/);
  assert.match(html, /<h2>Recommended schedules<\/h2>/);
  assert.match(html, /<h3>cyclic<\/h3>\n<p>triangular between/);
  assert.match(html, /"type": "oneCycle"/);
  assert.doesNotMatch(html, /valley|cyclicBounds/);

  // A second run refuses to overwrite (exit 1, names the files and --force) and leaves them alone.
  const before = readFileSync(join(out, 'curve.json'), 'utf8');
  const again = await lrkit(['find', ...SMALL, '--out', 'out'], dir);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /refusing to overwrite .*curve\.json.*--force/s);
  assert.equal(readFileSync(join(out, 'curve.json'), 'utf8'), before);
  const forced = await lrkit(['find', ...SMALL, '--out', 'out', '--force', '--seed', '3', '--no-progress', '--all-rules'], dir);
  assert.equal(forced.code, 0, forced.stderr);
  // the headline is the first line: the constant rate, the one-cycle peak, the confidence; the
  // uses and the next commands follow, all before the chart; fastai's rules (asked for) come last
  const saved = JSON.parse(readFileSync(join(out, 'curve.json'), 'utf8'));
  const lines = forced.stdout.split('\n');
  assert.equal(lines[0], saved.headline);
  assert.match(lines[0], /confidence (high|medium|low)/);
  const chart = lines.findIndex((l: string) => /^y: loss, centred/.test(l));
  const nextAt = lines.indexOf('next:');
  assert.ok(nextAt > 0 && nextAt < chart, 'the next commands come before the chart');
  if (saved.recommendation.constant) {
    const constantLine = lines.find((l: string) => /^\s+constant\s/.test(l));
    assert.equal(Number(/constant\s+(\S+)/.exec(constantLine!)![1]).toPrecision(3), saved.recommendation.constant.lr.toPrecision(3));
  }
  const rulesAt = lines.findIndex((l: string) => /^fastai's rules/.test(l));
  assert.ok(rulesAt > chart, "fastai's rules after the chart, labelled as fastai's");
  const minimumLine = lines.find((l: string) => /^\s+minimum\s/.test(l));
  assert.equal(Number(/minimum\s+(\S+)/.exec(minimumLine!)![1]).toPrecision(3), saved.fastai.minimum.lr.toPrecision(3));
  assert.doesNotMatch(forced.stdout, /cyclicBounds|smoothed minimum \/ 3/);
  assert.notEqual(readFileSync(join(out, 'curve.json'), 'utf8'), before);
});

/** A 2000-step find in a child process, sent `signal` once its first progress line is out. */
async function interruptedFind(signal: NodeJS.Signals): Promise<{ r: Run; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-int-'));
  let sent = false;
  const r = await lrkit(['find', '--limit', '300', '--num-iter', '2000', '--batch-size', '32', '--end-lr', '1', '--diverge', '1000', '--out', 'out'], dir, (err, child) => {
    // Plain (non-TTY) progress prints a line every 10 %: interrupt after the first one.
    if (!sent && /find: \d+\/2000/.test(err)) {
      sent = true;
      child.kill(signal);
    }
  });
  assert.ok(sent, r.stderr);
  return { r, out: join(dir, 'out') };
}

for (const [signal, says] of [['SIGINT', /interrupted: stopping after the current step/], ['SIGTERM', /terminated: stopping after the current step and saving the partial results \(SIGTERM again to quit now\)/]] as const) {
  test(`${signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'} during lrkit find saves the partial curve, marked partial, and exits ${signal === 'SIGINT' ? 130 : 143}`, async () => {
    const { r, out } = await interruptedFind(signal);
    assert.equal(r.code, signal === 'SIGINT' ? 130 : 143, r.stderr); // 128 + the signal's number
    assert.match(r.stderr, says);
    const curve = JSON.parse(readFileSync(join(out, 'curve.json'), 'utf8'));
    assert.equal(curve.partial, true);
    assert.equal(curve.stopReason, 'aborted');
    assert.ok(curve.lrs.length >= 200 && curve.lrs.length < 2000, `${curve.lrs.length} points`);
    assert.ok(existsSync(join(out, 'plot.png')));
    assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /partial: interrupted/);
  });
}
