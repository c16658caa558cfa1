// Page glue: the range-test form drives train.ts and the live chart; the recommendation (when it
// is sure enough) prefills the schedule designer, whose preview and exports update on every form change.
import './style.css';
import type { FindLearningRateResult } from 'lrkit/tfjs';
import type { LogSource } from 'lrkit';
import { useBackend } from './backend.js';
import { BUILT_IN_DATA, loadData } from './data.js';
import { eta, formatDuration, throttle } from './timing.js';
import { onCurveFile, openCurveFile, pageCurve } from './curveFile.js';
import { renderRefine } from './refineView.js';
import type { Shown } from './resultView.js';
import { loadCurve, restoreSettings, saveCurve, saveSettings } from './persist.js';
import { setCurveDownloadsEnabled, wireExports } from './exports.js';
import { currentDesign, setRangeTest, updateDesign } from './designerPanel.js';
import { wireFamilies } from './familyPanel.js';
import { fmtLr } from './finderChart.js';
import { byId, FieldError, labelOf, markField, NUMBER_FIELDS, numberProblem, plainMessage } from './form.js';
import { designerBounds } from './suggest.js';
import { prefill, setSuggested, useAsMaxLr } from './prefill.js';
import { ResultView } from './resultView.js';
import { setPlotDownloadsEnabled, wirePlotDownloads } from './plotExports.js';
import { OPTIMIZER_NAMES, runRangeTest } from './train.js';
import { OwnInputs } from './ownPanel.js';
import { runForm, type PageSettings } from './runForm.js';
import { fitUserData, loadUserModel } from './userInputs.js';
import type * as tf from '@tensorflow/tfjs';
import type { ClassificationData } from 'lrkit/data';
import { LR_FREE_OPTIMIZER_NAMES } from 'lrkit/models';

const runButton = byId<HTMLButtonElement>('run');
const stopButton = byId<HTMLButtonElement>('stop');
const progress = byId<HTMLProgressElement>('progress');
const statusEl = byId<HTMLElement>('status');
const backendUsed = byId<HTMLElement>('backend-used');
const view = new ResultView(
  {
    chart: byId('finder-chart'),
    box: byId('recommendation'),
    table: byId<HTMLTableElement>('suggestions'),
    overlays: byId('overlays'),
    ema: byId<HTMLInputElement>('show-ema'),
    fastai: byId<HTMLInputElement>('show-fastai'),
  },
  (lr) => {
    useAsMaxLr(lr);
    updateDesign();
  },
);

// The optimizers the library's createOptimizer knows, momentum first as the default.
// The LR-free ones are listed, not offered: they set their own step size, so a range test has
// nothing to find for them (train with them directly: prodigy() / scheduleFreeAdamW() in lrkit/tfjs).
const lrFree = document.createElement('optgroup');
lrFree.label = 'LR-free: no range test needed (lrkit/tfjs, lrkit train)';
lrFree.append(...LR_FREE_OPTIMIZER_NAMES.map((name) => Object.assign(new Option(name, name), { disabled: true })));
byId<HTMLSelectElement>('optimizer').replaceChildren(
  ...OPTIMIZER_NAMES.map((name) => new Option(name, name, name === 'momentum', name === 'momentum')),
  lrFree,
);

type State = 'idle' | 'loading' | 'running' | 'done' | 'aborted' | 'error';

function setStatus(state: State, text: string, extra: Record<string, string> = {}): void {
  statusEl.dataset.state = state;
  delete statusEl.dataset.field; // set again only when the message is about one field
  for (const [k, v] of Object.entries(extra)) statusEl.dataset[k] = v;
  statusEl.textContent = text;
}

let controller: AbortController | undefined;
/** The last finished run (complete or stopped), for the curve downloads. */
let lastRun: { result: FindLearningRateResult; settings: PageSettings; label: string; backend: string } | undefined;
const own: OwnInputs = new OwnInputs(() => {
  saveSettings();
  recheckRunForm(); // a new table (or none) changes the passes and the largest batch
});
const { readRunSettings, recheckRunForm } = runForm(own, (id) => {
  if (statusEl.dataset.state === 'error' && statusEl.dataset.field === id) setStatus('idle', 'Fixed. Press Run when ready.');
});

/**
 * The data and (the user's) model of a run, checked against each other; a FieldError on the
 * model or data field when they do not fit, before anything on the page is cleared.
 */
