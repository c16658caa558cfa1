// Settings in the URL (a link reproduces the page's set-up) and the last curve in localStorage (a
// reload keeps the result). Both are best effort: storage may be full or disabled, never an error.

import type { StopReason } from 'lrkit';

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function fields(): Field[] {
  return ['finder-form', 'designer-form'].flatMap((id) => {
    const form = document.getElementById(id) as HTMLFormElement | null;
    return form ? [...form.elements].filter((el): el is Field => (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) && el.name !== '') : [];
  });
}

/**
 * Fills the forms from `?name=value` parameters; unknown names are ignored, and a value `problem`
 * refuses (a number out of its field's bounds) or a choice the menu lacks is not put into its
 * field. Returns what was ignored, each as `name=value (why)`.
 *
 * @example
 * restoreSettings('?numIter=-5', check); // ['numIter=-5 (Iterations must be a whole number from 2 to 100,000, got "-5")']
 */
export function restoreSettings(search: string, problem: (el: Field, value: string) => string | undefined = () => undefined): string[] {
  const params = new URLSearchParams(search);
  const ignored: string[] = [];
  for (const el of fields()) {
    const v = params.get(el.name);
    if (v === null) continue;
    if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = v === '1';
    else if (el instanceof HTMLSelectElement) {
      if ([...el.options].some((o) => o.value === v && !o.disabled)) el.value = v;
      // 'your data' needs its file again: not a mistake in the link
      else if (v !== 'file') ignored.push(`${el.name}=${v} (not a choice of the menu)`);
    } else {
      const why = problem(el, v);
      if (why) ignored.push(`${el.name}=${v} (${why})`);
      else el.value = v;
    }
  }
  return ignored;
}

/** Writes every field into the address bar (replacing the entry: no history per keystroke). */
export function saveSettings(): void {
  const params = new URLSearchParams();
  for (const el of fields()) params.set(el.name, el instanceof HTMLInputElement && el.type === 'checkbox' ? (el.checked ? '1' : '0') : el.value);
  history.replaceState(history.state, '', `${location.pathname}?${params}`);
}

/** The curve a reload brings back. */
export interface SavedCurve {
  lrs: number[];
  losses: number[];
  smoothed: number[];
  /** What it came from: `run on wasm`, `history.json`. */
  from: string;
  /** The sweep's spacing, for the chart's x axis. */
  mode: 'exp' | 'linear';
  /** How a run ended (a stopped run's recommendation says it is partial). */
  stopReason?: StopReason;
}

const KEY = 'lrkit:last-curve';

/** Keeps `curve` for the next visit (NaN and Infinity survive as strings). */
export function saveCurve(curve: SavedCurve): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(curve, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
  } catch {
    // storage full or disabled: the page works without it
  }
}

/** The curve kept by the last visit, or undefined. */
export function loadCurve(): SavedCurve | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return undefined;
    const c = JSON.parse(raw, (_k, v: unknown) => (v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v)) as SavedCurve;
    const ok = (a: unknown) => Array.isArray(a) && a.length === c.lrs.length && a.every((x) => typeof x === 'number');
    return ok(c.lrs) && ok(c.losses) && ok(c.smoothed) && typeof c.from === 'string' && (c.mode === 'exp' || c.mode === 'linear') &&
      (c.stopReason === undefined || typeof c.stopReason === 'string') ? c : undefined;
  } catch {
    return undefined;
  }
}
