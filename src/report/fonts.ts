// The fonts charts are drawn with: their own module, so that naming them does not load vega.

/**
 * Font files used for PNG rendering when none are given (Debian/Ubuntu package `fonts-dejavu-core`).
 *
 * @example
 * renderPng(svg, { fontFiles: [...DEFAULT_FONT_FILES, '/my/extra.ttf'] });
 */
export const DEFAULT_FONT_FILES: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
];

/**
 * Font family written into every chart (vega `config.font`) and used by resvg for generic families.
 *
 * @example
 * linesPlot({ ... }); // text uses font-family "DejaVu Sans"
 */
export const DEFAULT_FONT_FAMILY = 'DejaVu Sans';

