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
  /** The user's table, once it parsed. */
  data: ClassificationData | undefined;
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
    byId('model').addEventListener('change', () => this.syncHidden());
    byId('data').addEventListener('change', () => void this.check());
  }

  /** Built-in data's shape and classes, or the user's table. */
  private target(): Pick<ClassificationData, 'name' | 'shape' | 'numClasses' | 'count'> {
    const kind = byId<HTMLSelectElement>('data').value;
    const builtIn = BUILT_IN_DATA[kind as keyof typeof BUILT_IN_DATA] ?? BUILT_IN_DATA.mnist;
    return kind === 'file' && this.data ? this.data : { ...builtIn, shape: [...builtIn.shape] };
  }

  private async pickModel(files: File[]): Promise<void> {
    if (files.length === 0) return;
    try {
      this.model = await modelFiles(files);
      this.facts = readModelFacts(this.model);
      this.facts.catch(() => {}); // reported by check(), at the field
      enable('model', `your model: ${this.model.json.name}`);
    } catch (e) {
      markField(this.modelInput, (e as Error).message);
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
      markField(this.dataInput, undefined);
      enable('data', `your data: ${file.name}`);
    } catch (e) {
      markField(this.dataInput, (e as Error).message);
      return;
    }
    await this.check();
  }

  /**
   * Says whether the chosen model (read once, when it was chosen) fits the selected data; the
   * message goes to the model field when it does not.
   */
  async check(): Promise<void> {
    const parts: string[] = [];
    if (this.data) parts.push(`${this.data.name}: ${this.data.count} rows, ${this.data.shape[0]} features, ${this.data.numClasses} classes`);
    if (this.model && this.facts && byId<HTMLSelectElement>('model').value === 'file') {
      try {
        const facts = await this.facts;
        parts.push(facts.description);
        fitUserData(this.model.json.name, facts.shapes, this.target());
        if (facts.activationError) throw new RangeError(facts.activationError);
        markField(this.modelInput, undefined);
      } catch (e) {
        markField(this.modelInput, (e as Error).message);
      }
    } else if (this.model) markField(this.modelInput, undefined);
    this.status.textContent = parts.join('. ');
    this.syncHidden();
    this.changed();
  }

  /** The built-in MLP's field is idle while the user's model is selected. */
  private syncHidden(): void {
    byId<HTMLInputElement>('hidden').disabled = byId<HTMLSelectElement>('model').value === 'file';
  }
}

/** Enables and selects the `file` option of select `#id`, labelled `text`. */
function enable(id: string, text: string): void {
  const select = byId<HTMLSelectElement>(id);
  const option = [...select.options].find((o) => o.value === 'file')!;
  option.disabled = false;
  option.textContent = text;
  select.value = 'file';
}
