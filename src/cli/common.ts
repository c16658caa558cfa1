// Pieces shared by the CLI commands: where output goes (Io), fonts for PNGs, progress bars and
// number formatting. The training commands' model and data options: model-data.ts.
import { existsSync, statSync } from 'node:fs';
import { delimiter } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { Resvg } from '@resvg/resvg-js';
import { z } from 'zod';
import { fmtRate } from '../index.js';
import { DEFAULT_FONT_FILES } from '../report/index.js';

/** Where the CLI writes human output; tests swap these. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  tty: boolean;
  /** Width of the terminal stdout is, when it is one (charts fit it). */
  columns?: number;
}

/**
 * Chart width for the terminal: at most `max` columns, and `margin` fewer than the terminal has
 * (the y labels), at least 20.
 *
 * @example
 * asciiCurve(curve, marks, { width: chartWidth(io) });
 */
export function chartWidth(io: Io, max = 70, margin = 14): number {
  return io.columns ? Math.max(20, Math.min(max, io.columns - margin)) : max;
}

/** The real process streams. @example const io = processIo(); io.err('hello'); */
export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
    tty: Boolean(process.stderr.isTTY),
    ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  };
}


/** Environment variable with font files for PNG text, separated like PATH. @example LRKIT_FONTS=/f/a.ttf:/f/b.ttf */
export const FONT_ENV = 'LRKIT_FONTS';

/**
 * Whether resvg draws text with this font file alone. resvg skips a file it cannot read as a font
 * without a word and then draws no text at all, so a PNG would come out blank of labels: the file
 * is loaded and a few characters drawn instead (~7 ms).
 *
 * @example
 * drawsText('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'); // true
 */
export function drawsText(file: string): boolean {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><text x="2" y="32" font-size="30" font-family="any">0.1 A</text></svg>';
  const px = new Resvg(svg, { font: { fontFiles: [file], loadSystemFonts: false } }).render().pixels;
  for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
  return false;
}

/**
 * zod field of `--font` (repeatable): each value must be an existing .ttf/.otf/.ttc file that
 * resvg can draw text with.
 *
 * @example
 * z.object({ font: fontField() }).parse({ font: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'] });
 */
export function fontField() {
  return z
    .array(z.string())
    .optional()
    .superRefine((files, ctx) => {
      // The whole list is reported at once: parseOptions shows raw.font, so name the bad file here.
      for (const f of files ?? []) {
        if (!/\.(ttf|otf|ttc)$/i.test(f)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(f)} is not a .ttf, .otf or .ttc font file` });
        else if (!existsSync(f)) ctx.addIssue({ code: 'custom', message: `font file ${JSON.stringify(f)} not found` });
        else if (!statSync(f).isFile() || !drawsText(f)) {
          ctx.addIssue({ code: 'custom', message: `font file ${JSON.stringify(f)} is not a usable font (no text can be drawn with it)` });
        }
      }
    });
}

/**
 * Add the repeatable `--font <ttf>` option to a command.
 *
 * @example
 * addFontOption(program.command('schedule'));
 */
export function addFontOption(cmd: Command): Command {
  return cmd.option(
    '--font <ttf>',
    `font file for the text of PNG charts, repeatable (default: $${FONT_ENV}, else DejaVu Sans from fonts-dejavu-core; without any font the PNG is skipped)`,
    (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
  );
}

/**
 * The font files to draw PNG text with: `--font` files (already checked to exist), else the
 * existing files of $LRKIT_FONTS, else the DejaVu files of `fonts-dejavu-core`. Without any, a
 * warning says how to fix it and the result is undefined: the caller skips its PNG but writes
 * everything else. Call it before training, so the warning comes first.
 *
 * @example
 * const fonts = pngFonts(opts.font, io, 'plot.png');
 * if (fonts) await out.write('plot.png', await renderPng(svg, { fontFiles: fonts }));
 */
export function pngFonts(flag: readonly string[] | undefined, io: Io, png: string, env: string | undefined = process.env[FONT_ENV]): string[] | undefined {
  if (flag && flag.length > 0) return [...flag];
  const fromEnv = (env ?? '').split(delimiter).filter((f) => f !== '');
  const wanted = fromEnv.length > 0 ? fromEnv : [...DEFAULT_FONT_FILES];
  // A file in $LRKIT_FONTS that is no font would give a PNG without text: counted as missing.
  const found = wanted.filter((f) => existsSync(f) && (fromEnv.length === 0 || (statSync(f).isFile() && drawsText(f))));
  // The regular DejaVu face is the one the charts need; bold alone is no reason to skip.
  const ok = fromEnv.length > 0 ? found.length > 0 : found.includes(DEFAULT_FONT_FILES[0]);
  if (ok) return found;
  io.err(
    `lrkit: warning: no font file for PNG text (looked for ${wanted.join(', ')}${fromEnv.length > 0 ? ` from $${FONT_ENV}` : ''}): ` +
      `${png} will not be written; the SVG, report and data files are. ` +
      `To get PNGs: apt-get install fonts-dejavu-core, or pass --font /path/to/font.ttf (or set ${FONT_ENV}=/path/a.ttf${delimiter}/path/b.ttf)`,
  );
  return undefined;
}

/**
 * A progress display: a cli-progress bar on a terminal, otherwise a plain line every ~10 %
 * (so logs and tests still see progress); nothing with `quiet`.
 *
 * @example
 * const p = progress(io, 100, { quiet: opts.json, label: 'find' });
 * p.update(10, { lr: '1e-3', loss: '2.30' });
 * p.stop();
 */
export function progress(io: Io, total: number, opts: { quiet?: boolean; label: string; format?: string; stream?: NodeJS.WritableStream }) {
  if (opts.quiet) return { update: (_v: number, _p?: Record<string, string>) => {}, stop: () => {} };
  if (io.tty) {
    const format = opts.format ?? `${opts.label} [{bar}] {value}/{total} | ETA {eta_formatted}`;
    const bar = new cliProgress.SingleBar(
      {
        format,
        stream: opts.stream ?? process.stderr,
        hideCursor: true,
        etaBuffer: 20,
        // Erase the bar when it stops, so the summary printed next does not land on its remains.
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    // cli-progress prints unknown {placeholders} literally until the first update: start with '-'.
    const builtIn = new Set(['bar', 'value', 'total', 'percentage', 'eta', 'eta_formatted', 'duration', 'duration_formatted']);
    const keys = [...format.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((k) => !builtIn.has(k));
    bar.start(total, 0, Object.fromEntries(keys.map((k) => [k, '-'])));
    return { update: (v: number, p?: Record<string, string>) => bar.update(v, p ?? {}), stop: () => bar.stop() };
  }
  let next = Math.max(1, Math.ceil(total / 10));
  const step = next;
  return {
    update: (v: number, p?: Record<string, string>) => {
      if (v >= next || v === total) {
        io.err(`${opts.label}: ${v}/${total}${p ? ' ' + Object.entries(p).map(([k, x]) => `${k}=${x}`).join(' ') : ''}`);
        while (next <= v) next += step;
      }
    },
    stop: () => {},
  };
}

/** Format a learning rate with 3 significant digits, as every surface writes one (fmtRate). @example fmtLr(0.00316) // '3.16e-3' */
export const fmtLr = fmtRate;
