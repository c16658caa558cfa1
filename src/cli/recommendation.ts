// How the CLI says the answer (an Analysis from analyzeCurve): the headline first, what is wrong
// (first when confidence is low), one line per use, the commands that use it; then the terminal
// chart of the curve the rules read; fastai's rules only with --all-rules.
import { type Analysis, describeLength, type Engine, fmtRate, fromSpec, toEngine } from '../index.js';
import { asciiCurve, downsampleIndices, type PlotSuggestion } from '../report/index.js';
import { chartWidth, type Io } from './common.js';
import type { RefineResult } from '../tfjs/index.js';

/** `1 epoch`, `4 epochs`, `2.5 epochs`. */
export const plural = (n: number, word: string): string => `${Number(n.toPrecision(4))} ${word}${n === 1 ? '' : 's'}`;

/** The uses a recommendation gives, as `--use` names them. */
export const USES = ['oneCycle', 'constant', 'cyclic'] as const;
/** One of {@link USES}. */
export type Use = (typeof USES)[number];

/**
 * Prints the answer: the headline (one line to copy), the warnings first when confidence is low,
 * one line per use (with the schedule's length), the next commands, then the other warnings.
 *
 * @example
 * printAnswer(io, result.analysis, ['lrkit train --policy one-cycle --max-lr 1.2e-1']);
 */
export function printAnswer(io: Io, a: Analysis, next: readonly string[]): void {
  const r = a.recommendation;
  const low = r.confidence === 'low';
  io.out(a.headline);
  const warn = () => r.warnings.forEach((w) => io.out(`  ! ${w.code}: ${w.message}`));
  if (low) warn();
  // One line per use, the surer first: name, value, its confidence, the rule.
  const line = (name: string, value: string, confidence: string, rule: string) => io.out(`  ${name.padEnd(9)} ${value.padEnd(22)} ${confidence.padEnd(7)}${rule}`);
  const over = a.length ? ` over ${describeLength(a.length)}` : '';
  if (r.oneCycle) line('oneCycle', `peak ${fmtRate(r.oneCycle.maxLr)}`, r.oneCycle.confidence, `${r.oneCycle.rule}${over}`);
  if (r.constant) line('constant', fmtRate(r.constant.lr), r.constant.confidence, r.constant.rule);
  if (r.cyclic) {
    const half = a.schedules.cyclic?.spec && 'stepSizeUp' in a.schedules.cyclic.spec ? `, half cycle ${String(a.schedules.cyclic.spec.stepSizeUp)} steps` : '';
    line('cyclic', `${fmtRate(r.cyclic.baseLr)} .. ${fmtRate(r.cyclic.maxLr)}`, r.cyclic.confidence, `${r.cyclic.rule}${half}`);
  }
  if (r.constant) io.out(`  ! constant: ${r.constant.caveat}`);
  if (!low) warn();
  if (next.length) {
    io.out('next:');
    for (const n of next) io.out(`  ${n}`);
  }
}

/**
 * The terminal chart of the curve the rules read (the centred curve; the median of several runs),
 * the recommendation's rates marked ◆, and fastai's rules (●) only when `allRules`.
 *
 * @example
 * printChart(io, result.analysis, { allRules: false, yTitle: 'loss' });
 */
export function printChart(io: Io, a: Analysis, o: { allRules: boolean; yTitle: string }): void {
  const lead = a.median ?? a.curves[0];
  const marks: PlotSuggestion[] = a.markers.map((m) => ({ name: m.use === 'constant' ? 'constant' : 'one-cycle peak', lr: m.lr, recommended: true }));
  if (o.allRules && a.fastai) marks.push(...fastaiList(a).map((s) => ({ name: `fastai ${s.name}`, lr: s.lr })));
  io.out(`\ny: ${o.yTitle}, centred (what the rules read)${a.median ? `, median of ${a.curves.length} runs` : ''}`);
  // A terminal has ~100 columns: a long curve is reduced (keeping each bucket's min and max) first.
  const keep = downsampleIndices(lead?.centred ?? [], 4000);
  try {
    io.out(asciiCurve({ lrs: keep.map((i) => lead.lrs[i]), losses: keep.map((i) => lead.centred[i]) }, marks, { metric: a.metric, width: chartWidth(io) }));
  } catch (e) {
    // a curve without 2 finite values: the answer above still stands
    io.out(`(no chart: ${(e as Error).message})`);
  }
  if (o.allRules) printRules(io, a);
}

