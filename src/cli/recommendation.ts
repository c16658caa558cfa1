// The recommendation as the CLI shows and writes it: printed first, turned into schedule specs
// for curve.json / analysis.json and the report, and the fastai rules listed under "other rules".
import { constant, cyclic, oneCycle, oneCycleMomentum, toSpec, type ScheduleSpec } from '../schedules/index.js';
import { MIN_POINTS, suggest, type Recommendation, type SuggestionSet } from '../suggestions/index.js';
import type { PlotSuggestion } from '../report/suggestions.js';
import { suggestionList } from '../report/suggestions.js';
import { asciiCurve } from '../report/ascii.js';
import { chartWidth, fmtLr, type Io } from './common.js';

/** `1 epoch`, `4 epochs`, `2.5 epochs`. */
export const plural = (n: number, word: string): string => `${Number(n.toPrecision(4))} ${word}${n === 1 ? '' : 's'}`;

/** Schedule specs built from a recommendation, with one sentence each. */
export interface RecommendedSchedules {
  itersPerEpoch: number;
  constant?: { spec: ScheduleSpec; note: string };
  cyclic?: { spec: ScheduleSpec; note: string };
  oneCycle?: { spec: ScheduleSpec; momentum: ScheduleSpec; note: string };
}

/**
 * The recommendation as JSON schedule specs: a constant rate, triangular between its cyclic
 * bounds with its half cycle (`itersPerEpoch` x 4 epochs when it has none), one-cycle to its maxLr
 * over `epochs`. Answers the recommendation does not give are left out.
 *
 * @example
 * recommendedSchedules(recommend(result, { itersPerEpoch: 937 }), { itersPerEpoch: 937, epochs: 10 }).cyclic?.spec;
 */
export function recommendedSchedules(rec: Recommendation, o: { itersPerEpoch: number; epochs: number }): RecommendedSchedules {
  const out: RecommendedSchedules = { itersPerEpoch: o.itersPerEpoch };
  const sure = rec.confidence === 'high' ? '' : ` (confidence ${rec.confidence})`;
  if (rec.constant) {
    out.constant = { spec: toSpec(constant(rec.constant.lr)), note: `constant ${fmtLr(rec.constant.lr)}${sure}: ${rec.constant.rule}` };
  }
  if (rec.cyclic) {
    const stepSizeUp = rec.cyclic.stepSizeUp ?? 4 * o.itersPerEpoch;
    out.cyclic = {
      spec: toSpec(cyclic({ baseLr: rec.cyclic.baseLr, maxLr: rec.cyclic.maxLr, stepSizeUp, mode: 'triangular' })),
      note: `triangular between ${fmtLr(rec.cyclic.baseLr)} and ${fmtLr(rec.cyclic.maxLr)}, half cycle ${stepSizeUp} steps (${plural(stepSizeUp / o.itersPerEpoch, 'epoch')} of ${o.itersPerEpoch})${sure}: ${rec.cyclic.rule}`,
    };
  }
  if (rec.oneCycle) {
    const totalSteps = rec.oneCycle.options.totalSteps ?? o.epochs * o.itersPerEpoch;
    out.oneCycle = {
      spec: toSpec(oneCycle({ maxLr: rec.oneCycle.maxLr, totalSteps })),
      momentum: toSpec(oneCycleMomentum({ totalSteps })),
      note: `one-cycle to ${fmtLr(rec.oneCycle.maxLr)} over ${totalSteps} steps${sure}: ${rec.oneCycle.rule}`,
    };
  }
  return out;
}

/**
 * fastai's rules on the curve (each is exact fastai), or undefined when the curve is too short
 * for them. Any other problem with the curve is an error the caller must see, not "too short".
 *
 * @example
 * suggestionsFor(result)?.valley.lr;
 */
export function suggestionsFor(result: Parameters<typeof suggest.all>[0]): SuggestionSet | undefined {
  let n = 0;
  while (n < result.lrs.length && Number.isFinite(result.losses[n]) && (result.smoothed === undefined || Number.isFinite(result.smoothed[n]))) n++;
  return n >= 2 ? suggest.all(result) : undefined;
}

/**
 * What the plot and the report mark: the recommendation first (drawn solid), then the rules.
 *
 * @example
 * lrFinderPlot({ runs, suggestions: markers(rec, suggestionsFor(result)) });
 */
export function markers(rec: Recommendation, rules: SuggestionSet | PlotSuggestion[] | undefined): PlotSuggestion[] {
  const own: PlotSuggestion[] = [];
  if (rec.constant) own.push({ name: 'recommended', lr: rec.constant.lr, recommended: true });
  if (rec.oneCycle) own.push({ name: 'one-cycle max', lr: rec.oneCycle.maxLr, recommended: true });
  return [...own, ...suggestionList(rules)];
}

/**
 * Prints the recommendation: when confidence is low, what is wrong comes first; then one line
 * per use, then the other warnings.
 *
 * @example
 * printRecommendation(io, recommend(result));
 */
