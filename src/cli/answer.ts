// The curve → plot → report → stdout pipeline of `find` and `analyze`, written once: both render
// the same Analysis the same way, and neither recomputes an answer.
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { type Analysis, type Engine, ENGINES, fmtRate, jsonParts, jsonText, LR_FREE_SUITE, lrFreeLine } from '../index.js';
import { htmlReport, lrFinderPlot } from '../report/index.js';
import { inlineRenderer, type Renderer } from './renderer.js';
import { oneOf } from './errors.js';
import { exportAnswer, printAnswer, printChart, printRefine, USES, type Use } from './recommendation.js';
import type { Io } from './common.js';
import type { RefineResult } from '../tfjs/index.js';

/** The file `--export <engine>` writes. @example exportFileOf('deepspeed') // 'ds_config.scheduler.json' */
export const exportFileOf = (engine: Engine): string => (engine === 'deepspeed' ? 'ds_config.scheduler.json' : 'schedule.py');

/** The parsed form of {@link addAnswerOptions}' flags, for a command's zod schema. */
export const answerFields = { allRules: z.boolean(), showEma: z.boolean(), export: oneOf(ENGINES).optional(), use: oneOf(USES) };

/** The flags of how `find` and `analyze` show and export their answer. @example addAnswerOptions(program.command('analyze')) */
export function addAnswerOptions(cmd: Command): Command {
  return cmd
    .option('--all-rules', "also show fastai's four rules (valley, steep, minimum, slide), labelled as fastai's", false)
    .option('--show-ema', "also draw the moving average (the range test's EMA) on the plot", false)
    .option('--export <engine>', `write the recommended schedule for ${ENGINES.join(', ')} (schedule.py / ds_config.scheduler.json)`)
    .option('--use <use>', `which recommended schedule --export writes: ${USES.join(', ')}`, 'oneCycle');
}

/** The files of each command: find's curve.json / plot / report.html, analyze's analysis.*. */
export function answerFiles(kind: 'find' | 'analysis') {
  return kind === 'find'
    ? { json: 'curve.json', svg: 'plot.svg', png: 'plot.png', html: 'report.html' }
    : { json: 'analysis.json', svg: 'analysis.svg', png: 'analysis.png', html: 'analysis.html' };
}

/** What {@link writeAnswer} needs besides the analysis. */
export interface AnswerOutput {
  analysis: Analysis;
  kind: 'find' | 'analysis';
  title: string;
  /** The measured value's name: loss, accuracy. */
  yTitle: string;
  /** One line on what was read or run (points, steps, stop reason, seconds). */
  summary: string;
  /** Fields of the JSON file and of the `--json` summary besides the answer. */
  curveJson: Record<string, unknown>;
  curve: { lrs: readonly number[]; losses: readonly number[]; smoothed?: readonly number[] };
  fonts: string[] | undefined;
  /** Where the plot is drawn (default: on this thread; analyze of a long log: a worker thread). */
  renderer?: Renderer;
  json: boolean;
  allRules: boolean;
  showEma: boolean;
  use: Use;
  export?: Engine;
  /** `lrkit train ...` flags that repeat find's model and data (find only). */
  trainHint?: string;
  meta: Record<string, string | number | boolean | null | undefined>;
  /** find --refine: the stage's evidence, printed under the answer. */
  refine?: RefineResult;
  /** Printed after the chart (find --runs: the spread table). */
  after?: () => void;
  partial?: boolean;
}

/** The output writer of cli/outputs.ts, as far as this module uses it. */
interface Out {
  paths: Map<string, string>;
  rescued: string[];
  write(name: string, data: string | Uint8Array | readonly string[]): Promise<unknown>;
}

/** The commands that use the answer: train at it (find), export it for another engine. */
function nextCommands(a: AnswerOutput, jsonPath: string): string[] {
  const next: string[] = [];
  const peak = a.analysis.recommendation.oneCycle?.maxLr;
  if (a.trainHint !== undefined && peak !== undefined) next.push(`lrkit train --policy one-cycle --max-lr ${fmtRate(peak)} ${a.trainHint}`.trimEnd());
  if (a.analysis.schedules.oneCycle || a.analysis.schedules.constant) {
    next.push(`lrkit schedule --spec ${jsonPath} --export pytorch${a.use === 'oneCycle' ? '' : ` --use ${a.use}`}`);
  }
  return next;
}

