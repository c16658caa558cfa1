// One self-contained HTML report: inline SVG chart, suggestions, recommended schedules, metadata.
import { fail, object, string } from '../check/index.js';
import { assertCurve, type CurveLike } from '../io/curve.js';
import { analyzeCurve, fmtRate, type Analysis } from '../analysis/index.js';
import { jsonText } from '../io/json-text.js';
import { suggestionList, type SuggestionsInput } from './suggestions.js';
import { downsampleIndices } from './scales.js';

/** Points of the curve embedded in the page at most. */
const EMBEDDED_POINTS = 20_000;

/**
 * Input of {@link htmlReport}: the `analysis` to show (or a `result` curve, analysed with
 * `analyzeCurve`), the chart from `renderSvg(lrFinderPlot({ analysis }))`, and the run's details.
 *
 * @example
 * const input: HtmlReportInput = { analysis: result.analysis, result, svg, next: ['lrkit train --max-lr 0.1'], meta: { model: 'mlp' } };
 */
export interface HtmlReportInput {
  /** The answer shown: headline, warnings, one row per use, the schedules. Default `analyzeCurve(result)`. */
  analysis?: Analysis;
  /** The curve (embedded as JSON) and how its test ended. Default: the analysis's first curve. */
  result?: CurveLike & { stopReason?: string; iterations?: number; metric?: string };
  /** Commands that use the answer, shown under it. */
  next?: readonly string[];
  /** fastai's rules (or any rates) to list, labelled as such; shown only when given (`--all-rules`). */
  suggestions?: SuggestionsInput;
  /** The chart; when absent (e.g. a curve too short to plot) the page says so instead. */
  svg?: string;
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
const scriptJson = (v: unknown) => jsonText(v, 1).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const fmtNum = (v: number | undefined) => (v === undefined ? '' : Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : String(v));

const CSS = `body{font-family:"DejaVu Sans",system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3em .7em;text-align:left}th{background:#f4f4f4}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}pre{background:#f6f8fa;padding:1em;overflow:auto}
figure{margin:0}figure svg{max-width:100%;height:auto}
.recommendation{border:2px solid #222;padding:.2em 1em 1em}.confidence-low{border-color:#b00020}.warning{color:#b00020}`;

/** The answer: the headline, what is wrong (first when confidence is low), one row per use, the next commands. */
function recommendationSection(a: Analysis, next: readonly string[]): string {
  const r = a.recommendation;
  const rows: string[] = [];
  const row = (use: string, value: string, confidence: string, rule: string) =>
    rows.push(`<tr><td>${escapeHtml(use)}</td><td class="num">${escapeHtml(value)}</td><td class="confidence-${confidence}">${confidence}</td><td>${escapeHtml(rule)}</td></tr>`);
  if (r.oneCycle) row('one-cycle peak', fmtRate(r.oneCycle.maxLr), r.oneCycle.confidence, r.oneCycle.rule);
  if (r.constant) row('constant rate', fmtRate(r.constant.lr), r.constant.confidence, `${r.constant.rule}; ${r.constant.caveat}`);
  if (r.cyclic) row('cyclic bounds', `${fmtRate(r.cyclic.baseLr)} … ${fmtRate(r.cyclic.maxLr)}`, r.cyclic.confidence, r.cyclic.rule);
  const warnings = r.warnings.length
    ? `<ul class="warnings">\n${r.warnings.map((w) => `<li class="warning"><b>${escapeHtml(w.code)}</b>: ${escapeHtml(w.message)}</li>`).join('\n')}\n</ul>`
    : '';
  const table = rows.length
    ? `<table class="recommended">\n<tr><th>use</th><th>lr</th><th>confidence</th><th>rule</th></tr>\n${rows.join('\n')}\n</table>`
    : '<p>No rate can be recommended from this curve.</p>';
  const commands = next.length ? `<p>Next:</p>\n<pre class="next">${next.map(escapeText).join('\n')}</pre>` : '';
  const low = r.confidence === 'low';
  return `<section class="recommendation confidence-${r.confidence}">
<p class="headline"><b>${escapeHtml(a.headline)}</b></p>
${low ? `${warnings}\n${table}` : `${table}\n${warnings}`}
${commands}
</section>`;
}

/**
 * One self-contained HTML page (no external resources) that leads with the answer: the headline,
 * the warnings (first when confidence is low), one row per use and the commands that use it; then
 * the chart as inline SVG, the recommended schedules as JSON specs, fastai's rules when given, and
 * the run's details last. The curve and the analysis's numbers are embedded as JSON
 * (`#lrkit-curve`, `#lrkit-analysis`). Every piece of text is HTML-escaped; an SVG containing
 * scripts or event handlers is refused.
 *
 * @example
 * const svg = await renderSvg(lrFinderPlot({ analysis: result.analysis }));
 * await writeFileAtomic('report.html', htmlReport({ analysis: result.analysis, result, svg, meta: { model: 'mlp' } }));
 */
export function htmlReport(input: HtmlReportInput): string {
  const fn = 'htmlReport';
  object(fn, 'input', input);
  const { svg, next = [], meta = {}, title = 'lrkit learning-rate report' } = input;
  if (input.analysis === undefined && input.result === undefined) fail(fn, 'input', 'an object with an analysis (analyzeCurve(...)) or a result curve', input, TypeError);
  if (input.result !== undefined) assertCurve(input.result, 'result', fn);
  const analysis = input.analysis ?? analyzeCurve(input.result! as Parameters<typeof analyzeCurve>[0]);
  const first = analysis.curves[0];
  const result = input.result ?? { lrs: first?.lrs ?? [], losses: first?.raw ?? [] };
  if (svg !== undefined && (typeof svg !== 'string' || !/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svg))) {
    fail(fn, 'svg', 'an SVG document string starting with <svg (e.g. from renderSvg)', typeof svg === 'string' && svg.length > 40 ? `${svg.slice(0, 40)}...` : svg, TypeError);
  }
  // The SVG is inlined verbatim, so refuse anything that could run code in the reader's browser.
  const unsafe = svg?.match(/<script|<foreignObject|\son[a-z]+\s*=|javascript:/i);
  if (unsafe) fail(fn, 'svg', 'free of scripts, foreignObject, event handlers and javascript: URLs', `...${unsafe[0].trim()}...`);
  const suggestions = suggestionList(input.suggestions, { schedules: true, fn });
  if (!Array.isArray(next) || next.some((n) => typeof n !== 'string')) fail(fn, 'next', 'an array of command strings', next, TypeError);
  if (meta === null || typeof meta !== 'object') fail(fn, 'meta', 'an object', meta, TypeError);
  string(fn, 'title', title, true);