function fastaiList(a: Analysis): { name: string; lr: number }[] {
  if (!a.fastai) return [];
  const { valley, steep, minimum, slide } = a.fastai;
  return [valley, steep, minimum, ...(slide ? [slide] : [])];
}

// One line of what each of fastai's rules reads (docs/finder.md), on a loss or an accuracy.
const RULE_USE: Record<'loss' | 'higher-is-better', Record<string, string>> = {
  loss: {
    valley: "fastai's default: the middle of the longest descent",
    steep: 'the steepest fall of the smoothed loss',
    minimum: 'the smoothed minimum / 10',
    slide: 'the slide rule',
  },
  'higher-is-better': {
    valley: "fastai's default: the middle of the longest rise of the accuracy",
    steep: 'the fastest rise of the smoothed accuracy',
    minimum: 'the smoothed best accuracy / 10',
    slide: 'the slide rule',
  },
};

/** fastai's four rules, exact, labelled as fastai's (--all-rules). */
function printRules(io: Io, a: Analysis): void {
  const list = fastaiList(a);
  if (list.length === 0) return;
  io.out(`\nfastai's rules${a.median ? ' (median over the runs)' : ''}, for comparison; lrkit's answer is the one above:`);
  for (const s of list) io.out(`  ${s.name.padEnd(9)} ${fmtRate(s.lr).padEnd(22)} ${RULE_USE[a.metric][s.name] ?? ''}`);
}

/**
 * One recommended use as code for another engine (`--export`), over the analysis's length.
 * Throws an Error saying why when the use has no answer or no length is known.
 *
 * @example
 * const { file, code } = exportAnswer(analysis, 'oneCycle', 'pytorch');
 */
export function exportAnswer(a: Analysis, use: Use, engine: Engine): { file: string; code: string } {
  const sched = a.schedules[use];
  if (!sched || !a.length) {
    const have = USES.filter((u) => a.schedules[u]).join(', ') || 'none';
    throw new Error(`the recommendation gives no ${use} schedule to export (it gives: ${have}${a.length ? '' : '; the training length is unknown'})`);
  }
  const momentum = sched.momentum && engine === 'pytorch' ? { momentum: fromSpec(sched.momentum) } : {};
  const code = toEngine(fromSpec(sched.spec), engine, { steps: a.length.totalSteps, ...momentum });
  return { file: engine === 'deepspeed' ? 'ds_config.scheduler.json' : 'schedule.py', code };
}

/**
 * Prints the refine stage's evidence: each candidate's validation loss per round, the best for a
 * short run, and the short-horizon caveat.
 *
 * @example
 * printRefine(io, refined);
 */
export function printRefine(io: Io, r: RefineResult): void {
  io.out(`\nrefine (${r.steps} steps, validation loss after each round; successive halving${r.aborted ? '; interrupted' : ''}):`);
  for (const c of r.candidates) {
    const rounds = c.rounds.map((x) => `${Number.isFinite(x.score) ? x.score.toPrecision(4) : 'diverged'} after ${x.steps}`).join(', ');
    const best = r.winner && c.lr === r.winner.lr ? '   <- best' : '';
    io.out(`  ${c.source.padEnd(9)} ${fmtRate(c.lr).padEnd(9)} ${rounds || 'not run'}${best}`);
  }
  if (r.winner) io.out(`  best for a short run: ${fmtRate(r.winner.lr)} (${r.winner.source}); ${r.note}`);
}
