// Reading and checking form inputs. Bad values become a RangeError naming the field, its value
// and what is expected; the page shows the message instead of running.

/**
 * The element with `id`, typed; throws when the page lacks it (a broken build, not user input).
 *
 * @example
 * const run = byId<HTMLButtonElement>('run');
 */
export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page element #${id} is missing`);
  return el as T;
}

/** A bad form value: the message names the field; `field` is the input's id (to focus it). */
export class FieldError extends RangeError {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'FieldError';
  }
}

/**
 * Shows `message` next to the input (in its label, linked by aria-describedby, marked
 * aria-invalid), or clears it when `message` is undefined.
 *
 * @example
 * markField(byId('model-files'), 'model.json: its input shape [4] does not fit the data\'s [2]');
 */
export function markField(el: HTMLElement, message: string | undefined): void {
  const id = `${el.id}-error`;
  let note = document.getElementById(id);
  if (message === undefined) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-describedby');
    note?.remove();
    return;
  }
  if (!note) {
    note = document.createElement('span');
    note.id = id;
    note.className = 'field-error';
    (el.closest('label') ?? el.parentElement)?.append(note);
  }
  note.textContent = message;
  el.setAttribute('aria-invalid', 'true');
  el.setAttribute('aria-describedby', id);
}

// Marks the field for assistive technology and styling; every read clears or sets it.
function checked<T>(el: HTMLElement, read: () => T): T {
  try {
    const v = read();
    markField(el, undefined);
    return v;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    markField(el, e.message);
    throw new FieldError(el.id, e.message);
  }
}

// Plain decimal or scientific notation only: Number() would also read '0x10' as 16 and ' ' as 0.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** What a number field accepts: exclusive `gt`/`lt`, inclusive `min`/`max`, whole numbers; `why` follows a refusal. */
export interface Bounds {
  gt?: number;
  lt?: number;
  min?: number;
  max?: number;
  integer?: boolean;
  /** Said after a value above `max` is refused: why the bound is there. */
  whyMax?: string;
  /** Said after any refusal of a number: why the bounds are there. */
  why?: string;
}

/**
 * What each number field of both forms accepts on its own (the Run and the designer add the bounds
 * that depend on other fields). A value typed, or read from a link, is checked against these.
 */
export const NUMBER_FIELDS: Record<string, Bounds> = {
  // Bounded so that the sweep's rates stay finite: (end / start) ** t overflows past ~1e308.
  'start-lr': { gt: 0, min: 1e-12, max: 1e3 },
  'end-lr': { gt: 0, max: 1e6 },
  'batch-size': { integer: true, min: 1, max: 4096 },
  'num-iter': { integer: true, min: 2, max: 100000 },
  beta: { min: 0, max: 0.999 },
  'min-lr': { min: 0 },
  'max-lr': { gt: 0, max: 10, whyMax: 'no range test reaches a rate that trains above 10 (every curve has blown up long before)' },
  epochs: { integer: true, min: 1, max: 1000 },
  'steps-per-epoch': { integer: true, min: 1, max: 100000 },
  'half-cycle': { gt: 0 },
  gamma: { gt: 0, max: 1, whyMax: 'above 1 the amplitude grows every step, the rate shoots up past Max LR and the chart\'s y ticks vanish' },
  'pct-start': { gt: 0, lt: 1 },
  'div-factor': { min: 1 },
  'final-div-factor': { min: 1 },
  t0: { gt: 0 },
  't-mult': { integer: true, min: 1 },
  'max-momentum': { min: 0, max: 1 },
  'min-momentum': { min: 0, max: 1 },
};

/** `0.001`, `100,000`: a bound as the messages write it. */
function num(v: number): string {
  return Math.abs(v) >= 1000 && Number.isInteger(v) ? v.toLocaleString('en') : String(v);
}

/** What the bounds ask for, in words: "a whole number from 2 to 100,000", "a number > 0 and at most 10". */
function expected(b: Bounds): string {
  const kind = b.integer ? 'a whole number' : 'a number';
  const inclusiveLow = b.min !== undefined && (b.gt === undefined || b.min > b.gt);
  if (inclusiveLow && b.max !== undefined && b.lt === undefined) return `${kind} from ${num(b.min!)} to ${num(b.max)}`;
  if (b.integer && inclusiveLow && b.lt === undefined) return `${kind} of at least ${num(b.min!)}`;
  const parts: string[] = [];
  if (b.gt !== undefined && !inclusiveLow) parts.push(`> ${num(b.gt)}`);
  if (inclusiveLow) parts.push(`>= ${num(b.min!)}`);
  if (b.lt !== undefined) parts.push(`< ${num(b.lt)}`);
  if (b.max !== undefined) parts.push(`at most ${num(b.max)}`);
  return parts.length ? `${kind} ${parts.join(' and ')}` : kind;
}

