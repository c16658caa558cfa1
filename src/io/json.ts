// Curve JSON files: a RangeTestResult (plus optional suggestions) as JSON, validated with zod.
import { z } from 'zod';
import { fail, string } from '../check/index.js';
import { assertCurve, type CurveLike } from './curve.js';

// JSON has no NaN/Infinity: JSON.stringify writes null, so null reads back as NaN (a diverged point).
const lossValue = z.number().nullable().transform((v) => (v === null ? NaN : v));

const suggestionSchema = z
  .object({
    name: z.string().min(1),
    lr: z.number().positive(),
    index: z.number().int().nonnegative(),
    loss: lossValue.optional(),
  })
  .loose();

/**
 * zod schema of a curve JSON file: `{ lrs, losses, smoothed?, suggestions?, stopReason?, ... }`.
 * `lrs` are finite and > 0 (at least 2); `losses`/`smoothed` have the same length and may hold
 * `null` for non-finite values, which parse to NaN. Unknown keys are kept.
 *
 * @example
 * const curve = curveJsonSchema.parse({ lrs: [1e-4, 1e-3], losses: [2.3, null] });
 * Number.isNaN(curve.losses[1]); // true
 */
export const curveJsonSchema = z
  .object({
    lrs: z.array(z.number().positive()).min(2),
    losses: z.array(lossValue),
    smoothed: z.array(lossValue).optional(),
    suggestions: z.array(suggestionSchema).optional(),
    stopReason: z.enum(['completed', 'diverged', 'non-finite', 'aborted']).optional(),
    iterations: z.number().int().nonnegative().optional(),
    metric: z.enum(['loss', 'higher-is-better']).optional(),
    startLr: z.number().positive().optional(),
    endLr: z.number().positive().optional(),
    mode: z.enum(['exp', 'linear']).optional(),
    numIter: z.number().int().positive().optional(),
  })
  .loose()
  .superRefine((c, ctx) => {
    if (c.losses.length !== c.lrs.length) {
      ctx.addIssue({ code: 'custom', path: ['losses'], message: `length ${c.losses.length} differs from lrs length ${c.lrs.length}` });
    }
    if (c.smoothed && c.smoothed.length !== c.lrs.length) {
      ctx.addIssue({ code: 'custom', path: ['smoothed'], message: `length ${c.smoothed.length} differs from lrs length ${c.lrs.length}` });
    }
    c.suggestions?.forEach((s, i) => {
      if (s.index >= c.lrs.length) {
        ctx.addIssue({ code: 'custom', path: ['suggestions', i, 'index'], message: `index ${s.index} is past the end of the curve (${c.lrs.length} points)` });
      }
    });
  });

/**
 * A validated curve JSON file (the output type of {@link curveJsonSchema}).
 *
 * @example
 * const c: CurveJson = parseCurveJson('{"lrs":[0.001,0.01],"losses":[2,1.5]}');
 */
export type CurveJson = z.output<typeof curveJsonSchema>;

// The value found at an issue's path, as an error message shows it (so the message names the bad value).
function shownAt(raw: unknown, path: readonly PropertyKey[]): string {
  let v = raw;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (v !== null && typeof v === 'object') return 'an object';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(root)';
}

/**
 * Parses and validates a curve JSON file. Throws a RangeError listing the offending fields
 * (e.g. `lrs[3]: Too small: expected number to be >0`) or naming the JSON syntax error.
 *
 * @example
 * const { lrs, losses, suggestions } = parseCurveJson(fs.readFileSync('curve.json', 'utf8'));
 */
export function parseCurveJson(text: string): CurveJson {
  string('parseCurveJson', 'text', text, true);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const start = text.length > 40 ? `${text.slice(0, 40)}...` : text;
    throw new RangeError(`invalid curve JSON: ${e instanceof Error ? e.message : String(e)}; expected a JSON object with lrs and losses arrays, got ${JSON.stringify(start)}`);
  }
  const r = curveJsonSchema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues;
    const listed = issues.slice(0, 5).map((i) => `${formatPath(i.path)}: ${i.message} (got ${shownAt(raw, i.path)})`);
    if (issues.length > 5) listed.push(`... and ${issues.length - 5} more`);
    throw new RangeError(`invalid curve JSON: ${listed.join('; ')}`);
  }
  return r.data;
}

/** A suggestion as stored in a curve file (a Suggestion from `suggest.*` fits). */
type SuggestionLike = { name: string; lr: number; index: number; loss?: number };
/** What `suggest.all()` returns, keyed by rule name. */
type SuggestionSetLike = Partial<Record<'minimum' | 'steep' | 'valley' | 'slide' | 'cyclicBounds' | 'oneCycle', SuggestionLike>>;

/**
 * Serialises a curve (e.g. a RangeTestResult) and optional suggestions as pretty JSON that
 * {@link parseCurveJson} reads back. Non-finite losses become null (read back as NaN).
 *
 * @example
 * fs.writeFileSync('curve.json', curveToJson(result, suggest.all(result)));
 */
export function curveToJson(
  result: CurveLike,
  suggestions?: readonly SuggestionLike[] | SuggestionSetLike,
): string {
  assertCurve(result, 'result', 'curveToJson');
  if (suggestions !== undefined && (suggestions === null || typeof suggestions !== 'object')) {
    fail('curveToJson', 'suggestions', 'an array or the object suggest.all() returns', suggestions, TypeError);
  }
  const out: Record<string, unknown> = { ...result };
  // suggest.all() keys its results by rule name; the file stores them as a list.
  if (suggestions !== undefined) {
    out.suggestions = Array.isArray(suggestions) ? suggestions : Object.values(suggestions).filter((s) => s !== undefined);
  }
  return JSON.stringify(out, null, 2) + '\n';
}
