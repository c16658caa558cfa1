// The fonts charts are drawn with: their own module, so that naming them does not load vega. The
// font files (paths on disk) and their check live in lrkit/node (node/fonts.ts).
export { DEFAULT_FONT_FILES } from '../node/fonts.js';

/**
 * Font family written into every chart (vega `config.font`) and used by resvg for generic families.
 *
 * @example
 * linesPlot({ ... }); // text uses font-family "DejaVu Sans"
 */
export const DEFAULT_FONT_FAMILY = 'DejaVu Sans';