/**
 * Why `raw` is not a value of the field labelled `name` under `bounds` ("Iterations must be a whole
 * number from 2 to 100,000, got \"2.5\""), or undefined when it is one.
 *
 * @example
 * numberProblem('Batch size', '0', NUMBER_FIELDS['batch-size']); // 'Batch size must be a whole number from 1 to 4,096, got "0"'
 */
export function numberProblem(name: string, raw: string, bounds: Bounds): string | undefined {
  const v = Number(raw);
  const base = `${name} must be ${expected(bounds)}, got ${JSON.stringify(raw)}`;
  const fail = bounds.why ? `${base}: ${bounds.why}` : base;
  if (!DECIMAL.test(raw) || !Number.isFinite(v)) return fail;
  if (bounds.integer && !Number.isInteger(v)) return fail;
  if (bounds.gt !== undefined && !(v > bounds.gt)) return fail;
  if (bounds.min !== undefined && v < bounds.min) return fail;
  if (bounds.max !== undefined && v > bounds.max) return bounds.whyMax ? `${base}: ${bounds.whyMax}` : base;
  if (bounds.lt !== undefined && !(v < bounds.lt)) return fail;
  return undefined;
}

/**
 * A finite number from input `#id`, within its {@link NUMBER_FIELDS} bounds and `extra` ones
 * (bounds set by other fields, e.g. Min LR below Max LR). Accepts `1e-3` style input.
 *
 * @example
 * const lr = readNumber('start-lr'); // RangeError 'Start LR must be a number > 0 and at least 1e-12 ..., got "-1"'
 */
export function readNumber(id: string, extra: Bounds = {}): number {
  const input = byId<HTMLInputElement>(id);
  return checked(input, () => {
    const raw = input.value.trim();
    const name = labelOf(input);
    // One message for all the bounds: the field's own and those other fields set.
    const problem = numberProblem(name, raw, { ...NUMBER_FIELDS[id], ...extra });
    if (problem) throw new RangeError(problem);
    return Number(raw);
  });
}

/**
 * Comma-separated positive integers from input `#id` (an empty field gives `[]`).
 *
 * @example
 * readIntList('hidden'); // '256, 128' -> [256, 128]
 */
export function readIntList(id: string): number[] {
  const input = byId<HTMLInputElement>(id);
  return checked(input, () => {
    const raw = input.value.trim();
    if (raw === '') return [];
    const parts = raw.split(',').map((s) => Number(s.trim()));
    if (parts.some((n) => !Number.isInteger(n) || n < 1 || n > 4096)) {
      throw new RangeError(`${labelOf(input)} must be comma-separated integers in [1, 4096], got ${JSON.stringify(raw)}`);
    }
    return parts;
  });
}

/**
 * The selected value of `#id`, checked against the allowed values.
 *
 * @example
 * const mode = readChoice('mode', ['exp', 'linear'] as const);
 */
export function readChoice<T extends string>(id: string, allowed: readonly T[]): T {
  const el = byId<HTMLSelectElement>(id);
  return checked(el, () => {
    if (!(allowed as readonly string[]).includes(el.value)) {
      throw new RangeError(`${labelOf(el)} must be one of ${allowed.join(', ')}, got ${JSON.stringify(el.value)}`);
    }
    return el.value as T;
  });
}

/**
 * The field's name as its label writes it ("Start LR", "Half cycle (epochs)"), for messages.
 *
 * @example
 * labelOf(byId('num-iter')); // 'Iterations'
 */
export function labelOf(el: HTMLElement): string {
  const label = el.closest('label');
  const text = label?.firstChild?.textContent?.trim();
  return text || el.getAttribute('aria-label') || el.id;
}

/**
 * A library message in the page's words: without the function that threw it (`policySpec(): `,
 * `recommend: `), and with a curve's `input.lrs must be strictly increasing; lrs[1] = 0.01 is not above
 * lrs[0] = 0.1` said as the points of the file.
 *
 * @example
 * plainMessage('recommend: input.lrs must be strictly increasing; lrs[1] = 0.01 is not above lrs[0] = 0.1');
 * // 'the learning rates must increase from point to point: point 2 (lr 0.01) is not above point 1 (lr 0.1)'
 */
export function plainMessage(message: string): string {
  let m = message.replace(/^(?:[\w.]+\(\)|recommend|analyzeCurve|toEngine): /, '');
  m = m.replace(/^[\w.]*lrs must be strictly increasing; lrs\[(\d+)\] ?= ?(\S+) is not above lrs\[(\d+)\] ?= ?(\S+?)$/, (_all, i, a, j, b) =>
    `the learning rates must increase from point to point: point ${Number(i) + 1} (lr ${a}) is not above point ${Number(j) + 1} (lr ${b})`);
  return m.replace(/(^|[\s(])[\w.]+\(\): /g, '$1');
}