async function runInputs(settings: PageSettings, signal: AbortSignal): Promise<{ data: ClassificationData; model?: tf.LayersModel; label: string }> {
  const dataInput = byId<HTMLInputElement>('data-file');
  const modelInput = byId<HTMLInputElement>('model-files');
  // The message at the field, and an error that focuses it.
  const missing = (input: HTMLInputElement, message: string) => (markField(input, message), new FieldError(input.id, message));
  // A file that failed keeps its own message: the run does not fall back to the one read before it.
  if (settings.data === 'file' && !own.data) throw missing(dataInput, own.dataError ?? 'Your data: choose a CSV or JSON file first');
  if (settings.model === 'file' && !own.model) throw missing(modelInput, own.modelError ?? 'Your model: choose model.json and its weight files first');
  setStatus('loading', `Loading ${settings.data === 'file' ? dataInput.files?.[0]?.name ?? 'your data' : settings.data}… (Stop or Escape cancels)`);
  const say = throttle((text) => (statusEl.textContent = text));
  const mb = (b: number) => (b / 1e6).toFixed(1);
  let data = settings.data === 'file' ? own.data! : await loadData(settings.data, {
    signal,
    onProgress: (fraction, bytes, total) => {
      progress.value = fraction;
      say(`Loading ${settings.data}: ${mb(bytes)} of ${mb(total)} MB… (Stop or Escape cancels)`, bytes === total);
    },
  });
  const dataLabel = settings.data === 'file' ? data.name.replace(/\.(csv|json)$/i, '') : settings.data;
  if (settings.model === 'mlp') return { data, label: `${dataLabel}-${settings.optimizer}` };
  const name = own.model!.json.name;
  const model = await loadUserModel(own.model!);
  try {
    data = fitUserData(name, model, data);
  } catch (e) {
    model.dispose();
    throw missing(modelInput, (e as Error).message);
  }
  return { data, model, label: `${dataLabel}-${name.replace(/\.json$/i, '')}-${settings.optimizer}` };
}

async function run(): Promise<void> {
  let settings: ReturnType<typeof readRunSettings>;
  try {
    settings = readRunSettings();
  } catch (e) {
    setStatus('error', (e as Error).message, e instanceof FieldError ? { field: e.field } : {});
    if (e instanceof FieldError) document.getElementById(e.field)?.focus(); // nothing else is cleared
    return;
  }
  controller = new AbortController();
  runButton.disabled = true;
  stopButton.disabled = false;
  let inputs: Awaited<ReturnType<typeof runInputs>> | undefined;
  try {
    setStatus('loading', `Starting the ${settings.backend} backend…`);
    backendUsed.textContent = await useBackend(settings.backend);
    inputs = await runInputs(settings, controller.signal);
    const data = inputs.data;
    // Only now, with inputs that fit, is the last result replaced.
    progress.value = 0;
    lastRun = undefined;
    setCurveDownloadsEnabled(false);
    setPlotDownloadsEnabled(false);
    byId('curve-notes').textContent = ''; // they were about the file shown before
    renderRefine(byId('refine'), undefined);
    const chart = view.beginRun(settings.mode, [settings.startLr, settings.endLr]);
    setStatus('running', `Running ${settings.numIter} iterations…`, { iterations: '0' });
    const started = performance.now();
    // The status is a polite live region: a screen reader should hear it about once a second, not every step.
    const say = throttle((text) => (statusEl.textContent = text));
    const model = inputs.model;
    inputs.model = undefined; // runRangeTest owns it now
    const result = await runRangeTest(data, settings, {
      model,
      signal: controller.signal,
      onIteration: (it) => {
        chart.push(it.lr, it.loss, it.smoothed);
        progress.value = (it.iteration + 1) / it.numIter;
        statusEl.dataset.iterations = String(it.iteration + 1);
        const done = it.iteration + 1;
        say(`Iteration ${done} / ${it.numIter}, lr ${fmtLr(it.lr)}, loss ${it.loss.toFixed(3)}; ${eta(started, done, it.numIter)}`, done === it.numIter);
      },
    });
    const elapsed = performance.now() - started;
    const ms = elapsed / Math.max(1, result.iterations);
    const from = `${inputs.label} on ${backendUsed.textContent ?? settings.backend}`;
    showResult({ label: from, mode: settings.mode, curve: pageCurve(result.lrs, result.losses, result.smoothed, result.stopReason, result.analysis) }, true);
    saveCurve({ lrs: result.lrs, losses: result.losses, smoothed: result.smoothed, from, mode: settings.mode, stopReason: result.stopReason });
    lastRun = { result, settings, label: inputs.label, backend: backendUsed.textContent ?? settings.backend };
    // A curve file needs two points (what `lrkit analyze` and parseCurveCsv accept).
    setCurveDownloadsEnabled(result.lrs.length >= 2);
    const state: State = result.stopReason === 'aborted' ? 'aborted' : 'done';
    setStatus(state, `Stopped: ${result.stopReason} after ${result.iterations} iterations in ${formatDuration(elapsed)} (${ms.toFixed(1)} ms/iteration).`, {
      iterations: String(result.iterations),
      stopReason: result.stopReason,
    });
  } catch (e) {
    if (controller.signal.aborted && !inputs) {
      // Stopped while loading: nothing ran, and the last result is still on the page.
      setStatus('aborted', 'Stopped before the run started (while loading); the last result is kept.', { stopReason: 'cancelled' });
      progress.value = 0;
    } else {
      setStatus('error', plainMessage((e as Error).message), e instanceof FieldError ? { field: e.field } : {});
      if (e instanceof FieldError) document.getElementById(e.field)?.focus();
    }
  } finally {
    inputs?.model?.dispose();
    runButton.disabled = false;
    stopButton.disabled = true;
    controller = undefined;
  }
}

