import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// The page is a user of the package: it imports the library by its public names ('lrkit',
// 'lrkit/tfjs', ... aliased in web/vite.config.ts and web/tsconfig.json), never a file of src/
// by a relative path, and nothing from scripts/ or bench/ (issue #25, item 4).
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = join(ROOT, 'web');
const PUBLIC = /^lrkit(\/(tfjs|data|models|report|robust|node))?$/;

/** Every module specifier in `source`: static imports and re-exports, dynamic import(), side-effect imports. */
export function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const re of [/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s*['"]([^'"]+)['"]/gm]) {
    for (const m of source.matchAll(re)) found.push(m[1]);
  }
  return found;
}

/** Why `spec`, imported by `file`, breaks the page's layering, or undefined when it does not. */
export function layeringProblem(file: string, spec: string): string | undefined {
  if (spec.startsWith('.')) {
    const target = resolve(dirname(file), spec);
    const rel = relative(WEB, target);
    if (rel.startsWith('..') || rel.split(sep)[0] === '..') return `relative import ${JSON.stringify(spec)} reaches outside web/ (${relative(ROOT, target)}); import 'lrkit' or 'lrkit/<area>' instead`;
    return undefined;
  }
  if (/(^|\/)(scripts|bench)(\/|$)/.test(spec)) return `${JSON.stringify(spec)} imports from scripts/ or bench/`;
  if (spec.startsWith('lrkit') && !PUBLIC.test(spec)) return `${JSON.stringify(spec)} is not a public entry point of the package`;
  return undefined;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : /\.(ts|tsx|js|mjs)$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

test('web/src imports the library only through its public entry points, and nothing from scripts/ or bench/', () => {
  const files = sources(join(WEB, 'src'));
  assert.ok(files.length > 10, `only ${files.length} files found in web/src: the scan is broken`);
  const problems = files.flatMap((file) =>
    specifiers(readFileSync(file, 'utf8')).flatMap((spec) => {
      const why = layeringProblem(file, spec);
      return why ? [`${relative(ROOT, file)}: ${why}`] : [];
    }),
  );
  assert.deepEqual(problems, []);
});

test('the layering check catches what it is for (a check that finds nothing proves nothing)', () => {
  const file = join(WEB, 'src', 'main.ts');
  const scanned = specifiers(`import { a } from '../../src/tfjs/find.js';\nimport type { B } from "../../scripts/x.js";\nconst m = await import('../../bench/y.js');\nimport './style.css';\nexport { c } from 'lrkit/tfjs';`);
  assert.deepEqual(scanned.sort(), ['../../bench/y.js', '../../scripts/x.js', '../../src/tfjs/find.js', './style.css', 'lrkit/tfjs']);
  assert.match(layeringProblem(file, '../../src/tfjs/find.js') ?? '', /reaches outside web\/ \(src\/tfjs\/find\.js\)/);
  assert.match(layeringProblem(file, '../../scripts/x.js') ?? '', /outside web\//);
  assert.match(layeringProblem(file, 'lrkit/src/tfjs/find.js') ?? '', /not a public entry point/);
  assert.match(layeringProblem(file, '/work/x/scripts/build.js') ?? '', /scripts\/ or bench\//);
  assert.equal(layeringProblem(file, './finderChart.js'), undefined);
  assert.equal(layeringProblem(file, 'lrkit/tfjs'), undefined);
  assert.equal(layeringProblem(file, 'uplot'), undefined);
});
