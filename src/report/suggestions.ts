// Suggestions as the charts and the report take them: an array of { name, lr }, or the object
// that `suggest.all(result)` returns (keyed by rule name).
import { fail, positive, string } from '../check/index.js';

/**
 * A suggested learning rate to mark or list (a Suggestion from `suggest.*` fits). `baseLr` is set
 * on `suggest.cyclicBounds` results (a range rather than one rate).
 *
 * @example
 * const s: PlotSuggestion = { name: 'valley', lr: 3.2e-3, index: 57, loss: 0.41 };
 */
export interface PlotSuggestion {
  name: string;
  lr: number;
  index?: number;
  /** Accepted for convenience; markers are drawn on the plotted curve at `lr`. */
  loss?: number;
  baseLr?: number;
  /** Part of the recommendation (recommend()): drawn solid and bold, where the rules are dashed. */
  recommended?: boolean;
}

/**
 * Either form of suggestions: a list, or a set keyed by rule name as `suggest.all` returns it.
 *
 * @example
 * const a: SuggestionsInput = suggest.all(result);
 * const b: SuggestionsInput = [suggest.valley(result)];
 */
export type SuggestionsInput = readonly PlotSuggestion[] | SuggestionSetLike;

/**
 * The shape of `suggest.all(result)` as the charts read it (each entry optional).
 *
 * @example
 * const set: SuggestionSetLike = { valley: { name: 'valley', lr: 3e-3 } };
 */
export interface SuggestionSetLike {
  valley?: PlotSuggestion;
  steep?: PlotSuggestion;
  minimum?: PlotSuggestion;
  slide?: PlotSuggestion;
  oneCycle?: PlotSuggestion;
  cyclicBounds?: PlotSuggestion;
}

// Single learning rates, in the order charts mark them. cyclicBounds (a range) and oneCycle (a
// schedule's peak) are schedule parameters: the report lists them, the charts do not mark them.
const POINT_RULES = ['valley', 'steep', 'minimum', 'slide'];
const SCHEDULE_RULES = ['oneCycle', 'cyclicBounds'];

/**
 * Validates suggestions and returns them as a list. An array is kept as given. A set from
 * `suggest.all` gives its single-rate rules (valley, steep, minimum, slide when present) and,
 * with `schedules: true`, also oneCycle and cyclicBounds; other keys follow in key order. `fn` names
 * the caller in error messages (default `suggestionList`).
 *
 * @example
 * suggestionList(suggest.all(result)).map((s) => s.name); // ['valley', 'steep', 'minimum', 'slide']
 */
export function suggestionList(input: unknown, options: { schedules?: boolean; fn?: string } = {}): PlotSuggestion[] {
  const { fn = 'suggestionList' } = options;
  const one = (s: unknown, where: string): PlotSuggestion => {
    if (s === null || typeof s !== 'object') fail(fn, where, 'an object with name and lr', s, TypeError);
    const { name, lr, baseLr } = s as PlotSuggestion;
    string(fn, `${where}.name`, name);
    positive(fn, `${where}.lr`, lr);
    if (baseLr !== undefined) positive(fn, `${where}.baseLr`, baseLr);
    return s as PlotSuggestion;
  };
  if (input === undefined) return [];
  if (Array.isArray(input)) return input.map((s, i) => one(s, `suggestions[${i}]`));
  if (input === null || typeof input !== 'object') fail(fn, 'suggestions', 'an array or the object suggest.all() returns', input, TypeError);
  const set = input as Record<string, unknown>;
  const skip = options.schedules ? [] : SCHEDULE_RULES;
  const keys = [...POINT_RULES, ...SCHEDULE_RULES, ...Object.keys(set)].filter((k, i, all) => all.indexOf(k) === i && !skip.includes(k));
  return keys.filter((k) => set[k] !== undefined).map((k) => one(set[k], `suggestions.${k}`));
}