/**
 * Writes the JSON file, the plot (SVG, PNG when fonts were found) and the HTML report of an
 * analysis, `--export`'s code when asked, then prints the answer first, the chart, and the files.
 * Returns the exit code (130 partial; 1 when a file had to be rescued elsewhere or the asked-for
 * export cannot express the schedule; else 0).
 *
 * @example
 * return writeAnswer(io, out, { analysis, kind: 'analysis', ... });
 */
export async function writeAnswer(io: Io, out: Out, o: AnswerOutput): Promise<number> {
  const a = o.analysis;
  const names = answerFiles(o.kind);
  let exported: { file: string; code: string } | undefined;
  let exportError: string | undefined;
  if (o.export) {
    try {
      exported = exportAnswer(a, o.use, o.export);
    } catch (e) {
      // The results are still written and the command fails (exit 1): the export is what is missing.
      exportError = (e as Error).message.replace(/^toEngine: /, '');
      io.err(`lrkit: --export ${o.export} not written: ${exportError}`);
    }
  }
  const answer = {
    headline: a.headline, recommendation: a.recommendation, recommended: a.schedules, length: a.length,
    fastai: a.fastai, markers: a.markers,
  };
  // The plot is drawn while the JSON is written (in parallel when the renderer is a worker).
  const plotted = (a.curves[0]?.lrs.length ?? 0) >= 2;
  const drawing = plotted
    ? (o.renderer ?? inlineRenderer).render(lrFinderPlot({
      analysis: a, title: o.title, metric: a.metric, showEma: o.showEma,
      ...(o.allRules && a.fastai ? { suggestions: a.fastai } : {}),
    }) as unknown as Record<string, unknown>, o.fonts ? { width: 1200, fontFiles: o.fonts } : undefined)
    : undefined;
  drawing?.catch(() => {}); // awaited below; a failure must not count as unhandled meanwhile
  // In parts: a 1e6-point file is ~80 MB of text, never held as one string.
  await out.write(names.json, [...jsonParts({
    ...o.curveJson, ...answer,
    lrs: o.curve.lrs, losses: o.curve.losses, ...(o.curve.smoothed ? { smoothed: o.curve.smoothed } : {}),
    centred: a.curves[0]?.centred ?? [],
  }), '\n']);
  let svg: string | undefined;
  if (drawing) {
    const drawn = await drawing;
    svg = drawn.svg;
    await out.write(names.svg, svg);
    if (drawn.png) await out.write(names.png, drawn.png);
  } else {
    io.err(`only ${a.curves[0]?.lrs.length ?? 0} point(s) recorded: no plot`);
  }
  const jsonPath = out.paths.get(names.json)!;
  const rel = path.relative(process.cwd(), jsonPath);
  const next = nextCommands(o, rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : jsonPath);
  await out.write(names.html, htmlReport({
    analysis: a, result: o.curve, title: o.title, next, ...(svg ? { svg } : {}), meta: o.meta,
    ...(o.allRules && a.fastai ? { suggestions: a.fastai } : {}),
  }));
  if (exported) await out.write(exported.file, exported.code);
  const files = [...out.paths.entries()].filter(([name]) => (svg || !/\.(svg|png)$/.test(name)) && (exported || !/schedule\.py|ds_config/.test(name))).map(([, p]) => p);
  const code = o.partial ? 130 : out.rescued.length > 0 || exportError !== undefined ? 1 : 0;
  if (o.json) {
    const exportInfo = exported ? { export: { engine: o.export, file: exported.file } } : exportError ? { export: { engine: o.export, error: exportError } } : {};
    io.out(jsonText({ ...o.curveJson, ...answer, ...exportInfo, files }));
    return code;
  }
  printAnswer(io, a, next);
  // find trains in TF.js, where `lrkit train --optimizer prodigy` is the alternative the suite measured.
  if (o.kind === 'find' && next.length) io.out(`  ${lrFreeLine(`lrkit train --optimizer ${LR_FREE_SUITE.peer}`)}`);
  if (o.refine) printRefine(io, o.refine);
  io.out(`\n${o.summary}`);
  printChart(io, a, { allRules: o.allRules, yTitle: o.yTitle });
  o.after?.();
  if (exported) io.out(`\n${o.export} (${o.use}):\n${exported.code.trimEnd()}`);
  io.out(`\nwrote ${files.join(', ')}`);
  return code;
}
