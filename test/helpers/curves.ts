// A synthetic LR-finder curve for the plot tests: flat, a sigmoid fall around lr 1e-3, then a
// blow-up past 0.1, with a little seeded wiggle, and its bias-corrected EMA (beta 0.8).

/** `n` points from lr 1e-6 to 1 with raw and smoothed losses; `seed` shifts the wiggle. */
export function synthCurve(seed = 0, n = 80): { lrs: number[]; losses: number[]; smoothed: number[] } {
  const lrs: number[] = [];
  const losses: number[] = [];
  const smoothed: number[] = [];
  let avg = 0;
  for (let i = 0; i < n; i++) {
    const lr = 1e-6 * 1e6 ** (i / (n - 1));
    const x = Math.log10(lr);
    const l = 2.3 - 1.8 / (1 + Math.exp(-(x + 3) * 2)) + Math.exp((x + 1) * 3) + 0.05 * Math.sin(i * 1.7 + seed);
    avg = 0.8 * avg + 0.2 * l;
    lrs.push(lr);
    losses.push(l);
    smoothed.push(avg / (1 - 0.8 ** (i + 1)));
  }
  return { lrs, losses, smoothed };
}
