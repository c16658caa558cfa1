// Benchmark: how soon `lrkit find` trains after launch, and how long the default job takes, from
// a cold process, as a user runs it: `node bin/lrkit.js find --no-progress` (the compiled dist/,
// which `npm install` builds) against the same through tsx on the TypeScript sources (what the
// repository ran before), alternating. The first step's end comes from LRKIT_TIMINGS=1 (ms since
// the process started); the wall time includes writing curve, plots and report.
//
// Run: node --import tsx bench/startup.ts [--runs 5]   (after npm run build)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intArg, machineInfo, round, stats, wallSeconds, writeJson } from './lib/common.js';

const RUNS = intArg('runs', 5);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('no dist/: run npm run build first');

const variants = {
  compiled: [join(ROOT, 'bin/lrkit.js')],
  tsx: ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')],
};
const rows: Record<keyof typeof variants, { firstStepMs: number[]; wallS: number[] }> = { compiled: { firstStepMs: [], wallS: [] }, tsx: { firstStepMs: [], wallS: [] } };
for (let r = 0; r < RUNS + 1; r++) {
  for (const name of (r % 2 === 0 ? ['compiled', 'tsx'] : ['tsx', 'compiled']) as (keyof typeof variants)[]) {
    const out = mkdtempSync(join(tmpdir(), 'lrkit-startup-'));
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [...variants[name], 'find', '--no-progress', '--out', out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LRKIT_TIMINGS: '1' } });
    const wall = (performance.now() - t0) / 1000;
    if (res.status !== 0) throw new Error(`${name}: exit ${res.status}: ${res.stderr}`);
    const first = Number(/first step done at (\d+) ms/.exec(res.stderr)?.[1]);
    if (r === 0) continue; // warm the disk cache
    rows[name].firstStepMs.push(first);
    rows[name].wallS.push(wall);
    console.log(`${name}: first step ${first} ms, job ${wall.toFixed(2)} s`);
  }
}
const summary = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, { firstStepMs: stats(v.firstStepMs), wallSeconds: stats(v.wallS) }]));
for (const [k, v] of Object.entries(summary)) console.log(`${k}: first step median ${round(v.firstStepMs.median)} ms, job median ${round(v.wallSeconds.median)} s`);
console.log(writeJson('startup', { benchmark: 'startup', machine: machineInfo('wasm'), runs: RUNS, command: 'lrkit find --no-progress (MNIST 10k, MLP 784-128-10, 100 steps, curve + plots + report)', summary, rows, wallSeconds: wallSeconds() }));
