// Font files on disk, for PNG rendering (resvg draws no text without them). Re-exported from
// 'lrkit/report' next to renderPng, which calls it.
import { existsSync } from 'node:fs';
import { fail } from '../check/index.js';

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
 * Checks that font files exist; the message says how to get them. `fn` is the function the user
 * called (named in the error for a bad `files`).
 *
 * @example
 * checkFontFiles(DEFAULT_FONT_FILES); // throws when fonts-dejavu-core is not installed
 */
export function checkFontFiles(files: readonly string[], fn = 'checkFontFiles'): void {
  if (!Array.isArray(files) || files.length === 0 || files.some((f) => typeof f !== 'string' || f === '')) {
    fail(fn, 'fontFiles', 'a non-empty array of font file paths', files, TypeError);
  }
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    const dejavu = missing.some((f) => DEFAULT_FONT_FILES.includes(f));
    throw new Error(
      `font file not found: ${missing.join(', ')}; ` +
        (dejavu ? 'install it with `apt-get install fonts-dejavu-core` or ' : '') +
        'pass fontFiles: [paths to .ttf files] (PNG text cannot be drawn without fonts)',
    );
  }
}
