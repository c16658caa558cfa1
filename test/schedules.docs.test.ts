// The ```ts examples of docs/schedules.md run as pasted: each block is written to a temporary
// module with its 'lrkit' imports pointed at the sources, then imported. A line
// `expr; // => value` also checks the value (`// => ≈ value`: equal to the digits shown), so the
// numbers on the page cannot drift from the code.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SOURCE_ENTRIES } from './helpers/entries.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const docPath = join(root, 'docs/schedules.md');
const doc = readFileSync(docPath, 'utf8');

const entries = SOURCE_ENTRIES;

interface Block {
  line: number; // 1-based line of the opening fence
  code: string;
}

function tsBlocks(md: string): Block[] {
  const blocks: Block[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) body.push(lines[i]);
    assert.ok(i < lines.length, `docs/schedules.md:${start + 1}: unclosed code block`);
    blocks.push({ line: start + 1, code: body.join('\n') });
  }
  return blocks;
}

/** Decimal places of the last printed digit: '0.0074201' -> 1e-7, '2.0000e-7' -> 1e-11. */
function lastDigit(literal: string): number {
  const [mantissa, exp = '0'] = literal.toLowerCase().split('e');
  const decimals = mantissa.includes('.') ? mantissa.split('.')[1].length : 0;
  return 10 ** (Number(exp) - decimals);
}

const CHECK = /^(\s*)(.+?);\s*\/\/ => (≈ )?(-?[\d.]+(?:e[+-]?\d+)?|\[[^\]]*\])(\s+\(.*\))?\s*$/i;

/** Rewrites imports and `// =>` checks; returns the module text and how many checks it holds. */
function toModule(block: Block): { text: string; checks: number } {
  let checks = 0;
  const lines = block.code.split('\n').map((line, j) => {
    const docLine = block.line + 1 + j;
    const imported = line.replace(/from '(lrkit(?:\/[a-z]+)?)'/, (_m, name: string) => {
      assert.ok(entries[name], `docs/schedules.md:${docLine}: unknown entry point '${name}'`);
      return `from '${pathToFileURL(join(root, entries[name])).href}'`;
    });
    if (!line.includes('// =>')) return imported;
    const m = CHECK.exec(line);
    assert.ok(m, `docs/schedules.md:${docLine}: cannot read the check in: ${line}`);
    checks++;
    const [, indent, expr, approx, literal] = m;
    const numbers = literal.startsWith('[') ? literal.slice(1, -1).split(',').map((x) => x.trim()) : [literal];
    const tols = numbers.map((x) => (approx ? lastDigit(x) / 2 : null));
    return `${indent}__expect((${expr}), ${literal}, ${JSON.stringify(tols)}, ${docLine});`;
  });
  const prelude = `import __assert from 'node:assert/strict';`;
  const helper = `
function __expect(actual, expected, tols, line) {
  const a = Array.isArray(expected) ? actual : [actual];
  const e = Array.isArray(expected) ? expected : [expected];
  __assert.equal(a.length, e.length, 'docs/schedules.md:' + line + ': length ' + a.length + ', the page says ' + e.length);
  e.forEach((x, i) => {
    const tol = tols[i] ?? 1e-12 * Math.abs(x);
    __assert.ok(Math.abs(a[i] - x) <= tol, 'docs/schedules.md:' + line + ': got ' + a[i] + ', the page says ' + x);
  });
}`;
  return { text: `${prelude}\n${lines.join('\n')}\n${helper}\n`, checks };
}

const blocks = tsBlocks(doc);
// Node resolves bare imports (@tensorflow/tfjs) from the module's folder: give it ours.
const dir = mkdtempSync(join(tmpdir(), 'lrkit-docs-'));
symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
after(() => rmSync(dir, { recursive: true, force: true }));

