// Elapsed time and time left for the status line, and a throttle so that the polite live region
// is rewritten about once a second rather than on every step.

/** `850 ms`, `12.3 s`, `4 min 05 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * Elapsed and estimated time left after `done` of `total` steps begun at `started` (ms, from
 * `performance.now()`), e.g. `1.2 s elapsed, about 3.4 s left`.
 *
 * @example
 * eta(0, 25, 100, 1000); // '1.0 s elapsed, about 3.0 s left'
 */
export function eta(started: number, done: number, total: number, now = performance.now()): string {
  const elapsed = now - started;
  const left = done > 0 ? ((total - done) * elapsed) / done : NaN;
  return `${formatDuration(elapsed)} elapsed${done < total && Number.isFinite(left) ? `, about ${formatDuration(left)} left` : ''}`;
}

/**
 * A function that passes its text to `say` at most once per `everyMs`, and always when `force`.
 *
 * @example
 * const speak = throttle((t) => (status.textContent = t));
 * speak('Iteration 3 / 100'); // shown; a call 10 ms later is dropped
 */
export function throttle(say: (text: string) => void, everyMs = 1000): (text: string, force?: boolean) => void {
  let last = -Infinity;
  return (text, force = false) => {
    const now = performance.now();
    if (!force && now - last < everyMs) return;
    last = now;
    say(text);
  };
}
