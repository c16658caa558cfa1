// Every ```ts / ```js block of README.md and docs/*.md runs as pasted. Each block is written to a
// temporary module (its 'lrkit' imports pointed at the sources, as test/schedules.docs.test.ts
// does) and run: blocks that touch TensorFlow.js in a child process of their own (a fresh backend,
// as a user's script gets), the others imported here. A failure names the page and the line of the
// block. Fence tags:
//   ```ts fragment   a deliberate excerpt (option lists, signatures): counted, not run
//   ```ts continues  joined to the block before it on the same page, and run together with it
// docs/schedules.md is run by test/schedules.docs.test.ts, which also checks its `// =>` values.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SOURCE_ENTRIES } from './helpers/entries.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const ENTRIES = SOURCE_ENTRIES;

/** Pages whose blocks another test runs. */
const RUN_ELSEWHERE: Record<string, string> = { 'docs/schedules.md': 'test/schedules.docs.test.ts' };

/**
 * Pages whose blocks are not yet runnable or marked, kept by other developers: their blocks run
 * too, but a failure is reported as a TODO naming the page instead of failing the suite. Remove a
 * page once its blocks run or are marked `fragment` (docs/architecture.md's contract listing).
 */
const KEPT_ELSEWHERE = new Set<string>();

export interface Block {
  page: string;
  line: number; // 1-based line of the opening fence
  tag: 'run' | 'fragment' | 'continues';
  code: string;
}

const FENCE = /^(\s*)```(ts|js|typescript|javascript|mts|mjs)\b(.*)$/;

/** The ts/js blocks of a page, with their tags; an unknown tag or an unclosed block throws. */
export function codeBlocks(page: string, md: string): Block[] {
  const blocks: Block[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]);
    if (!m) continue;
    const [, indent, , rest] = m;
    const tag = rest.trim() === '' ? 'run' : rest.trim();
    assert.ok(tag === 'run' || tag === 'fragment' || tag === 'continues', `${page}:${i + 1}: unknown code block tag "${rest.trim()}" (use fragment or continues)`);
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) body.push(lines[i].startsWith(indent) ? lines[i].slice(indent.length) : lines[i]);
    assert.ok(i < lines.length, `${page}:${start + 1}: unclosed code block`);
    blocks.push({ page, line: start + 1, tag: tag as Block['tag'], code: body.join('\n') });
  }
  return blocks;
}

/** Runnable programs: each `run` block with the `continues` blocks after it. */
export function programs(blocks: readonly Block[]): Block[][] {
  const out: Block[][] = [];
  for (const b of blocks) {
    if (b.tag === 'fragment') continue;
    if (b.tag === 'continues') {
      const last = out.at(-1);
      assert.ok(last && last[0].page === b.page, `${b.page}:${b.line}: a "continues" block with no block before it to continue`);
      last.push(b);
    } else out.push([b]);
  }
  return out;
}

function toModule(program: readonly Block[]): string {
  return program
    .map((b) => `// ${b.page}:${b.line}\n` + b.code.replace(/from '(lrkit(?:\/[a-z]+)?)'/g, (_m, name: string) => {
      assert.ok(ENTRIES[name], `${b.page}:${b.line}: unknown entry point '${name}'`);
      return `from '${pathToFileURL(join(root, ENTRIES[name])).href}'`;
    }))
    .join('\n');
}

const usesTfjs = (code: string) => /from '(@tensorflow\/|lrkit\/(tfjs|robust|models|data))/.test(code);

const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const blocks = pages.flatMap((p) => codeBlocks(p, readFileSync(join(root, p), 'utf8')));
const here = blocks.filter((b) => !RUN_ELSEWHERE[b.page]);

// Node resolves bare imports (@tensorflow/tfjs, zod) from the module's folder: give it ours.
const dir = mkdtempSync(join(tmpdir(), 'lrkit-docs-run-'));
symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
after(() => rmSync(dir, { recursive: true, force: true }));

test('every ts/js block is run, joined to the one it continues, marked a fragment, or run by another test', () => {
  const counts = { run: 0, continues: 0, fragment: 0, elsewhere: 0 };
  for (const b of blocks) {
    if (RUN_ELSEWHERE[b.page]) counts.elsewhere++;
    else counts[b.tag]++;
  }
  assert.equal(counts.run + counts.continues + counts.fragment + counts.elsewhere, blocks.length);
  // README's example is run, not a fragment.
  assert.ok(blocks.some((b) => b.page === 'README.md' && b.tag === 'run'), 'README.md has a runnable example');
  for (const [page, by] of Object.entries(RUN_ELSEWHERE)) {
    assert.ok(readFileSync(join(root, by), 'utf8').includes(page), `${by} runs ${page}`);
  }
  // Fragments stay the exception on the pages kept here.
  const own = here.filter((b) => !KEPT_ELSEWHERE.has(b.page));
  const fragments = own.filter((b) => b.tag === 'fragment').length;
  assert.ok(fragments <= own.length / 2, `${fragments} of ${own.length} blocks are fragments`);
  console.log(`docs blocks: ${JSON.stringify(counts)}`);
});

test('the block reader: tags, indented fences, continuation and unknown tags', () => {
  const md = ['```ts', 'const a = 1;', '```', '- item', '  ```ts continues', '  console.log(a);', '  ```', '```ts fragment', 'x.y;', '```'].join('\n');
  const b = codeBlocks('x.md', md);
  assert.deepEqual(b.map((x) => [x.line, x.tag, x.code]), [[1, 'run', 'const a = 1;'], [5, 'continues', 'console.log(a);'], [8, 'fragment', 'x.y;']]);
  assert.deepEqual(programs(b).map((p) => p.map((x) => x.line)), [[1, 5]]);
  assert.throws(() => codeBlocks('x.md', '```ts skip\n```'), /x\.md:1: unknown code block tag "skip"/);
  assert.throws(() => programs(codeBlocks('x.md', '```ts continues\n```')), /x\.md:1: a "continues" block with no block before it/);
});

for (const program of programs(here)) {
  const { page, line } = program[0];
  const where = `${page}:${program.map((b) => b.line).join('+')}`;
  const first = program[0].code.split('\n').find((l) => l.trim() && !l.startsWith('import') && !l.startsWith('//'))?.trim();
  const todo = KEPT_ELSEWHERE.has(page) ? `${page} is kept by another developer: make the block run or mark it fragment` : undefined;
  const code = program.map((b) => b.code).join('\n');
  test(`${where} runs as pasted (${first?.slice(0, 50)})`, { todo, timeout: 180_000 }, async () => {
    const file = join(dir, `${page.replace(/[/.]/g, '_')}-${line}.mts`);
    writeFileSync(file, toModule(program));
    if (!usesTfjs(code)) {
      // Files the block writes (report.html, runs/...) land in the temporary folder, not the repository.
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        await import(pathToFileURL(file).href).catch((e: Error) => assert.fail(`${where}: ${e.stack ?? e}`));
      } finally {
        process.chdir(cwd);
      }
      return;
    }
    // A fresh process: the block picks its backend and makes its tensors as a user's script would.
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: dir, encoding: 'utf8', timeout: 170_000, env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    assert.equal(r.signal, null, `${where}: killed by ${r.signal} (over 170 s?)\n${r.stderr}`);
    assert.equal(r.status, 0, `${where}: exit ${r.status}\n${r.stderr.slice(-3000)}`);
  });
}
