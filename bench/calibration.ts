// Benchmark: confidence, measured (npm run bench:calibration; issue 23, items 1 and 4). Trains
// nothing: reads the suite's results (bench/results/suggestions.json, suggestions-raw.json) and
// refine's (refine-share-1.json), applies today's recommend() to every range test and reports how
// often each answer at each confidence level came within target, whether every miss carries a
// warning, each rule per task (the mean over seeds against the grid's best mean) and its cost.
// test/bench.calibration.test.ts keeps bench/results/calibration.json and SUITE_CALIBRATION equal
// to what this computes.
//
// Run: npm run bench:calibration [-- --held-out]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR, writeJson } from './lib/common.js';
import { calibrate, type RefineResults, type SuiteResults } from './suggestions/calibrate.js';
import type { TaskSeed } from './suggestions/collect.js';

const read = <T>(name: string) => JSON.parse(readFileSync(join(RESULTS_DIR, name), 'utf8')) as T;
// --held-out: the held-out tasks' results (bench:suggestions -- --held-out), without refine.
const HELD = process.argv.includes('--held-out');
const suite = read<SuiteResults>(HELD ? 'suggestions-heldout.json' : 'suggestions.json');
const raw = read<{ runs: TaskSeed[] }>(HELD ? 'suggestions-heldout-raw.json' : 'suggestions-raw.json').runs;
const refine = !HELD && existsSync(join(RESULTS_DIR, 'refine-share-1.json')) ? read<RefineResults>('refine-share-1.json') : undefined;
const c = calibrate(suite, raw, refine);

const lines: string[] = [];
const log = (l = '') => {
  console.log(l);
  lines.push(l);
};
const frac = (x: { within: number; of: number }) => (x.of ? `${x.within} / ${x.of}` : '–');
log('| answer | high | medium | low |');
log('|---|---:|---:|---:|');
for (const use of ['oneCycle', 'constant'] as const) {
  const l = c.calibration[use];
  log(`| ${use === 'oneCycle' ? 'one-cycle at the peak' : 'constant at the knee'} | ${frac(l.high)} | ${frac(l.medium)} | ${frac(l.low)} |`);
}
log();
log('| rule | pairs within target | ≥ grid best | tasks within target (means) | cost (trainings) | share of the grid |');
log('|---|---:|---:|---:|---:|---:|');
for (const [name, r] of Object.entries(c.perRule)) {
  log(`| ${name} | ${r.pairsWithinTarget} / ${r.pairs} | ${r.atLeastGridBest} | ${r.tasksWithinTarget} / ${r.tasks} | ${r.costInTrainings} | ${r.costShareOfGrid} |`);
}
log();
const names = Object.keys(c.perRule);
log(`| task | grid's best mean | ${names.join(' | ')} |`);
log(`|---|---|${names.map(() => '---:').join('|')}|`);
for (const [task, t] of Object.entries(c.perTask)) {
  const cells = names.map((n) => {
    const r = t.rules[n as keyof typeof t.rules];
    return r ? `${r.gapOfMeans >= 0 ? '+' : ''}${r.gapOfMeans.toFixed(2)}${r.within ? '' : ' ✗'}` : '–';
  });
  log(`| ${task} | ${t.gridBestMean.score} at ${t.gridBestMean.lr} | ${cells.join(' | ')} |`);
}
log();
for (const use of ['oneCycle', 'constant'] as const) {
  for (const m of c.misses[use]) log(`miss ${use} ${m.task} seed ${m.seed}: gap ${m.gap}, confidence ${m.confidence}, warnings ${m.warnings.join(', ') || 'none'}${m.warned ? '' : ' (UNWARNED)'}`);
}
writeJson(HELD ? 'calibration-heldout' : 'calibration', { benchmark: 'calibration', note: 'no training: today\'s recommend() on the suite\'s range tests, against its measured gaps', ...c });
writeFileSync(join(RESULTS_DIR, HELD ? 'calibration-heldout.log' : 'calibration.log'), lines.join('\n') + '\n');
