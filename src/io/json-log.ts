// JSON curve logs as Python and pandas write them: lrkit's `{ lrs, losses }`, pytorch-lr-finder's
// history and Lightning's results `{ lr, loss }`, any object of arrays with the key flags, pandas'
// `to_json()` (`{ "lr": { "0": ... } }`) and records (`[{ "lr": ..., "loss": ... }]`). Python's
// json.dump writes NaN / Infinity tokens, which JSON.parse refuses; numbers as strings read as CSV
// cells do.
import { parseCell } from './cells.js';
import type { RawLog } from './log-source.js';

/** JSON text with Python's NaN / Infinity / -Infinity tokens (outside strings) turned into strings. */
function quotePythonTokens(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 78 || c === 73 || c === 45) {
      const m = /^(NaN|-?Infinity)/.exec(text.slice(i, i + 9));
      if (m) {
        out += `${text.slice(from, i)}"${m[1]}"`;
        i += m[1].length - 1;
        from = i + 1;
      }
    }
  }
  return out + text.slice(from);
}

/** Parses JSON, accepting Python's non-finite tokens. */
export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (/NaN|Infinity/.test(text)) {
      try {
        return JSON.parse(quotePythonTokens(text));
      } catch {
        // fall through to the first error, which points at the text as written
      }
    }
    const start = text.length > 40 ? `${text.slice(0, 40)}...` : text;
    throw new RangeError(`invalid curve JSON: ${(e as Error).message}; expected ${EXPECTED}, got ${JSON.stringify(start)}`);
  }
}

const EXPECTED = 'a JSON object with lrs and losses arrays (lrkit) or lr and loss arrays (pytorch-lr-finder history, Lightning lr_finder.results)';

/** The numbers of a column: an array, or pandas' `{ "0": v, "1": v }`; null is NaN, strings read as CSV cells. */
function column(obj: Record<string, unknown>, key: string, what: string): number[] | undefined {
  let v = obj[key];
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0 || !keys.every((k) => /^\d+$/.test(k))) return undefined;
    v = Object.values(v); // integer-like keys enumerate in ascending order
  }
  if (!Array.isArray(v)) return undefined;
  return v.map((x, i) => {
    if (typeof x === 'number') return x;
    if (x === null) return NaN;
    const n = typeof x === 'string' ? parseCell(x) : undefined;
    if (n === undefined) throw new RangeError(`${what} ${JSON.stringify(key)}[${i}] is ${JSON.stringify(x) ?? String(x)}, not a number`);
    return n;
  });
}

/** Records `[{ lr, loss }, ...]` as an object of columns. */
function fromRecords(rows: unknown[]): Record<string, unknown> {
  const cols: Record<string, unknown[]> = {};
  rows.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new RangeError(`invalid curve JSON: record [${i}] is not an object; expected ${EXPECTED}`);
    for (const [k, v] of Object.entries(r)) (cols[k] ??= new Array(rows.length).fill(null))[i] = v;
  });
  return cols;
}

/**
 * Reads a JSON log (see the top of json-log.ts); `lrKey` / `lossKey` choose the keys. Throws a
 * RangeError naming the keys it has and the value that is not a number.
 *
 * @example
 * jsonRawLog('{"lr": [1e-4, 1e-3], "loss": [2.3, NaN]}', {}).guess.tool; // 'pytorch-lr-finder'
 */
export function jsonRawLog(text: string, o: { lrColumn?: string; lossColumn?: string }): RawLog {
  const json = parsePythonJson(text);
  const obj: Record<string, unknown> = Array.isArray(json) ? fromRecords(json) : json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const keys = Object.keys(obj).map((k) => JSON.stringify(k)).join(', ') || 'none';
  const base = { notes: [], warnings: [] };
  if (o.lrColumn !== undefined || o.lossColumn !== undefined) {
    const lrKey = o.lrColumn ?? 'lr';
    const lossKey = o.lossColumn ?? 'loss';
    const get = (flag: string, key: string) => {
      const v = column(obj, key, flag);
      if (!v) throw new RangeError(`${flag} ${JSON.stringify(key)} is not an array of numbers in this JSON; its keys: ${keys}`);
      return v;
    };
    const lrs = positive(get('lrColumn', lrKey), lrKey);
    const losses = get('lossColumn', lossKey);
    sameLength(lrs, losses, lrKey, lossKey);
    return {
      ...base, curve: { lrs, losses }, source: `keys lr=${lrKey}, loss=${lossKey}`, lrName: JSON.stringify(lrKey), pointName: (i) => `${lrKey}[${i}]`,
      guess: { tool: 'raw', why: 'keys chosen by lrColumn / lossColumn' },
    };
  }
  if ('lrs' in obj) {
    const lrs = column(obj, 'lrs', 'key');
    const losses = column(obj, 'losses', 'key');
    if (!lrs || !losses) throw new RangeError(`invalid curve JSON: lrs and losses must be arrays of numbers; its keys: ${keys}`);
    sameLength(positive(lrs, 'lrs'), losses, 'lrs', 'losses');
    const smoothed = 'smoothed' in obj ? column(obj, 'smoothed', 'key') : undefined;
    if (smoothed) sameLength(lrs, smoothed, 'lrs', 'smoothed');
    return {
      ...base, curve: { lrs, losses, ...(smoothed ? { smoothed } : {}) }, source: '', lrName: '"lrs"', pointName: (i) => `lrs[${i}]`,
      guess: { tool: 'raw', why: "lrkit's curve file (keys lrs, losses)" },
    };
  }
  const lrs = column(obj, 'lr', 'key');
  const losses = column(obj, 'loss', 'key');
  if (lrs && losses) {
    sameLength(positive(lrs, 'lr'), losses, 'lr', 'loss');
    return {
      ...base, curve: { lrs, losses }, source: 'keys lr, loss (pytorch-lr-finder history / Lightning lr_finder.results)', lrName: '"lr"', pointName: (i) => `lr[${i}]`,
      guess: { tool: 'pytorch-lr-finder', why: 'keys lr, loss, as pytorch-lr-finder\'s json.dump(lr_finder.history) writes them', ambiguous: true },
    };
  }
  throw new RangeError(`invalid curve JSON: expected ${EXPECTED}, or pass lrColumn and lossColumn; its keys: ${keys}`);
}

/** A finite rate <= 0 is an error, as in CSV (a non-finite one is skipped later, with a warning). */
function positive(lrs: number[], key: string): number[] {
  const bad = lrs.findIndex((v) => Number.isFinite(v) && v <= 0);
  if (bad >= 0) throw new RangeError(`invalid curve JSON: ${key}[${bad}] must be a learning rate > 0, got ${lrs[bad]}`);
  return lrs;
}

function sameLength(a: number[], b: number[], an: string, bn: string): void {
  if (a.length !== b.length) throw new RangeError(`invalid curve JSON: ${bn} (length ${b.length}) and ${an} (length ${a.length}) must have the same length`);
  if (a.length < 2) throw new RangeError(`invalid curve JSON: ${an} has ${a.length} value(s); a curve needs at least 2`);
}
