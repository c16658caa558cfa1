// One self-contained HTML report: inline SVG chart, suggestions, recommended schedules, metadata.
import { assertCurve, type CurveLike } from '../io/curve.js';
import type { Recommendation } from '../suggestions/recommend.js';
import { formatLr } from './scales.js';
import { suggestionList, type SuggestionsInput } from './suggestions.js';

/**
 * Input of {@link htmlReport}. `result` is a RangeTestResult (or any curve), `svg` the chart from
 * `renderSvg(lrFinderPlot(...))`, `recommended` the schedule JSON specs to copy into training code.
 *
 * @example
 * const input: HtmlReportInput = { result, suggestions: suggest.all(result), svg, recommended: { cyclic, oneCycle }, meta: { model: 'mlp' } };
 */
export interface HtmlReportInput {
  result: CurveLike & { stopReason?: string; iterations?: number; metric?: string };
  /** From `recommend(result)`: shown first, with its confidence and warnings; the suggestions follow as "other rules". */
  recommendation?: Recommendation;
  /** A list of `{ name, lr, ... }`, or `suggest.all(result)` itself (every rule is listed, cyclicBounds as base … max). */
  suggestions?: SuggestionsInput;
  /** The chart; when absent (e.g. a curve too short to plot) the page says so instead. */
  svg?: string;
  recommended?: { cyclic?: unknown; oneCycle?: unknown } & Record<string, unknown>;
  /** One sentence per `recommended` key, shown above its spec (e.g. how the bounds were chosen). */
  notes?: Record<string, string>;
  meta?: Record<string, string | number | boolean | null | undefined>;
  title?: string;
}

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<b>&"'); // '&lt;b&gt;&amp;&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Element content only needs &, < and > escaped; leaving quotes alone keeps JSON specs readable.
const escapeText = (text: string) => text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

// JSON inside <script>: escaping '<' keeps '</script>' or '<!--' in strings from ending the block.
const scriptJson = (v: unknown) => JSON.stringify(v, null, 1).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const fmtNum = (v: number | undefined) => (v === undefined ? '' : Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));

const CSS = `body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3em .7em;text-align:left}th{background:#f4f4f4}
td.num{text-align:right;font-variant-numeric:tabular-nums}pre{background:#f6f8fa;padding:1em;overflow:auto}
figure{margin:0}figure svg{max-width:100%;height:auto}
.recommendation{border:2px solid #222;padding:.2em 1em 1em}.confidence-low{border-color:#b00020}.warning{color:#b00020}`;

/** The recommendation: confidence, then (when low, first) what is wrong, and one row per use. */
function recommendationSection(r: Recommendation): string {
  const rows: string[] = [];
  const row = (use: string, value: string, rule: string) =>
    rows.push(`<tr><td>${escapeHtml(use)}</td><td class="num">${escapeHtml(value)}</td><td>${escapeHtml(rule)}</td></tr>`);
  if (r.constant) row('constant rate', formatLr(r.constant.lr), r.constant.rule);
  if (r.oneCycle) row('one-cycle maxLr', formatLr(r.oneCycle.maxLr), r.oneCycle.rule);
  if (r.cyclic) {
    row('cyclic bounds', `${formatLr(r.cyclic.baseLr)} … ${formatLr(r.cyclic.maxLr)}`, `${r.cyclic.rule}${r.cyclic.stepSizeUp === null ? '' : `; stepSizeUp ${r.cyclic.stepSizeUp}`}`);
  }
  const warnings = r.warnings.length
    ? `<ul class="warnings">\n${r.warnings.map((w) => `<li class="warning"><b>${escapeHtml(w.code)}</b>: ${escapeHtml(w.message)}</li>`).join('\n')}\n</ul>`
    : '';
  const table = rows.length
    ? `<table class="recommended">\n<tr><th>use</th><th>lr</th><th>rule</th></tr>\n${rows.join('\n')}\n</table>`
    : '<p>No rate can be recommended from this curve.</p>';
  const low = r.confidence === 'low';
  return `<section class="recommendation confidence-${r.confidence}">
<h2>Recommendation (confidence: ${escapeHtml(r.confidence)}${r.runs ? `, median of ${r.runs.count} runs` : ''})</h2>
${low ? `${warnings}\n${table}` : `${table}\n${warnings}`}
</section>`;
}

/**
 * Builds one self-contained HTML page (no external resources): the chart as inline SVG, the
 * suggestions table, the recommended cyclic / one-cycle schedule specs as JSON, run metadata,
 * and the curve itself as JSON in `<script type="application/json" id="lrkit-curve">`.
 * Every piece of text is HTML-escaped; an SVG containing scripts or event handlers is refused.
 * `suggestions` may be a list or the object `suggest.all(result)` returns.
 *
 * @example
 * const svg = await renderSvg(lrFinderPlot({ runs: [result], suggestions }));
 * await writeFileAtomic('report.html', htmlReport({ result, suggestions, svg, recommended: { cyclic, oneCycle }, meta: { model: 'mlp' } }));
 */
