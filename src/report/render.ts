// vega-lite spec -> SVG (vega, headless, no canvas) -> PNG (resvg with explicit font files).
// vega, vega-lite and resvg are imported on first use: they take about half a second to load, so
// importing 'lrkit/report' (the CLI does, before its first training step) stays cheap. The font
// files are checked on disk by lrkit/node's checkFontFiles (no node: built-in in report/).
import type * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { fail, integer, object, optional, string } from '../check/index.js';
import { checkFontFiles } from '../node/fonts.js';

export { DEFAULT_FONT_FAMILY, DEFAULT_FONT_FILES } from './fonts.js';
export { checkFontFiles } from '../node/fonts.js';
import { DEFAULT_FONT_FAMILY, DEFAULT_FONT_FILES } from './fonts.js';

/**
 * Options of {@link renderPng}.
 *
 * @example
 * await renderPng(spec, { width: 1200, fontFiles: ['/opt/fonts/Inter.ttf'], fontFamily: 'Inter' });
 */
export interface RenderPngOptions {
  /** Output width in pixels; height follows the aspect ratio. Default: the SVG's own width. */
  width?: number;
  /** .ttf/.otf files to load (resvg draws no text without fonts). Default {@link DEFAULT_FONT_FILES}. */
  fontFiles?: readonly string[];
  /** Family to use for sans-serif / unknown families. Default {@link DEFAULT_FONT_FAMILY}. */
  fontFamily?: string;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Full Vega specs pass straight to vega; everything else is compiled by vega-lite. */
async function toVegaSpec(spec: Record<string, unknown>): Promise<vega.Spec> {
  const schema = typeof spec.$schema === 'string' ? spec.$schema : '';
  if (/\/schema\/vega\/v\d/.test(schema)) return spec as vega.Spec;
  const config = isPlainObject(spec.config) ? spec.config : {};
  const withFont = { ...spec, config: { font: DEFAULT_FONT_FAMILY, background: 'white', ...config } } as TopLevelSpec;
  // vega-lite's default logger prints warnings to the console; a library should stay quiet.
  const quiet = { level: () => quiet, error: () => quiet, warn: () => quiet, info: () => quiet, debug: () => quiet };
  const vl = await import('vega-lite');
  return vl.compile(withFont, { logger: quiet as never }).spec;
}

/** FNV-1a (32 bits) of a string's UTF-16 code units, as 8 hex digits: a content tag, not a secret. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

// vega numbers clip paths with a process-wide counter (clip1, clip3, ...): renumber them per
// document so the same spec always gives byte-identical SVG, and prefix them with a content hash
// so several charts inlined in one HTML page do not share ids.
function renumberClipIds(svg: string): string {
  const ids = new Map<string, string>();
  const re = /(id="|url\(#)clip(\d+)/g;
  const numbered = svg.replace(re, (_m, pre: string, n: string) => {
    if (!ids.has(n)) ids.set(n, String(ids.size + 1));
    return `${pre}clip${ids.get(n)}`;
  });
  const tag = fnv1a(numbered);
  return numbered.replace(re, (_m, pre: string, n: string) => `${pre}lrkit-${tag}-clip${n}`);
}

/**
 * Renders a vega-lite (or full Vega) spec to an SVG string, headless. Text uses DejaVu Sans unless
 * the spec's `config.font` says otherwise. The same spec always gives the same SVG.
 *
 * @example
 * const svg = await renderSvg(lrFinderPlot({ runs: [result], suggestions }));
 */
export async function renderSvg(spec: TopLevelSpec | vega.Spec | Record<string, unknown>): Promise<string> {
  return svgOf('renderSvg', spec);
}

/** {@link renderSvg}, its errors naming `fn` (the function the user called). */
async function svgOf(fn: string, spec: unknown): Promise<string> {
  if (!isPlainObject(spec)) fail(fn, 'spec', 'a vega-lite spec object', spec, TypeError);
  let vgSpec: vega.Spec;
  try {
    vgSpec = await toVegaSpec(spec);
  } catch (e) {
    throw new RangeError(`invalid vega-lite spec: ${e instanceof Error ? e.message : String(e)}`);
  }
  const vega = await import('vega');
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  view.logLevel(vega.None);
  try {
    return renumberClipIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/**
 * Renders an SVG string, or a vega-lite spec (rendered with {@link renderSvg} first), to PNG bytes
 * with resvg. Fonts are loaded only from `fontFiles` (never from the system) so the output is the
 * same on every machine that has those files.
 *
 * @example
 * fs.writeFileSync('lr-finder.png', await renderPng(lrFinderPlot({ runs: [result], suggestions }), { width: 1200 }));
 */
export async function renderPng(
  input: string | TopLevelSpec | Record<string, unknown>,
  options: RenderPngOptions = {},
): Promise<Buffer> {
  const fn = 'renderPng';
  object(fn, 'options', options);
  const width = optional(options.width, undefined, (v) => integer(fn, 'width', v, 1, 16384));
  const fontFamily = optional(options.fontFamily, DEFAULT_FONT_FAMILY, (v) => string(fn, 'fontFamily', v));
  const fontFiles = options.fontFiles ?? DEFAULT_FONT_FILES;
  checkFontFiles(fontFiles, fn);
  let svg: string;
  if (typeof input === 'string') {
    if (!/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(input)) {
      fail(fn, 'input', 'an SVG string (starting with <svg) or a vega-lite spec object', input.length > 40 ? `${input.slice(0, 40)}...` : input, TypeError);
    }
    svg = input;
  } else {
    svg = await svgOf(fn, input);
  }
  const { Resvg } = await import('@resvg/resvg-js');
  let resvg: InstanceType<typeof Resvg>;
  try {
    resvg = new Resvg(svg, {
      font: {
        fontFiles: [...fontFiles],
        loadSystemFonts: false,
        defaultFontFamily: fontFamily,
        sansSerifFamily: fontFamily,
      },
      fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
      background: 'white',
    });
  } catch (e) {
    throw new RangeError(`cannot render SVG to PNG: ${e instanceof Error ? e.message : String(e)}`);
  }
  return resvg.render().asPng();
}