test('docs/schedules.md has runnable examples with value checks', () => {
  assert.ok(blocks.length >= 9, `only ${blocks.length} ts blocks`);
  const checks = blocks.reduce((n, b) => n + toModule(b).checks, 0);
  // Code lines with a check (prose mentions `// =>` in backticks).
  const marked = doc.split('\n').filter((l) => l.includes('// =>') && !l.includes('`')).length;
  assert.equal(checks, marked, 'every // => line sits in a ts block and is checked');
  assert.ok(checks >= 20, `only ${checks} checked values`);
});

for (const block of blocks) {
  const first = block.code.split('\n').find((l) => l.trim() && !l.startsWith('import'))?.trim();
  test(`docs/schedules.md:${block.line} runs as pasted (${first?.slice(0, 60)})`, async () => {
    // Self-contained: the block imports everything it uses (no shared state between blocks).
    assert.match(block.code, /^import .* from 'lrkit(\/[a-z]+)?';$/m, 'the block imports from lrkit');
    const file = join(dir, `block-${block.line}.mts`);
    writeFileSync(file, toModule(block).text);
    await import(pathToFileURL(file).href);
  });
}

test('the "Sampled values" table matches the factories to its 4 significant digits', async () => {
  const { cyclic, cyclicMomentum, oneCycle, oneCycleMomentum, warmRestarts } = await import('../src/index.js');
  const up5 = { baseLr: 0.001, maxLr: 0.006, stepSizeUp: 5 };
  const rows: Record<string, (t: number) => number> = {
    'cyclic triangular (base 0.001, max 0.006, up 5)': cyclic(up5),
    'cyclic triangular2 (same)': cyclic({ ...up5, mode: 'triangular2' }),
    'cyclic exp_range (same, gamma 0.95)': cyclic({ ...up5, mode: 'exp_range', gamma: 0.95 }),
    'cyclicMomentum (defaults, up 5)': cyclicMomentum({ stepSizeUp: 5 }),
    'oneCycle (max 0.1, 30 steps)': oneCycle({ maxLr: 0.1, totalSteps: 30 }),
    'oneCycle threePhase linear (max 0.1, 30 steps)': oneCycle({ maxLr: 0.1, totalSteps: 30, threePhase: true, annealStrategy: 'linear' }),
    'oneCycleMomentum (30 steps)': oneCycleMomentum({ totalSteps: 30 }),
    'warmRestarts (max 0.1, period 5, x2)': warmRestarts({ max: 0.1, period: 5, multiplier: 2 }),
  };
  const table = doc.slice(doc.indexOf('### Sampled values')).split('\n').filter((l) => l.startsWith('| ')).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  const steps = table[0].slice(1).map((h) => Number(h.replace('t=', '')));
  const body = table.slice(1).filter((r) => r[0] in rows);
  assert.deepEqual(body.map((r) => r[0]), Object.keys(rows), 'every table row is checked');
  for (const [name, ...cells] of body) {
    cells.forEach((cell, i) => {
      const want = Number(cell);
      const got = rows[name](steps[i]);
      const tol = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(want))) - 3);
      assert.ok(Math.abs(got - want) <= tol, `${name} at t=${steps[i]}: ${got}, the table says ${cell}`);
    });
  }
});

test('the schedules figure is embedded, a PNG under 150 KB, and the script still draws it', async () => {
  assert.match(doc, /!\[[^\]]+\]\(img\/schedules\.png\)/); // relative to the page, as GitHub resolves it
  const png = readFileSync(join(root, 'docs/img/schedules.png'));
  assert.ok(statSync(join(root, 'docs/img/schedules.png')).size < 150 * 1024, `${png.length} bytes`);
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  const { schedulesFigure, FIGURE_WIDTH } = await import('../scripts/render-schedules-figure.js');
  const { renderPng } = await import('../src/report/index.js');
  const fresh = await renderPng(schedulesFigure(), { width: FIGURE_WIDTH });
  // Same layout as the committed image (width and height from the IHDR chunk).
  assert.deepEqual([fresh.readUInt32BE(16), fresh.readUInt32BE(20)], [png.readUInt32BE(16), png.readUInt32BE(20)]);
});
