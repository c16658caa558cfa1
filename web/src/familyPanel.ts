// The designer's factory menu and its JSON options: picking a factory fills in options that make
// a sensible design from the max LR and the length typed above (edit them freely afterwards).
import { byId } from './form.js';
import { FAMILY_NAMES, familyDefaults } from './families.js';

/** Fills the factory menu and keeps the options in step with it; `update` redraws the design. */
export function wireFamilies(update: () => void): void {
  const select = byId<HTMLSelectElement>('family');
  const options = byId<HTMLTextAreaElement>('family-options');
  select.replaceChildren(...FAMILY_NAMES.map((n) => new Option(n, n, n === 'torch.stepLR', n === 'torch.stepLR')));
  const fill = () => {
    const lr = Number(byId<HTMLInputElement>('max-lr').value);
    const total = Number(byId<HTMLInputElement>('epochs').value) * Number(byId<HTMLInputElement>('steps-per-epoch').value);
    options.value = JSON.stringify(familyDefaults(select.value, lr > 0 ? lr : 0.1, Number.isInteger(total) && total > 0 ? total : 1000));
  };
  select.addEventListener('change', () => {
    fill();
    update();
  });
  byId('policy').addEventListener('change', () => {
    if (byId<HTMLSelectElement>('policy').value === 'family' && options.value.trim() === '') fill();
  });
}
