import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildReadme } from '../scripts/build-readme.js';

const root = new URL('..', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');

test('README.md is up to date with docs/*.md (run `npm run readme`)', () => {
  assert.ok(readme === buildReadme(root), 'README.md differs from what scripts/build-readme.ts writes: run `npm run readme`');
});

test('README gives the two set-up commands: the main job and the tests', () => {
  assert.match(readme, /```sh\nnpm install && npx lrkit find\n```/);
  assert.match(readme, /```sh\nnpm test\n```/);
});

test('every local image and link in README exists', () => {
  const targets = [...readme.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t));
  assert.ok(targets.length > 5, `only ${targets.length} local links found`);
  for (const t of targets) assert.ok(existsSync(new URL(t, root)), `README links to missing ${t}`);
});

test('every in-page anchor in README points to a heading', () => {
  const slug = (h: string) => h.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
  const headings = new Set([...readme.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
  for (const [, anchor] of readme.matchAll(/\]\(#([^)]+)\)/g)) assert.ok(headings.has(anchor), `no heading for #${anchor}`);
});

test('README documents every value each entry point of package.json exports', async () => {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { exports: Record<string, string | { import: string }> };
  const undocumented: string[] = [];
  for (const [entry, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue; // ./package.json
    const source = target.import.replace(/^\.\/dist\//, '../src/').replace(/\.js$/, '.ts');
    const mod = (await import(new URL(source, import.meta.url).href)) as Record<string, unknown>;
    assert.ok(Object.keys(mod).length > 0, `${entry} exports nothing`);
    for (const name of Object.keys(mod)) if (!new RegExp(`\\b${name}\\b`).test(readme)) undocumented.push(`${entry}: ${name}`);
  }
  assert.deepEqual(undocumented, [], 'exports that README never mentions (document them in docs/*.md, then `npm run readme`)');
});
