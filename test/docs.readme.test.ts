// README.md is the landing page, written by hand: short, its commands the real ones, its links and
// anchors alive (across docs/ pages too), its measured numbers those of the committed benchmark
// results, and every export documented somewhere in docs/. Its code blocks run in
// test/docs.examples.test.ts.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const readme = read('README.md');
/** Pages whose links this test checks: README and the docs pages kept with it. */
const KEPT = ['README.md', 'docs/finder.md', 'docs/tfjs.md', 'docs/report.md', 'docs/cli.md', 'docs/schedules.md', 'docs/bench.md', 'docs/bench-pipeline.md', 'docs/development.md', 'docs/analysis.md'];

test('README is a landing page: at most 250 lines, the two set-up commands, the test command CI runs', () => {
  const lines = readme.split('\n').length;
  assert.ok(lines <= 250, `README.md has ${lines} lines`);
  assert.match(readme, /```sh\nnpm install && npx lrkit find\n```/);
  // .ci/run runs README's test command: it must stay exactly `npm test`.
  assert.match(readme, /```sh\nnpm test\n```/);
  assert.match(read('.ci/run'), /^npm test$/m);
  assert.match(readme, /!\[[^\]]+\]\(docs\/img\/lr-finder-example\.png\)/);
  // The one TF.js example: data, model, findLearningRate, one-cycle through scheduleCallback, printed results.
  const ts = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.equal(ts.length, 1, 'one TF.js example');
  for (const piece of ['setBackend(', 'findLearningRate(', 'oneCycle(', 'scheduleCallback(', 'model.fit(', 'console.log(']) {
    assert.ok(ts[0].includes(piece), `the example uses ${piece}`);
  }
  // setBackend comes before any tensor or model.
  assert.ok(ts[0].indexOf('setBackend(') < ts[0].indexOf('tf.randomNormal('), 'the backend is chosen first');
});

test('README lists every docs page', () => {
  const pages = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'));
  for (const p of pages) assert.ok(readme.includes(`](docs/${p})`), `README does not link docs/${p}`);
});

const slug = (h: string) => h.trim().toLowerCase().replace(/`/g, '').replace(/[^\w\- ]/g, '').replace(/ /g, '-');
const anchors = (md: string) => new Set([...md.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));

test('links and anchors of README and the docs pages resolve, across pages too', () => {
  const broken: string[] = [];
  let checked = 0;
  for (const page of KEPT) {
    const md = read(page).replace(/```[\s\S]*?```/g, ''); // links inside code are code
    for (const [, target] of md.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      checked++;
      const [path, anchor] = target.split('#');
      // Relative to the page, as GitHub resolves them (README's from the root).
      const file = path === '' ? page : normalize(join(dirname(page), path));
      if (!existsSync(join(root, file))) broken.push(`${page}: ${target} (no such file)`);
      else if (anchor && file.endsWith('.md') && !anchors(read(file)).has(anchor)) broken.push(`${page}: ${target} (no such heading in ${file})`);
    }
  }
  assert.ok(checked > 40, `only ${checked} links checked`);
  assert.deepEqual(broken, []);
});

test("README's measured numbers are the committed benchmark results", () => {
  const json = (name: string) => JSON.parse(read(`bench/results/${name}.json`));
  const startup = json('startup').summary.compiled;
  const s = (x: number) => x.toFixed(2);
  assert.ok(readme.includes(`**${s(startup.wallSeconds.median)} s** from launch`), `startup median ${startup.wallSeconds.median}`);
  assert.ok(readme.includes(`first step done at ${Math.round(startup.firstStepMs.median)} ms`));
  const kernels = json('kernels').steps;
  assert.ok(readme.includes(`**${s(kernels['mlp 784-128-10'].speedup.median)}×**`));
  assert.ok(readme.includes(`${s(kernels['mlp 784-512-256-10'].speedup.median)}×`));
  // One set of timings: the main job's time is quoted once, from bench:startup, nowhere else.
  for (const page of ['README.md', 'docs/cli.md', 'docs/finder.md', 'docs/tfjs.md']) {
    assert.doesNotMatch(read(page), /about 3\.5 s|1\.34 s wall/, `${page} quotes an old timing`);
  }
});

test('every value each entry point of package.json exports is documented in docs/', async () => {
  const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => read(`docs/${f}`)).join('\n');
  const pkg = JSON.parse(read('package.json')) as { exports: Record<string, string | { import: string }> };
  const undocumented: string[] = [];
  for (const [entry, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue; // ./package.json
    const source = target.import.replace(/^\.\/dist\//, '../src/').replace(/\.js$/, '.ts');
    const mod = (await import(new URL(source, import.meta.url).href)) as Record<string, unknown>;
    assert.ok(Object.keys(mod).length > 0, `${entry} exports nothing`);
    for (const name of Object.keys(mod)) if (!new RegExp(`\\b${name}\\b`).test(docs)) undocumented.push(`${entry}: ${name}`);
  }
  assert.deepEqual(undocumented, [], 'exports that no docs page mentions');
});
