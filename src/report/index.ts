// 'lrkit/report': vega-lite plots -> SVG -> PNG (resvg), terminal charts and the HTML report.
// Kept out of the core entry point because vega and resvg are heavy.
export {
  lrFinderPlot, linesPlot, schedulePlot,
  type LrFinderPlotOptions, type LinesPlotOptions, type SchedulePlotOptions, type PlotRun, type PlotSuggestion, type SuggestionsInput, type SuggestionSetLike, type LineSeries,
} from './plots.js';
export { renderSvg, renderPng, checkFontFiles, DEFAULT_FONT_FILES, DEFAULT_FONT_FAMILY, type RenderPngOptions } from './render.js';
export { asciiCurve, asciiSchedule, asciiLines, type AsciiChartOptions, type AsciiCurveOptions, type AsciiLinesOptions, type AsciiSeries } from './ascii.js';
export { suggestionList } from './suggestions.js';
export { htmlReport, escapeHtml, type HtmlReportInput } from './html.js';
export { logTicks, formatLr } from './scales.js';
/** @internal Shared with the CLI's terminal output; not part of the documented API. */
export { downsampleIndices } from './scales.js';
