import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { drawsText, pngFonts, type Io } from '../src/cli/common.js';
import { DEFAULT_FONT_FILES } from '../src/report/render.js';

const BIN = fileURLToPath(new URL('../bin/lrkit.js', import.meta.url));
const SERIF = '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf';

function lrkit(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function captureIo() {
  const lines: string[] = [];
  const io: Io = { out: () => {}, err: (t) => lines.push(t), tty: false };
  return { io, lines };
}

test('pngFonts: --font wins, then $LRKIT_FONTS, then DejaVu; without any font it warns how to fix it', () => {
  const { io, lines } = captureIo();
  assert.deepEqual(pngFonts(['/a.ttf'], io, 'x.png', '/b.ttf'), ['/a.ttf']);
  assert.deepEqual(pngFonts(undefined, io, 'x.png', `/nowhere/a.ttf:${SERIF}`), [SERIF]);
  assert.equal(lines.length, 0);
  assert.equal(pngFonts(undefined, io, 'plot.png', '/nowhere/a.ttf'), undefined);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /no font file for PNG text \(looked for \/nowhere\/a\.ttf from \$LRKIT_FONTS\)/);
  assert.match(lines[0], /plot\.png will not be written/);
  assert.match(lines[0], /apt-get install fonts-dejavu-core/);
  assert.match(lines[0], /--font \/path\/to\/font\.ttf/);
  // The default is the DejaVu pair when fonts-dejavu-core is installed (it is on this machine).
  if (existsSync(DEFAULT_FONT_FILES[0])) assert.deepEqual(pngFonts(undefined, io, 'x.png', ''), DEFAULT_FONT_FILES.filter((f) => existsSync(f)));
});

test('find without a usable font warns before training, writes everything but plot.png and exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-nofont-'));
  const out = join(dir, 'out');
  const r = await lrkit(['find', '--data', 'spirals', '--num-iter', '20', '--batch-size', '32', '--backend', 'wasm', '--out', out, '--no-progress'],
    { LRKIT_FONTS: join(dir, 'missing.ttf') });
  assert.equal(r.code, 0, r.stderr);
  // The warning comes before the backend line, i.e. before any data is loaded or trained on.
  const warn = r.stderr.indexOf('no font file for PNG text');
  assert.ok(warn >= 0 && warn < r.stderr.indexOf('backend:'), r.stderr);
  assert.match(r.stderr, /apt-get install fonts-dejavu-core/);
  for (const f of ['curve.json', 'curve.csv', 'plot.svg', 'report.html']) assert.ok(existsSync(join(out, f)), f);
  assert.equal(existsSync(join(out, 'plot.png')), false);
  const wrote = r.stdout.split('\n').find((l) => l.startsWith('wrote '));
  assert.ok(wrote && /plot\.svg/.test(wrote) && !/plot\.png/.test(wrote), wrote);
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /<svg/);
});

test('schedule and analyze skip only the PNG without fonts; --font draws with another TTF', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-font-'));
  const env = { LRKIT_FONTS: join(dir, 'missing.ttf') };
  const a = await lrkit(['schedule', 'one-cycle', '--epochs', '2', '--iters-per-epoch', '10', '--out', join(dir, 'a')], env);
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stderr, /schedule\.png will not be written/);
  for (const f of ['schedule.json', 'schedule.csv', 'schedule.svg']) assert.ok(existsSync(join(dir, 'a', f)), f);
  assert.equal(existsSync(join(dir, 'a', 'schedule.png')), false);
  assert.doesNotMatch(a.stdout, /schedule\.png/);
  const csv = join(dir, 'c.csv');
  writeFileSync(csv, 'lr,loss\n' + Array.from({ length: 40 }, (_, i) => `${1e-5 * 1.3 ** i},${2 - i / 40}`).join('\n'));
  const an = await lrkit(['analyze', csv, '--out', join(dir, 'b')], env);
  assert.equal(an.code, 0, an.stderr);
  assert.match(an.stderr, /analysis\.png will not be written/);
  assert.equal(existsSync(join(dir, 'b', 'analysis.png')), false);
  assert.ok(existsSync(join(dir, 'b', 'analysis.html')));
  // --font with another family: resvg falls back to the loaded face, so the PNG has text.
  const f = await lrkit(['schedule', 'one-cycle', '--epochs', '2', '--iters-per-epoch', '10', '--font', SERIF, '--out', join(dir, 'c')], env);
  assert.equal(f.code, 0, f.stderr);
  assert.doesNotMatch(f.stderr, /warning/);
  assert.equal(PNG.sync.read(readFileSync(join(dir, 'c', 'schedule.png'))).width, 1200);
});

test('a --font file that is not a font (or a folder named .ttf) exits 2 naming it, before anything is written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-fakefont-'));
  const fake = join(dir, 'fake.ttf');
  writeFileSync(fake, 'this is not a font\n');
  mkdirSync(join(dir, 'folder.ttf'));
  for (const [font, cmd] of [[fake, 'schedule'], [join(dir, 'folder.ttf'), 'schedule'], [fake, 'find']] as const) {
    const out = join(dir, `out-${cmd}`);
    const args = cmd === 'schedule' ? ['schedule', 'one-cycle', '--epochs', '2', '--iters-per-epoch', '10'] : ['find', '--data', 'spirals', '--num-iter', '20'];
    const r = await lrkit([...args, '--font', font, '--out', out]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`^lrkit: invalid --font .*font file "${font.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" is not a usable font`, 'm'));
    assert.equal(existsSync(out), false, 'nothing written');
  }
  // A real font passes the same check.
  assert.equal(drawsText(SERIF), true);
  assert.equal(drawsText(fake), false);
});

test('$LRKIT_FONTS naming a file that is not a font: the PNG is skipped with the warning, not drawn without text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-fakeenv-'));
  const fake = join(dir, 'fake.ttf');
  writeFileSync(fake, 'not a font');
  const { io, lines } = captureIo();
  assert.equal(pngFonts(undefined, io, 'plot.png', fake), undefined);
  assert.match(lines[0], /no font file for PNG text/);
  assert.deepEqual(pngFonts(undefined, io, 'plot.png', `${fake}:${SERIF}`), [SERIF]);
});
