// Benchmark: does reading the range test's losses pipelined (findLearningRate(..., { pipeline:
// true }): step i+1 is queued before step i's loss is read back) matter? MLP 784-128-10, batch 64,
// 60 iterations per run, sequential vs pipelined interleaved over several repetitions after a
// warm-up, on wasm and cpu in Node and on webgl in headless Chromium.
//
// Run: node --import tsx bench/pipeline.ts [--reps 7] [--iters 60] [--batch 64] [--no-browser]
// (the defaults are the settings of the committed bench/results/pipeline.json)
import { intArg, machineInfo, round, stats, wallSeconds, writeJson, writePng } from './lib/common.js';
import { setBackend } from '../src/tfjs/backend.js';
import { linePointChart } from './lib/charts.js';
import { CHROMIUM, measureInChromium } from './pipeline/browser.js';
import { measurePipeline, type PipelineBenchResult } from './pipeline/measure.js';

const REPS = intArg('reps', 7);
const ITERS = intArg('iters', 60);
const BATCH = intArg('batch', 64);
const BROWSER = !process.argv.includes('--no-browser');
const opts = { reps: REPS, numIter: ITERS, batchSize: BATCH };

type Row = PipelineBenchResult & { where: 'node' | 'chromium'; extra?: Record<string, unknown> };
const rows: Row[] = [];
const skipped: Record<string, string> = {};

for (const b of ['wasm', 'cpu'] as const) {
  const used = await setBackend(b);
  console.log(`node / ${used}`);
  rows.push({ where: 'node', ...(await measurePipeline({ ...opts, log: (l) => console.log(`  ${l}`) })) });
}
if (BROWSER) {
  console.log('chromium / webgl');
  try {
    const { userAgent, webglRenderer, bundleMs, ...r } = await measureInChromium('webgl', opts, console.log);
    rows.push({ where: 'chromium', ...r, extra: { userAgent, webglRenderer, viteBundleMs: Math.round(bundleMs) } });
  } catch (e) {
    skipped['chromium/webgl'] = e instanceof Error ? e.message : String(e);
    console.error(`chromium/webgl skipped: ${skipped['chromium/webgl']}`);
  }
} else {
  skipped['chromium/webgl'] = '--no-browser';
}

const summarize = (xs: number[]) => {
  const s = stats(xs);
  return { median: round(s.median), min: round(s.min), max: round(s.max) };
};
const backends = rows.map((r) => {
  // Paired per repetition: both modes ran back to back, so machine drift cancels in the ratio.
  const ratios = r.pipelined.map((p, i) => p / r.sequential[i]);
  if (r.iterationsRecorded.some((n) => n !== r.numIter)) throw new Error(`${r.where}/${r.backend}: a run stopped early (${r.iterationsRecorded})`);
  return {
    name: `${r.where}/${r.backend}`,
    msPerIteration: { sequential: summarize(r.sequential), pipelined: summarize(r.pipelined) },
    pipelinedOverSequential: summarize(ratios),
    eachRepetition: { sequential: r.sequential.map((x) => round(x)), pipelined: r.pipelined.map((x) => round(x)), ratio: ratios.map((x) => round(x)) },
    warmupMs: Math.round(r.warmupMs),
    ...(r.extra ?? {}),
  };
});

const result = {
  benchmark: 'pipeline',
  question: 'does findLearningRate(..., { pipeline: true }) (queue step i+1 before reading step i\'s loss) change ms/iteration?',
  machine: { ...machineInfo(rows.map((r) => `${r.where}/${r.backend}`).join(', ')), chromium: BROWSER ? CHROMIUM : null },
  setup: {
    model: 'MLP 784-128-10 (createMlp, relu, softmax), SGD',
    data: `seeded uniform random 784-d inputs, 10 random classes, ${BATCH * 16} samples cycled`,
    batchSize: BATCH,
    iterationsPerRun: ITERS,
    repetitions: REPS,
    range: 'startLr 1e-4 .. endLr 1e-1 exp, divergeThreshold Infinity (every run does all iterations)',
    timing: 'wall time of the whole findLearningRate call (snapshot, steps, restore) / iterations; one untimed warm-up run of each mode; modes alternate order per repetition',
    ratio: 'pipelined / sequential per repetition (< 1: pipelining is faster); median (min..max) over repetitions',
  },
  backends,
  skipped,
  wallSeconds: wallSeconds(),
};
writeJson('pipeline', result);

// The paired ratio answers the question directly: one line per backend, 1 = no effect.
const lines = backends.flatMap((b) => b.eachRepetition.ratio.map((y, i) => ({ series: b.name, x: i + 1, y })));
lines.push({ series: 'no effect (1.0)', x: 1, y: 1 }, { series: 'no effect (1.0)', x: REPS, y: 1 });
const spec = linePointChart({
  lines,
  title: `findLearningRate pipelined / sequential time per repetition (MLP 784-128-10, batch ${BATCH}, ${ITERS} it/run; < 1 = pipelining faster)`,
  xTitle: 'repetition',
  yTitle: 'pipelined / sequential ms per iteration',
  width: 760,
});
// Repetitions are whole numbers.
const enc = (spec as unknown as { layer: { encoding: { x: { axis?: object } } }[] }).layer[0].encoding.x;
enc.axis = { tickMinStep: 1, format: 'd' };
await writePng('pipeline', spec);

console.log('\nbackend            sequential ms/it         pipelined ms/it          pipelined/sequential');
const fmt = (s: { median: number; min: number; max: number }, d: number) => `${s.median.toFixed(d)} (${s.min.toFixed(d)}..${s.max.toFixed(d)})`;
for (const b of backends) {
  console.log(`${b.name.padEnd(18)} ${fmt(b.msPerIteration.sequential, 2).padEnd(24)} ${fmt(b.msPerIteration.pipelined, 2).padEnd(24)} ${fmt(b.pipelinedOverSequential, 3)}`);
}
console.log(`wall ${result.wallSeconds} s`);
