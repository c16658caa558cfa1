// The LR-free alternative, as lrkit's suggestion suite measured it against the recommended
// one-cycle: said once under the answer (CLI find, the page), never as an answer of its own.

/**
 * What the suite found (bench/results/suggestions.json, `summary.lrFree`; a test keeps these
 * numbers equal to it): pairs where the peer beat the recommended one-cycle, and how many of those
 * lie on the tasks it won on every seed (`sweptTasks`, named in `tasks`).
 */
export const LR_FREE_SUITE = {
  peer: 'prodigy', pairs: 27, peerBetter: 10, sweptTasks: 3, onSweptTasks: 9, tasks: 'a regression, a large-batch SGD task and a text-like task',
} as const;

/**
 * The one line on the LR-free alternative; `how` says how to use it where the line is read.
 *
 * @example
 * lrFreeLine('lrkit train --optimizer prodigy'); // 'or no range test at all: lrkit train --optimizer prodigy (in lrkit's suite ...)'
 */
export function lrFreeLine(how: string): string {
  const s = LR_FREE_SUITE;
  return `or no range test at all: ${how} (in lrkit's suite it beat the recommended one-cycle on ${s.peerBetter} of ${s.pairs} task-seed pairs, ${s.onSweptTasks} of them on ${s.tasks}; docs/tfjs.md)`;
}
