// What every lrkit chart shares: the vega-lite schema and the log-axis labels.

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

// "1e-3" rather than d3's "1e+0" / "0.001": compact and uniform on lr axes.
export const LOG_LABEL = "replace(format(datum.value, '~e'), 'e+', 'e')";
// Note: resvg drops clipped paths that carry `opacity`, so marks use strokeOpacity / fillOpacity.