function showResult(shown: Shown, afterRun = false): void {
  view.show(shown, afterRun);
  setRangeTest(shown.curve.analysis); // the designer warns when its peak is above where this curve blew up
  setPlotDownloadsEnabled(true);
  const rec = shown.curve.analysis.recommendation;
  // The designer takes the recommendation only when it is sure enough; the note says which.
  const { bounds, why } = designerBounds(rec);
  byId<HTMLElement>('prefill-note').textContent = bounds ? 'The designer was filled from the recommendation.' : `The designer was not filled: ${why}.`;
  if (bounds) {
    setSuggested(bounds);
    prefillStepsPerEpoch();
    prefill();
  }
  updateDesign();
}

// The last curve file opened: choosing another "Written by" reads it again.
let lastCurveFile: File | undefined;
byId<HTMLSelectElement>('curve-source').addEventListener('change', () => {
  if (lastCurveFile) void openCurve(lastCurveFile);
});

// A curve from a file replaces the page's curve only once it has been read: a bad file keeps what was shown.
async function openCurve(file: File): Promise<void> {
  if (controller) return setStatus('running', 'Stop the run before opening a curve file.');
  setStatus('loading', `Reading ${file.name}…`);
  lastCurveFile = file;
  try {
    const { curve, source, remarks, refine } = await openCurveFile(file, 0.98, byId<HTMLSelectElement>('curve-source').value as LogSource);
    lastRun = undefined;
    setCurveDownloadsEnabled(false);
    showResult({ label: file.name, mode: 'exp', curve });
    saveCurve({ lrs: curve.lrs, losses: curve.losses, smoothed: curve.smoothed, from: file.name, mode: 'exp' });
    // What the reader noticed about the file (its notes and warnings) stays beside the curve.
    byId('curve-notes').textContent = remarks.join(' ');
    renderRefine(byId('refine'), refine);
    setStatus('done', `Opened ${file.name}: ${curve.lrs.length} points (${source}).`, { iterations: String(curve.lrs.length), stopReason: 'file' });
  } catch (e) {
    setStatus('error', plainMessage((e as Error).message));
  }
}

/** Steps per epoch of the data set and batch size in the finder form. */
function prefillStepsPerEpoch(): void {
  const input = byId<HTMLInputElement>('steps-per-epoch');
  if (input.dataset.auto !== undefined && input.value !== input.dataset.auto) return; // typed by the user: keep it
  try {
    const s = readRunSettings();
    const count = s.data === 'file' ? own.data?.count ?? 0 : BUILT_IN_DATA[s.data].count;
    if (count === 0) return;
    input.value = input.dataset.auto = String(Math.ceil(count / s.batchSize));
  } catch {
    // keep the designer's own value when the finder form is half-edited
  }
}

byId('finder-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void run();
});
stopButton.addEventListener('click', () => controller?.abort());
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && controller) controller.abort();
});
onCurveFile(byId<HTMLInputElement>('curve-file'), byId('finder'), (file) => void openCurve(file));
byId('designer-form').addEventListener('input', updateDesign);
byId('batch-size').addEventListener('input', updateDesign); // the snippet's batchSize
byId('designer-form').addEventListener('change', updateDesign);
byId('engine').addEventListener('change', updateDesign);
wireFamilies(updateDesign);
byId('policy').addEventListener('change', () => {
  prefill(true);
  updateDesign();
});
wireExports(() => ({ ...currentDesign(), lastRun }), (message) => setStatus('error', message));
wirePlotDownloads(() => view.shown, (message) => setStatus('error', message));

byId('finder-form').addEventListener('input', saveSettings);
byId('finder-form').addEventListener('change', saveSettings);
byId('finder-form').addEventListener('input', recheckRunForm);
byId('finder-form').addEventListener('change', recheckRunForm);

// A reload (or a shared link) brings back the last curve, then the settings in the URL, which win
// over what the curve's recommendation would prefill.
const shared = location.search; // read first: showing the curve rewrites the URL
const saved = loadCurve();
if (saved) {
  showResult({ label: saved.from, mode: saved.mode, curve: pageCurve(saved.lrs, saved.losses, saved.smoothed, saved.stopReason) });
  setStatus('done', `Restored the last curve (${saved.from}): ${saved.lrs.length} points.`, { iterations: String(saved.lrs.length), stopReason: 'restored' });
}
// A link's values are checked as typed ones: a bad number is not put into its field, and a note says so.
const ignored = restoreSettings(shared, (el, value) => {
  const bounds = NUMBER_FIELDS[el.id];
  return bounds ? numberProblem(labelOf(el), value.trim(), bounds) : undefined;
});
const linkNote = byId<HTMLElement>('link-note');
linkNote.hidden = ignored.length === 0;
linkNote.textContent = ignored.length ? `Ignored from the link: ${ignored.join('; ')}.` : '';
recheckRunForm();
updateDesign();