export function htmlReport(input: HtmlReportInput): string {
  if (input === null || typeof input !== 'object') throw new TypeError(`htmlReport input must be an object, got ${input === null ? 'null' : typeof input}`);
  const { result, svg, recommended = {}, notes = {}, meta = {}, title = 'lrkit learning-rate report' } = input;
  assertCurve(result, 'result');
  if (svg !== undefined && (typeof svg !== 'string' || !/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svg))) {
    throw new TypeError('svg must be an SVG document string starting with <svg (e.g. from renderSvg)');
  }
  // The SVG is inlined verbatim, so refuse anything that could run code in the reader's browser.
  if (svg !== undefined && /<script|<foreignObject|\son[a-z]+\s*=|javascript:/i.test(svg)) {
    throw new RangeError('svg must not contain scripts, foreignObject, event handlers or javascript: URLs');
  }
  const suggestions = suggestionList(input.suggestions, { schedules: true });
  if (recommended === null || typeof recommended !== 'object') throw new TypeError(`recommended must be an object of schedule specs, got ${String(recommended)}`);
  if (notes === null || typeof notes !== 'object' || Object.values(notes).some((n) => typeof n !== 'string')) {
    throw new TypeError(`notes must be an object of strings keyed like recommended, got ${JSON.stringify(notes)}`);
  }
  if (meta === null || typeof meta !== 'object') throw new TypeError(`meta must be an object, got ${String(meta)}`);
  if (typeof title !== 'string') throw new TypeError(`title must be a string, got ${typeof title}`);

  // The best value of the curve the chart draws bold: the smoothed one when there is one.
  const higher = result.metric === 'higher-is-better' || result.metric === 'accuracy';
  const shown = (result.smoothed ?? result.losses).filter(Number.isFinite);
  const bestName = `${higher ? 'highest' : 'lowest'} ${result.smoothed ? 'smoothed ' : ''}${higher ? 'value' : 'loss'}`;
  const summary: [string, string][] = [
    ['points', String(result.lrs.length)],
    ['lr range', `${formatLr(Math.min(...result.lrs))} … ${formatLr(Math.max(...result.lrs))}`],
    [bestName, shown.length ? fmtNum(higher ? Math.max(...shown) : Math.min(...shown)) : 'none'],
  ];
  if (result.stopReason) summary.push(['stop reason', String(result.stopReason)]);
  if (result.metric) summary.push(['metric', String(result.metric)]);
  const metaRows = Object.entries(meta)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, String(v)] as [string, string]);
  const row = (k: string, v: string) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`;

  const suggestionRows = suggestions
    .map((s) => {
      const lr = s.baseLr === undefined ? formatLr(s.lr) : `${formatLr(s.baseLr)} … ${formatLr(s.lr)}`;
      const exact = s.baseLr === undefined ? String(s.lr) : `${s.baseLr} … ${s.lr}`;
      return `<tr><td>${escapeHtml(s.name)}</td><td class="num">${escapeHtml(lr)}</td><td class="num">${escapeHtml(exact)}</td>` +
        `<td class="num">${escapeHtml(fmtNum(s.loss))}</td><td class="num">${s.index ?? ''}</td></tr>`;
    })
    .join('\n');

  const recSections = Object.entries(recommended)
    .filter(([, spec]) => spec !== undefined)
    .map(([name, spec]) => `<h3>${escapeHtml(name)}</h3>\n${notes[name] ? `<p>${escapeHtml(notes[name])}</p>\n` : ''}<pre>${escapeText(JSON.stringify(spec, null, 2))}</pre>`)
    .join('\n');

  const recommendation = input.recommendation === undefined ? '' : recommendationSection(input.recommendation);
  const curveData = { lrs: result.lrs, losses: result.losses, ...(result.smoothed ? { smoothed: result.smoothed } : {}), suggestions };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lrkit">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<table class="summary">
${[...summary, ...metaRows].map(([k, v]) => row(k, v)).join('\n')}
</table>
<h2>Loss against learning rate</h2>
${svg !== undefined ? `<figure>\n${svg.replace(/^\s*<\?xml[^>]*>\s*/, '')}\n</figure>` : '<p>Too few points to plot.</p>'}
${recommendation}
<h2>${recommendation ? 'Other rules' : 'Suggested learning rates'}</h2>
${suggestions.length ? `<table class="suggestions">
<tr><th>method</th><th>lr</th><th>exact</th><th>loss</th><th>index</th></tr>
${suggestionRows}
</table>` : '<p>No suggestion could be made from this curve.</p>'}
${recSections ? `<h2>Recommended schedules</h2>\n${recSections}` : ''}
<script type="application/json" id="lrkit-curve">${scriptJson(curveData)}</script>
</body>
</html>
`;
}
