// The schedule designer's panel: reads the form into a design on every change, shows only the
// fields its policy reads, and redraws the preview, the spec, the snippet and the engine code.
import { designSnippet, hasMomentum, PREVIEW_POINTS, readDesign, sampleDesign, type Design } from './designer.js';
import { setExportsEnabled, showEngineCode } from './exports.js';
import { followFields } from './familyPanel.js';
import type { Analysis } from 'lrkit';
import { blowUpRate, peakWarning } from './divergence.js';
import { fmtRate } from 'lrkit';
import { byId } from './form.js';
import { saveSettings } from './persist.js';
import { ScheduleChart, type ScheduleCurve } from './scheduleChart.js';

const scheduleChart = new ScheduleChart(byId('schedule-chart'));
const designerError = byId<HTMLElement>('designer-error');

/** The finder form's batch size (what steps per epoch was computed from), or model.fit's default 32 while it is invalid. */
function snippetBatchSize(): number {
  const v = Number(byId<HTMLInputElement>('batch-size').value);
  return Number.isInteger(v) && v >= 1 ? v : 32;
}

let design: Design | undefined;
let curve: ScheduleCurve | undefined;
/** The analysis of the curve shown in the range test, which a design's peak is compared with. */
let rangeTest: Analysis | undefined;

/** Sets the range test the designer compares its peak with (the curve shown; undefined: none). */
export function setRangeTest(analysis: Analysis | undefined): void {
  rangeTest = analysis;
}

/** The warning beside Max LR: shown while the design's peak is above where the range test blew up. */
function showPeakWarning(peak: number | undefined): void {
  const el = byId<HTMLElement>('max-lr-warning');
  const blowUp = peak === undefined || !rangeTest ? undefined : blowUpRate(rangeTest);
  const text = peak === undefined ? undefined : peakWarning(peak, blowUp);
  el.hidden = text === undefined;
  el.textContent = text ?? '';
  // On the chart too: the line the design crosses, named.
  scheduleChart.setLimit(text && blowUp ? { lr: blowUp.lr, label: `range test blew up at ${fmtRate(blowUp.lr)}` } : undefined);
}

/** What the policy builder noticed (policySpec's notes), under the designer; hidden when there is none. */
function showNotes(notes: string[]): void {
  const el = byId<HTMLElement>('designer-notes');
  el.textContent = notes.join(' ');
  el.hidden = notes.length === 0;
}

/** Reads the designer form and redraws everything it feeds; an invalid design disables the exports. */
export function updateDesign(): void {
  saveSettings(); // every designer change, and every prefill after a result, lands in the URL
  byId('copy-status').textContent = ''; // "Copied." was about the design before this change
  const policy = byId<HTMLSelectElement>('policy').value;
  // Show only the fields the policy reads.
  for (const label of document.querySelectorAll<HTMLElement>('#designer-form label[data-for]')) {
    const f = label.dataset.for;
    const cyclic = policy === 'triangular' || policy === 'triangular2' || policy === 'exp_range';
    label.hidden = !(
      (f === 'cyclic' && cyclic) ||
      f === policy ||
      (f === 'momentum' && hasMomentum(policy as Design['policy']))
    );
  }
  byId<HTMLElement>('min-lr').closest('label')!.hidden = policy === 'one-cycle' || policy === 'family';
  if (policy === 'family') followFields();
  try {
    design = readDesign();
    curve = sampleDesign(design, PREVIEW_POINTS);
  } catch (e) {
    designerError.hidden = false;
    designerError.textContent = (e as Error).message;
    // The chart and exports still show the last valid design: do not let them be exported as if current.
    design = curve = undefined;
    setExportsEnabled(false);
    showNotes([]);
    showPeakWarning(undefined);
    return;
  }
  designerError.hidden = true;
  setExportsEnabled(true);
  scheduleChart.show(curve, design.stepsPerEpoch);
  byId('spec-json').textContent = JSON.stringify(design.spec, null, 2);
  byId('spec-ts').textContent = designSnippet(design, snippetBatchSize());
  showEngineCode(design);
  showNotes(design.notes);
  showPeakWarning(curve.lrs.reduce((a, b) => Math.max(a, b), 0));
  byId('schedule-chart').dataset.policy = design.policy;
  byId('schedule-chart').dataset.points = String(curve.steps.length);
  byId('schedule-note').textContent = (curve.stride ?? 1) > 1
    ? `Showing one point every ${curve.stride} steps of ${design.totalSteps.toLocaleString('en')}; the CSV has every step.`
    : '';
}

/** The design shown (undefined while the form is invalid) and its preview curve. */
export function currentDesign(): { design: Design | undefined; curve: ScheduleCurve | undefined } {
  return { design, curve };
}
