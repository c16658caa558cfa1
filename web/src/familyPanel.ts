// The designer's factory menu and its JSON options: picking a factory fills in options that make
// a sensible design from the max LR and the length typed above. Until you edit them, the options
// follow those fields (a new max LR from a run, "use as max LR", another length); once edited,
// they are yours and stay as typed.
import { byId } from './form.js';
import { FAMILY_NAMES, familyDefaults } from './families.js';

const options = () => byId<HTMLTextAreaElement>('family-options');

/** The factory's default options for the max LR and length in the form. */
function defaults(): string {
  const lr = Number(byId<HTMLInputElement>('max-lr').value);
  const total = Number(byId<HTMLInputElement>('epochs').value) * Number(byId<HTMLInputElement>('steps-per-epoch').value);
  return JSON.stringify(familyDefaults(byId<HTMLSelectElement>('family').value, lr > 0 ? lr : 0.1, Number.isInteger(total) && total > 0 ? total : 1000));
}

/** Writes the defaults, remembering them as the untouched value. */
function fill(): void {
  const o = options();
  o.value = o.dataset.auto = defaults();
}

/**
 * Refreshes options the user has not edited (called before every redraw of a family design).
 *
 * @example
 * followFields(); // max LR 0.1 -> 0.3: {"lr":0.3,...} if the options were still the defaults
 */
export function followFields(): void {
  const o = options();
  if (o.value.trim() === '' || o.value === o.dataset.auto) fill();
}

/** Fills the factory menu and keeps the options in step with it; `update` redraws the design. */
export function wireFamilies(update: () => void): void {
  const select = byId<HTMLSelectElement>('family');
  select.replaceChildren(...FAMILY_NAMES.map((n) => new Option(n, n, n === 'torch.stepLR', n === 'torch.stepLR')));
  select.addEventListener('change', () => {
    fill();
    update();
  });
}