  const [lrLo, lrHi] = result.lrs.reduce(([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)], [Infinity, -Infinity]);
  const details: [string, string][] = [['points', String(result.lrs.length)], ['lr range', `${fmtRate(lrLo)} … ${fmtRate(lrHi)}`]];
  if (result.stopReason) details.push(['stop reason', String(result.stopReason)]);
  details.push(['metric', analysis.metric]);
  for (const [k, v] of Object.entries(meta)) if (v !== undefined) details.push([k, String(v)]);
  const row = (k: string, v: string) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`;

  const ruleRows = suggestions
    .map((s) => `<tr><td>${escapeHtml(s.name)}</td><td class="num">${escapeHtml(s.baseLr === undefined ? fmtRate(s.lr) : `${fmtRate(s.baseLr)} … ${fmtRate(s.lr)}`)}</td></tr>`)
    .join('\n');
  const recSections = Object.entries(analysis.schedules)
    .filter(([, sched]) => sched !== undefined)
    .map(([name, sched]) => `<h3>${escapeHtml(name)}</h3>\n<p>${escapeHtml(sched!.note)}</p>\n<pre>${escapeText(JSON.stringify(sched!.spec, null, 2))}</pre>`)
    .join('\n');
  const r = analysis.recommendation;
  const numbers = {
    headline: analysis.headline, confidence: r.confidence, constant: r.constant?.lr ?? null, oneCycle: r.oneCycle?.maxLr ?? null,
    cyclic: r.cyclic ? { baseLr: r.cyclic.baseLr, maxLr: r.cyclic.maxLr } : null, warnings: r.warnings.map((w) => w.code),
  };
  // A page is for reading: a long log's curve is embedded as a min/max-preserving reduction (the
  // JSON file beside it keeps every point).
  const keep = result.lrs.length > EMBEDDED_POINTS ? downsampleIndices(result.losses.map((v) => (Number.isFinite(v) ? v : NaN)), EMBEDDED_POINTS) : undefined;
  const pick = (v: readonly number[]) => (keep ? keep.map((i) => v[i]) : v);
  const curveData = {
    lrs: pick(result.lrs), losses: pick(result.losses), ...(result.smoothed ? { smoothed: pick(result.smoothed) } : {}),
    ...(keep ? { reducedFrom: result.lrs.length } : {}),
  };
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
${recommendationSection(analysis, next)}
<h2>Loss against learning rate</h2>
${svg !== undefined ? `<figure>\n${svg.replace(/^\s*<\?xml[^>]*>\s*/, '')}\n</figure>` : '<p>Too few points to plot.</p>'}
${recSections ? `<h2>Recommended schedules</h2>\n${recSections}` : ''}
${suggestions.length ? `<h2>fastai's rules (shown on request)</h2>
<table class="suggestions">
<tr><th>rule</th><th>lr</th></tr>
${ruleRows}
</table>` : ''}
<h2>Run details</h2>
<table class="summary">
${details.map(([k, v]) => row(k, v)).join('\n')}
</table>
<script type="application/json" id="lrkit-analysis">${scriptJson(numbers)}</script>
<script type="application/json" id="lrkit-curve">${scriptJson(curveData)}</script>
</body>
</html>
`;
}
