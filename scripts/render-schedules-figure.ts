// Renders docs/img/schedules.png, the picture of the schedule shapes shown in docs/schedules.md
// (and so in the README): cyclical modes, one cycle with its momentum, cosine and SGDR, and the
// torch / keras / transformers families.
//   node --import tsx scripts/render-schedules-figure.ts [outFile]
// Every curve is sampled from the real factories, so the figure cannot drift from the code.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cosine, cyclic, keras, oneCycle, oneCycleMomentum, sample, torch, transformers, warmRestarts, type Schedule } from '../src/schedules/index.js';
import { renderPng, schedulePlot } from '../src/report/index.js';

const PANEL = { width: 420, height: 150 };
/** Width of docs/img/schedules.png in pixels (small enough to keep the PNG under 150 KB). */
export const FIGURE_WIDTH = 1000;

/** One figure panel: a schedulePlot with its own title, y axis and legend. */
function panel(title: string, yTitle: string, series: { name: string; schedule: Schedule; steps: number }[]) {
  const spec = schedulePlot({
    series: series.map((s) => ({ name: s.name, values: sample(s.schedule, s.steps) })),
    title,
    yTitle,
    xTitle: 'optimizer step',
    ...PANEL,
  }) as unknown as Record<string, unknown>;
  // Inner views of a concat may not carry $schema or config; the top level holds them.
  const { $schema: _schema, config: _config, ...view } = spec;
  return view;
}

/**
 * The vega-lite spec of the whole figure: a 3 x 2 grid of panels, each with its own legend.
 *
 * @example
 * const png = await renderPng(schedulesFigure(), { width: FIGURE_WIDTH });
 */
export function schedulesFigure(): Record<string, unknown> {
  const clr = { baseLr: 0.001, maxLr: 0.006, stepSizeUp: 500 };
  const cyclicPanel = panel('cyclic: base 0.001, max 0.006, stepSizeUp 500', 'learning rate', [
    { name: 'triangular', schedule: cyclic(clr), steps: 4001 },
    { name: 'triangular2', schedule: cyclic({ ...clr, mode: 'triangular2' }), steps: 4001 },
    { name: 'exp_range, gamma 0.9996', schedule: cyclic({ ...clr, mode: 'exp_range', gamma: 0.9996 }), steps: 4001 },
  ]);
  const total = 1000;
  const oneCyclePanel = panel('oneCycle: maxLr 0.1, 1000 steps (lr)', 'learning rate', [
    { name: 'cos (default)', schedule: oneCycle({ maxLr: 0.1, totalSteps: total }), steps: total },
    { name: 'linear', schedule: oneCycle({ maxLr: 0.1, totalSteps: total, annealStrategy: 'linear' }), steps: total },
    { name: 'threePhase', schedule: oneCycle({ maxLr: 0.1, totalSteps: total, threePhase: true }), steps: total },
  ]);
  const momentumPanel = panel('oneCycleMomentum: 0.95 -> 0.85 -> 0.95 (same steps)', 'momentum / beta1', [
    { name: 'cos (default)', schedule: oneCycleMomentum({ totalSteps: total }), steps: total },
    { name: 'threePhase', schedule: oneCycleMomentum({ totalSteps: total, threePhase: true }), steps: total },
  ]);
  const cosinePanel = panel('cosine and SGDR (warmRestarts): 0.1 -> 0', 'learning rate', [
    { name: 'cosine, 1500 steps', schedule: cosine({ start: 0.1, end: 0, steps: 1500 }), steps: 1501 },
    { name: 'warmRestarts, period 100, x2', schedule: warmRestarts({ max: 0.1, period: 100, multiplier: 2 }), steps: 1501 },
  ]);
  const familiesPanel = panel('torch.stepLR, keras.cosineDecay (warm-up), transformers.wsd', 'learning rate', [
    { name: 'torch.stepLR', schedule: torch.stepLR({ lr: 0.1, stepSize: 400, gamma: 0.5 }), steps: 1500 },
    { name: 'keras.cosineDecay', schedule: keras.cosineDecay({ initialLearningRate: 0, decaySteps: 1350, warmupTarget: 0.1, warmupSteps: 150 }), steps: 1500 },
    { name: 'transformers.wsdSchedule', schedule: transformers.wsdSchedule({ lr: 0.1, numWarmupSteps: 150, numDecaySteps: 450, numTrainingSteps: 1500 }), steps: 1500 },
  ]);
  const warmupPanel = panel('transformers.*ScheduleWithWarmup, inverseSqrtSchedule', 'learning rate', [
    { name: 'linear', schedule: transformers.linearScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 150, numTrainingSteps: 1500 }), steps: 1500 },
    { name: 'hard restarts x3', schedule: transformers.cosineWithHardRestartsScheduleWithWarmup({ lr: 0.1, numWarmupSteps: 150, numTrainingSteps: 1500, numCycles: 3 }), steps: 1500 },
    { name: 'inverse sqrt', schedule: transformers.inverseSqrtSchedule({ lr: 0.1, numWarmupSteps: 150 }), steps: 1500 },
  ]);
  // Each panel keeps its own colours and legend rather than one legend for all sixteen series; the
  // resolve has to be repeated at every concat level.
  const resolve = { scale: { color: 'independent' }, legend: { color: 'independent' } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    vconcat: [
      { hconcat: [cyclicPanel, oneCyclePanel], resolve },
      { hconcat: [cosinePanel, momentumPanel], resolve },
      { hconcat: [familiesPanel, warmupPanel], resolve },
    ],
    resolve,
    spacing: 24,
    config: {
      view: { stroke: '#888888' },
      legend: { orient: 'top', direction: 'horizontal', labelFontSize: 11, labelLimit: 260, symbolType: 'stroke' },
      title: { fontSize: 13 },
    },
  };
}

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const out = resolve(process.argv[2] ?? resolve(here, '../docs/img/schedules.png'));
  const png = await renderPng(schedulesFigure(), { width: FIGURE_WIDTH });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, png);
  console.log(`${out}: ${png.length} bytes`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
