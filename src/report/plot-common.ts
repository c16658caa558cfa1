// What every lrkit chart shares: the vega-lite schema, option checks and the log-axis labels.

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

// "1e-3" rather than d3's "1e+0" / "0.001": compact and uniform on lr axes.
export const LOG_LABEL = "replace(format(datum.value, '~e'), 'e+', 'e')";
// Note: resvg drops clipped paths that carry `opacity`, so marks use strokeOpacity / fillOpacity.

/** A chart dimension in pixels (50–4000), or `dflt` when not given. */
export function checkSize(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 50 || v > 4000) {
    throw new RangeError(`${name} must be an integer from 50 to 4000 pixels, got ${String(v)}`);
  }
  return v;
}

/** Throws a TypeError naming `fn` unless `o` is a plain options object. */
export function checkOptions(o: unknown, fn: string): asserts o is Record<string, unknown> {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new TypeError(`${fn} options must be an object, got ${o === null ? 'null' : typeof o}`);
}

