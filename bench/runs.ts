// Benchmark: `lrkit find --runs 4` (four range tests in worker threads, median suggestions) with 1
// worker against 2 workers on the 2-core machine, alternating, from a cold process each time:
// the throughput gain of the second worker, on the default MLP 784-128-10 (where each worker's
// start — tfjs, wasm, the data — outweighs its 100 steps) and on 784-512-256-10 (where training does).
//
// Run: node --import tsx bench/runs.ts [--reps 3] [--runs 4]   (after npm run build)
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intArg, machineInfo, round, stats, wallSeconds, writeJson } from './lib/common.js';

const REPS = intArg('reps', 3);
const RUNS = intArg('runs', 4);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
// [extra flags, runs]: the default job as users run it, and a larger MLP over more runs, where
// training outweighs each worker's start-up.
const configs: Record<string, [string[], number]> = {
  'mlp 784-128-10 (default), --runs 4': [['--hidden', '128'], RUNS],
  'mlp 784-512-256-10, --runs 4': [['--hidden', '512,256'], RUNS],
  'mlp 784-512-256-10, --runs 8': [['--hidden', '512,256'], 2 * RUNS],
};
const results: Record<string, { seconds: Record<'1' | '2', number[]>; medianSeconds: Record<'1' | '2', number>; throughputGain: number }> = {};
for (const [name, [extra, runs]] of Object.entries(configs)) {
  const seconds: Record<'1' | '2', number[]> = { 1: [], 2: [] };
  for (let r = 0; r < REPS; r++) {
    for (const w of (r % 2 === 0 ? ['1', '2'] : ['2', '1']) as ('1' | '2')[]) {
      const out = mkdtempSync(join(tmpdir(), 'lrkit-runs-'));
      const t0 = performance.now();
      const res = spawnSync(process.execPath, [join(ROOT, 'bin/lrkit.js'), 'find', '--runs', String(runs), '--workers', w, ...extra, '--no-progress', '--out', out], { cwd: ROOT, encoding: 'utf8' });
      const s = (performance.now() - t0) / 1000;
      if (res.status !== 0) throw new Error(`--workers ${w}: exit ${res.status}: ${res.stderr}`);
      seconds[w].push(s);
      console.log(`${name} --workers ${w}: ${s.toFixed(2)} s`);
    }
  }
  const gain = stats(seconds[1]).median / stats(seconds[2]).median;
  console.log(`${name}: 2 workers give ${gain.toFixed(2)}x the throughput of 1`);
  results[name] = { seconds, medianSeconds: { 1: round(stats(seconds[1]).median), 2: round(stats(seconds[2]).median) }, throughputGain: round(gain) };
}
console.log(writeJson('runs', { benchmark: 'runs', machine: machineInfo('wasm'), command: 'lrkit find --runs N --workers 1|2 --no-progress (MNIST 10k, 100 steps per run)', reps: REPS, results, wallSeconds: wallSeconds() }));
