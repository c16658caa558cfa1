// What CSV columns, JSON keys and TensorBoard tags are called, and how a cell becomes a number:
// one set of rules for every log kind, so a name that is an lr column in CSV is an lr tag in
// TensorBoard too (and `lr-SGD-momentum`, LearningRateMonitor's momentum, is neither).

/** Lower case, runs of non-alphanumerics as one `_`, no `_` at the ends: `lr-SGD/pg1` -> `lr_sgd_pg1`. */
export function normName(s: string): string {
  return s.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

// Names seen in the wild, normalised by normName(); first match wins.
export const LR_NAMES = ['lr', 'lrs', 'learning_rate', 'learning_rates', 'learningrate', 'lr_0', 'lr_group_0', 'learning_rate_0'];
export const LOSS_NAMES = [
  'loss', 'losses', 'raw_loss', 'train_loss', 'training_loss', 'batch_loss', 'train_loss_step', 'loss_step',
  'trn_loss', 'trainloss', 'loss_raw',
];
export const SMOOTHED_NAMES = [
  'smoothed', 'smoothed_loss', 'smooth_loss', 'loss_smoothed', 'smoothed_losses', 'ema_loss', 'loss_ema',
  'avg_loss', 'average_loss', 'avg_losses', 'smooth',
];
/** Step columns: Lightning's CSVLogger `step`, W&B's `_step` / `Step`, `trainer/global_step`, lrkit's `iteration`. */
export const STEP_NAMES = ['step', 'global_step', 'trainer_global_step', 'iteration', 'iter', 'it'];

// Other optimizer hyper-parameters that LearningRateMonitor and W&B log beside the rate.
const NOT_LR = /(^|_)(momentum|beta\d?|betas|weight_decay|wd|eps|dampening)(_|$)/;

/**
 * Whether a column / key / tag names a learning rate: `lr`, `learning_rate`, `lr-Adam`, `lr-SGD/pg1`,
 * `train/lr`, `Train/Samples/lr`; not `lr-SGD-momentum` nor `lr-Adam-beta1`.
 *
 * @example
 * isLrName('lr-SGD'); // true
 * isLrName('lr-SGD-momentum'); // false
 */
export function isLrName(name: string): boolean {
  const n = normName(name);
  if (NOT_LR.test(n)) return false;
  return LR_NAMES.includes(n) || n.startsWith('lr_') || /(^|_)(lr|learning_rate)(_\d+)?$/.test(n);
}

/** Whether a name is a loss (not a validation or test one when `trainOnly`). */
export function isLossName(name: string): boolean {
  return /loss/i.test(name);
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// '0,001' / '1,5e-3' as German or French Excel writes them (only read where ',' is not the delimiter).
const DECIMAL_COMMA = /^[+-]?(\d+,\d*|,\d+)([eE][+-]?\d+)?$/;
const NON_FINITE: Record<string, number> = {
  nan: NaN, '+nan': NaN, '-nan': NaN,
  inf: Infinity, '+inf': Infinity, infinity: Infinity, '+infinity': Infinity,
  '-inf': -Infinity, '-infinity': -Infinity,
};

/**
 * A cell as a number, strictly (Number() would accept '', '0x1f' and whitespace): decimal syntax,
 * `nan` / `inf` / `Infinity` in any case, and with `decimalComma` `0,5`. Undefined when it is not one.
 *
 * @example
 * parseCell('1e-3'); // 0.001
 * parseCell('NaN'); // NaN
 * parseCell('0,5', true); // 0.5
 */
export function parseCell(cell: string, decimalComma = false): number | undefined {
  const s = cell.trim();
  if (s === '') return undefined;
  // Number() first (fast), then the strict check only on what it accepts ('0x1f', '1_0' must not pass).
  const quick = Number(s);
  if (quick === quick && DECIMAL.test(s)) return quick;
  if (decimalComma && DECIMAL_COMMA.test(s)) return Number(s.replace(',', '.'));
  const key = s.toLowerCase();
  return key in NON_FINITE ? NON_FINITE[key] : undefined;
}

/** Whether a cell has a decimal comma (for choosing a `;` delimiter). */
export const hasDecimalComma = (cell: string): boolean => DECIMAL_COMMA.test(cell.trim());
