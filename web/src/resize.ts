// Charts follow their container's width (a window resize, a phone rotated): uPlot draws at a fixed
// size, so each chart is resized when its element's width changes.

/** The width a chart gets in `el`: the element's, but never below 320 px (a phone in portrait). */
export const chartWidth = (el: HTMLElement): number => Math.max(320, Math.floor(el.clientWidth || 900));

/**
 * Calls `resize(width)` whenever `el`'s width changes; returns the function that stops watching.
 *
 * @example
 * const stop = followWidth(el, (width) => plot.setSize({ width, height: 300 }));
 */
export function followWidth(el: HTMLElement, resize: (width: number) => void): () => void {
  let last = chartWidth(el);
  const observer = new ResizeObserver(() => {
    const width = chartWidth(el);
    if (width === last) return;
    last = width;
    resize(width);
  });
  observer.observe(el);
  return () => observer.disconnect();
}
