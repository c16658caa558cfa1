// "Open a curve": a range-test log written by PyTorch, Lightning, Keras, fastai, DeepSpeed or lrkit
// (CSV/TSV, JSON or a TensorBoard event file), read by the same code as `lrkit analyze`, then
// recommended on and suggested from exactly as a run on the page is.
import { parseCurveLog, recommend, smoothUntilNonFinite, suggest, type Recommendation, type SuggestionSet } from 'lrkit';
import { acceptDrops } from './drop.js';

/** What the page shows for a curve, whether it ran here or came from a file. */
export interface PageCurve {
  lrs: number[];
  losses: number[];
  smoothed: number[];
  iterations: number;
  recommendation: Recommendation;
  suggestions: SuggestionSet | undefined;
}


/** A curve with its recommendation and suggestions, as the page shows it. */
export function pageCurve(lrs: number[], losses: number[], smoothed: number[]): PageCurve {
  const input = { lrs, losses, smoothed };
  return { ...input, iterations: lrs.length, recommendation: recommend(input), suggestions: lrs.length >= 2 ? suggest.all(input) : undefined };
}

/**
 * Reads a curve file; throws an Error whose message starts with the file's name and says what is
 * wrong (the reader's column/line messages, or the recommendation's "lr must increase" one).
 */
export async function openCurveFile(file: File, beta = 0.98): Promise<{ curve: PageCurve; source: string }> {
  try {
    const { curve, source } = parseCurveLog(file.name, new Uint8Array(await file.arrayBuffer()));
    // The file's own smoothed column wins, as in `lrkit analyze`.
    return { curve: pageCurve(curve.lrs, curve.losses, curve.smoothed ?? smoothUntilNonFinite(curve.losses, beta)), source };
  } catch (e) {
    throw new Error(`${file.name}: ${(e as Error).message}`);
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
