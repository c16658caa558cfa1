// The page's "bring your own" inputs: model files and a data table, chosen or dropped on their
// fields. Each is checked when chosen (and against the other), with the message at its field;
// a good pick enables and selects its option in the Model / Data menus.
import type { ClassificationData } from 'lrkit/data';
import { BUILT_IN_DATA } from './data.js';
import { acceptDrops } from './drop.js';
import { byId, markField } from './form.js';
import { fitUserData, modelFiles, readModelFacts, readUserData, type ModelFacts, type ModelFiles } from './userInputs.js';

/**
 * Owns the model-files and data-file inputs and what was read from them.
 *
 * @example
 * const own = new OwnInputs(() => saveSettings());
 * own.model; // the chosen model files, once they load and fit
 */
export class OwnInputs {
  /** The user's model files, once they loaded. */
  model: ModelFiles | undefined;
  /** What the checks read from the model, loaded once per choice (or why it did not load). */
  private facts: Promise<ModelFacts> | undefined;
  /** The user's table, once it parsed (undefined again when a later file fails: the old one is not used). */
  data: ClassificationData | undefined;
  /** Why the last data file chosen was not read (shown at its field), until a file reads. */
  dataError: string | undefined;
  /** Why the last model files chosen were not loaded (shown at their field), until some load. */
  modelError: string | undefined;
  private dataFile: File | undefined;
  private readonly modelInput = byId<HTMLInputElement>('model-files');
  private readonly dataInput = byId<HTMLInputElement>('data-file');
  private readonly status = byId<HTMLElement>('own-status');

  constructor(private readonly changed: () => void) {
    this.modelInput.addEventListener('change', () => void this.pickModel([...(this.modelInput.files ?? [])]));
    this.dataInput.addEventListener('change', () => void this.pickData(this.dataInput.files?.[0]));
    // Files dropped on a field's label go to that field, not to the curve opener around it.
    acceptDrops(this.modelInput.closest('label') ?? this.modelInput, (files) => void this.pickModel(files));
    acceptDrops(this.dataInput.closest('label') ?? this.dataInput, (files) => void this.pickData(files[0]));
    for (const id of ['label-column', 'standardize']) byId(id).addEventListener('change', () => void this.pickData(this.dataFile));
    // Another model: the previous model's message is about a model no longer selected.
    byId('model').addEventListener('change', () => void this.check());
    byId('data').addEventListener('change', () => void this.check());
  }

  /** Built-in data's shape and classes, or the user's table (undefined while its file failed). */
  target(): Pick<ClassificationData, 'name' | 'shape' | 'numClasses' | 'count'> | undefined {
    const kind = byId<HTMLSelectElement>('data').value;
    if (kind === 'file') return this.data;
    const builtIn = BUILT_IN_DATA[kind as keyof typeof BUILT_IN_DATA] ?? BUILT_IN_DATA.mnist;
    return { ...builtIn, shape: [...builtIn.shape] };
  }

  private async pickModel(files: File[]): Promise<void> {
    if (files.length === 0) return;
    try {
      this.model = await modelFiles(files);
      this.facts = readModelFacts(this.model);
      this.facts.catch(() => {}); // reported by check(), at the field
      this.modelError = undefined;
      enable('model', `your model: ${this.model.json.name}`);
    } catch (e) {
      // The field shows the new files: the model chosen before is not used behind their message.
      this.model = this.facts = undefined;
      this.modelError = (e as Error).message;
      rename('model', `your model (not loaded: ${files.find((f) => /\.json$/i.test(f.name))?.name ?? files[0].name})`);
      markField(this.modelInput, this.modelError);
      this.status.textContent = this.statusText();
      return;
    }
    await this.check();
  }

  private async pickData(file: File | undefined): Promise<void> {
    if (!file) return;
    this.dataFile = file;
    try {
      this.data = await readUserData(file, {
        label: byId<HTMLInputElement>('label-column').value.trim() || 'label',
        standardize: byId<HTMLInputElement>('standardize').checked,
      });
      this.dataError = undefined;
      markField(this.dataInput, undefined);
      enable('data', `your data: ${file.name}`);
    } catch (e) {
      // The field shows the new file's name: the table read before must not be used behind it.
      this.data = undefined;
      this.dataError = (e as Error).message;
      rename('data', `your data (not read: ${file.name})`);
      markField(this.dataInput, this.dataError);
      await this.check();
      return;
    }
    await this.check();
  }

  /**
   * Says whether the chosen model (read once, when it was chosen) fits the selected data; the
   * message goes to the model field when it does not.
   */
  async check(): Promise<void> {
    const parts = [this.statusText()];
    const selected = byId<HTMLSelectElement>('model').value === 'file';
    if (this.model && this.facts && selected) {
      try {
        const facts = await this.facts;
        parts.push(facts.description);
        const target = this.target();
        if (target) fitUserData(this.model.json.name, facts.shapes, target);
        if (facts.activationError) throw new RangeError(facts.activationError);
        markField(this.modelInput, undefined);
      } catch (e) {
        markField(this.modelInput, (e as Error).message);
      }
    } else if (!selected || !this.modelError) markField(this.modelInput, undefined);
    this.status.textContent = parts.filter((p) => p !== '').join('. ');
    this.syncHidden();
    this.changed();
  }

  /** The table's line (`blobs.csv: 240 rows, ...`), or '' without a table. */
  private statusText(): string {
    return this.data ? `${this.data.name}: ${this.data.count} rows, ${this.data.shape[0]} features, ${this.data.numClasses} classes` : '';
  }

  /** The built-in MLP's field is idle while the user's model is selected. */
  private syncHidden(): void {
    byId<HTMLInputElement>('hidden').disabled = byId<HTMLSelectElement>('model').value === 'file';
  }
}

/** Relabels the `file` option of select `#id` (its state and selection are kept). */
function rename(id: string, text: string): void {
  const option = [...byId<HTMLSelectElement>(id).options].find((o) => o.value === 'file');
  if (option && !option.disabled) option.textContent = text;
}

/** Enables and selects the `file` option of select `#id`, labelled `text`. */
function enable(id: string, text: string): void {
  const select = byId<HTMLSelectElement>(id);
  const option = [...select.options].find((o) => o.value === 'file')!;
  option.disabled = false;
  option.textContent = text;
  select.value = 'file';
}
