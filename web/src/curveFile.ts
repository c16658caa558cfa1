// "Open a curve": a range-test log written by PyTorch, Lightning, Keras, fastai, DeepSpeed or lrkit
// (CSV/TSV, JSON or a TensorBoard event file), read by the same code as `lrkit analyze`, then
// analysed exactly as a run on the page is.
import { analyzeCurve, parseCurveLog, smoothUntilNonFinite, type Analysis, type CurveLog, type LogSource, type StopReason } from 'lrkit';
import { acceptDrops } from './drop.js';
import { plainMessage } from './form.js';
import { readRefine, type RefineRecord } from './refineView.js';

/** What the page shows for a curve, whether it ran here or came from a file. */
export interface PageCurve {
  lrs: number[];
  losses: number[];
  /** The run's moving average (EMA), shown only on request. */
  smoothed: number[];
  iterations: number;
  analysis: Analysis;
}

/**
 * A curve with its analysis (the library's analyzeCurve, the one answer every surface renders), as
 * the page shows it; a run passes the analysis findLearningRate already made.
 */
export function pageCurve(lrs: number[], losses: number[], smoothed: number[], stopReason?: StopReason, analysis?: Analysis): PageCurve {
  return { lrs, losses, smoothed, iterations: lrs.length, analysis: analysis ?? analyzeCurve({ lrs, losses, smoothed, ...(stopReason ? { stopReason } : {}) }) };
}

/** What the reader says about a file beside the curve: its warnings, then its notes (what it assumed). */
function readerRemarks(log: CurveLog): string[] {
  // The reader speaks the CLI's flag; the page's control is the "Written by" menu.
  const page = (text: string) => text.replace(/pass --source ([^;)]*)/g, 'choose "Written by": $1').replace(/--source /g, '"Written by": ');
  return [...log.warnings.map((w) => `${w.code}: ${page(w.message)}`), ...log.notes.map(page)];
}

/**
 * Reads a curve file as written by `writtenBy` (a tool whose smoothing is inverted, or auto); throws an
 * Error whose message starts with the file's name and says what is wrong (the reader's column/line
 * messages, or the recommendation's "lr must increase" one).
 */
export async function openCurveFile(file: File, beta = 0.98, writtenBy: LogSource = 'auto'): Promise<{ curve: PageCurve; source: string; remarks: string[]; refine?: RefineRecord }> {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const log = parseCurveLog(file.name, bytes, { source: writtenBy });
    const { curve, source } = log;
    // The file's own smoothed column wins, as in `lrkit analyze`.
    const refine = /\.json$/i.test(file.name) ? refineOf(bytes) : undefined;
    return { curve: pageCurve(curve.lrs, curve.losses, curve.smoothed ?? smoothUntilNonFinite(curve.losses, beta)), source, remarks: readerRemarks(log), ...(refine ? { refine } : {}) };
  } catch (e) {
    // In the page's words: no library function names ("recommend: input.lrs ..."), the file's points.
    throw new Error(`${file.name}: ${plainMessage((e as Error).message)}`);
  }
}

/** Calls `open` with the file chosen in `input` or dropped on `dropZone` (one file at a time). */
export function onCurveFile(input: HTMLInputElement, dropZone: HTMLElement, open: (file: File) => void): void {
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) open(file);
    input.value = ''; // choosing the same file again reopens it
  });
  acceptDrops(dropZone, (files) => open(files[0]));
}

/** The refine stage a curve.json of `lrkit find --refine` records, if any (the reader keeps only the curve). */
function refineOf(bytes: Uint8Array): RefineRecord | undefined {
  try {
    return readRefine(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return undefined; // the reader has read the file already; a JSON it could read parses here too
  }
}
