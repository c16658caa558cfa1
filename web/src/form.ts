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

/**
 * A finite number from input `#id`, optionally bounded (exclusive `gt`/`lt`, inclusive `min`/`max`).
 * Accepts `1e-3` style input.
 *
 * @example
 * const lr = readNumber('start-lr', { gt: 0 }); // RangeError 'Start LR (start-lr) must be > 0, got "-1"'
 */
export function readNumber(id: string, bounds: { gt?: number; lt?: number; min?: number; max?: number; integer?: boolean } = {}): number {
  const input = byId<HTMLInputElement>(id);
  return checked(input, () => {
    const raw = input.value.trim();
    const v = Number(raw);
    const name = labelOf(input);
    const fail = (expected: string) => new RangeError(`${name} must be ${expected}, got ${JSON.stringify(raw)}`);
    if (!DECIMAL.test(raw) || !Number.isFinite(v)) throw fail('a finite number');
    if (bounds.integer && !Number.isInteger(v)) throw fail('an integer');
    if (bounds.gt !== undefined && !(v > bounds.gt)) throw fail(`> ${bounds.gt}`);
    if (bounds.min !== undefined && v < bounds.min) throw fail(`>= ${bounds.min}`);
    if (bounds.max !== undefined && v > bounds.max) throw fail(`<= ${bounds.max}`);
    if (bounds.lt !== undefined && !(v < bounds.lt)) throw fail(`< ${bounds.lt}`);
    return v;
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

function labelOf(el: HTMLElement): string {
  const label = el.closest('label');
  const text = label?.firstChild?.textContent?.trim();
  return text ? `${text} (${el.id})` : el.id;
}
