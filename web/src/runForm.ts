// The range-test form: its fields read and checked as the page's own messages say (by their
// labels), the batch size against the data's rows, and the note on passes over small data.
import type { PageBackend } from './backend.js';
import { byId, FieldError, labelOf, markField, readChoice, readIntList, readNumber } from './form.js';
import { OPTIMIZER_NAMES, type RunSettings } from './train.js';

/** What a run needs from the form. */
export type PageSettings = RunSettings & { data: 'mnist' | 'spirals' | 'file'; model: 'mlp' | 'file'; backend: PageBackend };

/** Where the form learns how many rows the selected data has (the own-inputs panel). */
export interface DataSource {
  target(): { name: string; count: number } | undefined;
}

/**
 * The run form's readers, bound to the data source and to what to do when a field the status line
 * complained about is fixed.
 *
 * @example
 * const form = runForm(own, (id) => clearStatusAbout(id));
 * const settings = form.readRunSettings();
 */
export function runForm(own: DataSource, onFixed: (fieldId: string) => void) {
  /** End LR, which must be above Start LR (when that one reads). */
  function readEndLr(): number {
    let startLr: number | undefined;
    try {
      startLr = readNumber('start-lr');
    } catch {
      // Start LR's own message is at its field
    }
    return readNumber('end-lr', startLr === undefined ? {} : { gt: startLr, why: 'the sweep goes from Start LR up to End LR' });
  }

  /** The rows of the selected data (a built-in set, or your table once it was read). */
  function dataRows(): { rows: number; name: string } | undefined {
    const target = own.target();
    if (!target) return undefined;
    const kind = byId<HTMLSelectElement>('data').value;
    return { rows: target.count, name: kind === 'file' ? target.name : byId<HTMLSelectElement>('data').selectedOptions[0]?.textContent?.replace(/ \(.*$/, '') ?? kind };
  }

  /** The batch size, which must not exceed the rows of the data: a batch larger than the table is refused, naming both. */
  function readBatchSize(): number {
    const batch = readNumber('batch-size');
    const data = dataRows();
    if (data && batch > data.rows) {
      const input = byId<HTMLInputElement>('batch-size');
      const message = `${labelOf(input)} ${batch} is more than the ${data.rows.toLocaleString('en')} rows of ${data.name}: a batch cannot hold more examples than the data has`;
      markField(input, message);
      throw new FieldError(input.id, message);
    }
    return batch;
  }

  /** The finder's fields that a message can be about, each read (and marked or cleared) on its own. */
  const FIELD_CHECKS: Record<string, () => unknown> = {
    'start-lr': () => readNumber('start-lr'),
    'end-lr': readEndLr,
    'batch-size': readBatchSize,
    'num-iter': () => readNumber('num-iter'),
    beta: () => readNumber('beta'),
    hidden: () => readIntList('hidden'),
  };

  function readRunSettings(): PageSettings {
    // Bounded so that the sweep's rates stay finite: (end / start) ** t overflows past ~1e308 (NUMBER_FIELDS).
    const startLr = readNumber('start-lr');
    const endLr = readEndLr();
    return {
      data: readChoice('data', ['mnist', 'spirals', 'file'] as const),
      model: readChoice('model', ['mlp', 'file'] as const),
      backend: readChoice('backend', ['wasm', 'webgl', 'cpu'] as const),
      hidden: byId<HTMLInputElement>('hidden').disabled ? [] : readIntList('hidden'),
      optimizer: readChoice('optimizer', OPTIMIZER_NAMES),
      batchSize: readBatchSize(),
      startLr,
      endLr,
      numIter: readNumber('num-iter'),
      mode: readChoice('mode', ['exp', 'linear'] as const),
      beta: readNumber('beta'),
    };
  }

  /**
   * After an edit of the run form: a marked field whose value is now good loses its message (and the
   * status line its error about it); a batch larger than the data is named at once; and the note
   * under the form says how many passes over the data the run makes, when it makes two or more.
   */
  function recheckRunForm(): void {
    const rows = dataRows()?.rows;
    for (const [id, read] of Object.entries(FIELD_CHECKS)) {
      const el = byId<HTMLInputElement>(id);
      // Only fields already marked are read (no message while a value is being typed), and a batch
      // size larger than the data (a new data set, or a new size, can make it so).
      const tooLarge = id === 'batch-size' && rows !== undefined && Number.isInteger(Number(el.value)) && Number(el.value) > rows;
      if (el.getAttribute('aria-invalid') !== 'true' && !tooLarge) continue;
      try {
        read();
        onFixed(id);
      } catch {
        // marked at its field by its reader
      }
    }
    const note = byId<HTMLElement>('data-note');
    note.textContent = '';
    note.hidden = true;
    const data = dataRows();
    const batch = Number(byId<HTMLInputElement>('batch-size').value);
    const iters = Number(byId<HTMLInputElement>('num-iter').value);
    if (!data || !Number.isInteger(batch) || !Number.isInteger(iters) || batch < 1 || iters < 1 || batch > data.rows) return;
    const passes = (iters * batch) / data.rows;
    if (passes >= 2) {
      note.textContent = `${iters.toLocaleString('en')} iterations of ${batch} on a ${data.rows.toLocaleString('en')}-row table (${data.name}) is ${Number(passes.toPrecision(2)).toLocaleString('en')} passes over it: ` +
        'the later steps see the same rows again, so the loss falls partly by memorising them.';
      note.hidden = false;
    }
  }


  return { readRunSettings, recheckRunForm, dataRows };
}