export function printRecommendation(io: Io, rec: Recommendation, what = 'recommendation'): void {
  const low = rec.confidence === 'low';
  const runs = rec.runs ? `, median of ${rec.runs.count} runs` : '';
  io.out(`\n${what} (confidence: ${rec.confidence}${runs}):`);
  if (low) for (const w of rec.warnings) io.out(`  ! ${w.code}: ${w.message}`);
  const line = (name: string, value: string, rule: string) => io.out(`  ${name.padEnd(9)} ${value.padEnd(20)} ${rule}`);
  if (rec.constant) line('constant', fmtLr(rec.constant.lr), rec.constant.rule);
  if (rec.oneCycle) line('oneCycle', `maxLr ${fmtLr(rec.oneCycle.maxLr)}`, rec.oneCycle.rule);
  if (rec.cyclic) {
    const step = rec.cyclic.stepSizeUp === null ? '' : `, stepSizeUp ${rec.cyclic.stepSizeUp}`;
    line('cyclic', `${fmtLr(rec.cyclic.baseLr)} .. ${fmtLr(rec.cyclic.maxLr)}`, `${rec.cyclic.rule}${step}`);
  }
  if (!rec.constant && !rec.oneCycle && !rec.cyclic) {
    io.out(`  no rate can be recommended from this curve (needs a descent over at least ${MIN_POINTS} points): fix what the warnings say and run again`);
  }
  if (!low) for (const w of rec.warnings) io.out(`  ! ${w.code}: ${w.message}`);
}

/**
 * The HTML report's recommended specs and their notes, from {@link recommendedSchedules}.
 *
 * @example
 * htmlReport({ result, svg, ...reportRecommendations(recommendedSchedules(rec, o)) });
 */
export function reportRecommendations(rec: RecommendedSchedules) {
  return {
    recommended: {
      ...(rec.constant ? { constant: rec.constant.spec } : {}),
      ...(rec.cyclic ? { cyclic: rec.cyclic.spec } : {}),
      ...(rec.oneCycle ? { oneCycle: { lr: rec.oneCycle.spec, momentum: rec.oneCycle.momentum } } : {}),
    },
    notes: {
      ...(rec.constant ? { constant: rec.constant.note } : {}),
      ...(rec.cyclic ? { cyclic: rec.cyclic.note } : {}),
      ...(rec.oneCycle ? { oneCycle: rec.oneCycle.note } : {}),
    },
  };
}

/**
 * Print the terminal chart of a curve with its markers, the recommendation, then the other rules
 * (fastai's exact rules; with several runs, the median of each).
 *
 * @example
 * printCurve(io, result, recommend(result), suggestionsFor(result), 'loss', 'smoothed loss');
 */
export function printCurve(
  io: Io,
  curve: { lrs: readonly number[]; losses: readonly number[]; smoothed?: readonly number[] },
  rec: Recommendation,
  rules: SuggestionSet | PlotSuggestion[] | undefined,
  metric: 'loss' | 'accuracy' | 'higher-is-better',
  yTitle: string,
): void {
  io.out(`y: ${yTitle}`);
  try {
    io.out(asciiCurve(curve, markers(rec, rules), { metric, width: chartWidth(io) }));
  } catch (e) {
    // a curve without 2 finite values: the summary lines still follow
    io.out(`(no chart: ${(e as Error).message})`);
  }
  printRecommendation(io, rec);
  if (!rules) return;
  io.out(Array.isArray(rules) ? '\nother rules (median over the runs):' : '\nother rules:');
  const line = (name: string, value: string, use: string): void => io.out(`  ${name.padEnd(9)} ${value.padEnd(20)} ${use}`);
  const accuracy = metric !== 'loss';
  const use = accuracy ? ACCURACY_USE : SUGGESTION_USE;
  for (const m of suggestionList(rules)) line(m.name, fmtLr(m.lr), use[m.name] ?? '');
  if (!Array.isArray(rules)) {
    const best = accuracy ? 'smoothed best accuracy' : 'smoothed minimum';
    line('cyclic', `${fmtLr(rules.cyclicBounds.baseLr)} .. ${fmtLr(rules.cyclicBounds.maxLr)}`, `cyclicBounds: base_lr .. max_lr from the ${best}`);
    line('oneCycle', fmtLr(rules.oneCycle.lr), `oneCycle: ${best} / 3`);
  }
}

// One line of advice per rule, from the measurements in docs/finder.md ("How close do the
// suggestions get to the best learning rate?").
const SUGGESTION_USE: Record<string, string> = {
  minimum: 'fastai minimum: smoothed minimum / 10',
  valley: 'fastai valley (its default): often low',
  steep: 'fastai steep: fastest fall of the smoothed curve',
  slide: 'fastai slide rule',
};
// The same rules read on an accuracy curve (they look at the negated values).
const ACCURACY_USE: Record<string, string> = {
  minimum: 'fastai minimum: smoothed best accuracy / 10',
  valley: 'fastai valley: longest rise of the accuracy',
  steep: 'fastai steep: fastest rise of the smoothed accuracy',
  slide: 'fastai slide rule',
};
