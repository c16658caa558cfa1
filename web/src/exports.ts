// The page's exports: the schedule (JSON / TypeScript copy, CSV, PNG, SVG) and the range-test curve
// in the library's file formats. Heavy modules (io, the vega-lite renderer) load on first use.
import type { FindLearningRateResult } from 'lrkit/tfjs';
import { curveCsv, sampleDesign, type Design } from './designer.js';
import { curveToCsv, curveToJson, toEngine, type Engine } from 'lrkit';
import { byId } from './form.js';
import type { ScheduleCurve } from './scheduleChart.js';

/** The last finished run (complete or stopped), for the curve downloads. */
export interface LastRun {
  result: FindLearningRateResult;
  settings: { data: string; hidden: number[]; optimizer: string; batchSize: number };
  /** What ran, for file names: `mnist-momentum`, `iris-my-model-adam`. */
  label: string;
  backend: string;
}

/** What the exports read when a button is pressed. */
export interface ExportState {
  design: Design | undefined;
  curve: ScheduleCurve | undefined;
  lastRun: LastRun | undefined;
}

export function setExportsEnabled(on: boolean): void {
  for (const id of ['copy-json', 'copy-ts', 'copy-engine', 'download-csv', 'download-png', 'download-svg']) byId<HTMLButtonElement>(id).disabled = !on;
  for (const id of ['spec-json', 'spec-ts', 'spec-engine', 'schedule-chart']) byId(id).style.opacity = on ? '' : '0.35';
}

export function setCurveDownloadsEnabled(on: boolean): void {
  for (const id of ['download-curve-csv', 'download-curve-json']) byId<HTMLButtonElement>(id).disabled = !on;
}

/** File name of the range-test downloads, e.g. `lrkit-range-test-mnist-momentum.csv`. */
function curveFileBase(run: LastRun): string {
  return `lrkit-range-test-${run.label.replace(/[^\w.-]+/g, '_')}`;
}

/** Saves `blob` as a file named `name` (a click on a temporary link). */
export function download(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

async function copy(id: string): Promise<void> {
  const status = byId('copy-status');
  try {
    await navigator.clipboard.writeText(byId(id).textContent ?? '');
    status.textContent = 'Copied.';
  } catch (e) {
    status.textContent = `Copy failed (${(e as Error).message}); select the text instead.`;
  }
}

function fileBase(design: Design | undefined): string {
  return `lrkit-${design?.policy ?? 'schedule'}`;
}

/** Wires every export button; `state()` gives the current design, schedule curve and run. */
export function wireExports(state: () => ExportState, onError: (message: string) => void): void {
  byId('copy-json').addEventListener('click', () => void copy('spec-json'));
  byId('copy-ts').addEventListener('click', () => void copy('spec-ts'));
  byId('copy-engine').addEventListener('click', () => void copy('spec-engine'));
  byId('download-csv').addEventListener('click', () => {
    const { design, curve } = state();
    // The preview may be sampled; the file has every step.
    if (design && curve) download(`${fileBase(design)}.csv`, new Blob([curveCsv(sampleDesign(design), design.stepsPerEpoch)], { type: 'text/csv' }));
  });
  // The range-test curve in the library's file formats (what `lrkit find` writes and `lrkit analyze` reads).
  byId('download-curve-csv').addEventListener('click', () => {
    const run = state().lastRun;
    if (!run) return;
    try {
      download(`${curveFileBase(run)}.csv`, new Blob([curveToCsv(run.result)], { type: 'text/csv' }));
    } catch (e) {
      onError(`Download failed: ${(e as Error).message}`);
    }
  });
  byId('download-curve-json').addEventListener('click', () => {
    const run = state().lastRun;
    if (!run) return;
    const { suggestions, ...curve } = run.result;
    const { data, hidden, optimizer, batchSize } = run.settings;
    try {
      // The run's settings ride along as extra keys, as in `lrkit find`'s curve.json.
      const withSettings = { ...curve, data, hidden, optimizer, batchSize, backend: run.backend };
      download(`${curveFileBase(run)}.json`, new Blob([curveToJson(withSettings, suggestions)], { type: 'application/json' }));
    } catch (e) {
      onError(`Download failed: ${(e as Error).message}`);
    }
  });
  byId('download-png').addEventListener('click', () => {
    const { design, curve } = state();
    if (!design || !curve) return;
    import('./svg.js')
      .then(({ schedulePng }) => schedulePng(curve, design.stepsPerEpoch, design.policy))
      .then(
        (png) => download(`${fileBase(design)}.png`, png),
        (e: Error) => (byId('copy-status').textContent = e.message),
      );
  });
  byId('download-svg').addEventListener('click', () => {
    const { design, curve } = state();
    if (!design || !curve) return;
    const { stepsPerEpoch, policy } = design;
    import('./svg.js')
      .then(({ scheduleSvg }) => scheduleSvg(curve, stepsPerEpoch, policy))
      .then(
        (svg) => download(`${fileBase(design)}.svg`, new Blob([svg], { type: 'image/svg+xml' })),
        (e: Error) => (byId('copy-status').textContent = e.message),
      );
  });
}

/**
 * Shows the design as code for the engine picked next to it (toEngine, with the design's length
 * as `steps`), or why that engine cannot run it exactly; the Copy button follows.
 *
 * @example
 * showEngineCode(design); // #spec-engine: "def make_scheduler(optimizer): ..."
 */
export function showEngineCode(design: Design): void {
  const engine = byId<HTMLSelectElement>('engine').value as Engine;
  const out = byId('spec-engine');
  // PyTorch cycles momentum in the same scheduler; the other engines take the rate alone.
  const momentum = engine === 'pytorch' ? design.spec.momentum : undefined;
  byId('engine-note').textContent = design.spec.momentum && !momentum
    ? `The learning rate only: ${engine === 'deepspeed' ? 'DeepSpeed' : engine === 'keras' ? 'Keras' : 'optax'} cannot schedule momentum beside it (PyTorch can).`
    : '';
  try {
    out.textContent = toEngine(design.spec.lr, engine, { steps: design.totalSteps, ...(momentum ? { momentum } : {}) });
    out.dataset.exact = 'true';
    byId<HTMLButtonElement>('copy-engine').disabled = false;
  } catch (e) {
    out.textContent = `Not written: ${(e as Error).message.replace(/^toEngine: /, '')}`;
    out.dataset.exact = 'false';
    byId<HTMLButtonElement>('copy-engine').disabled = true;
  }
}
