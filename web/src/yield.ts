// On the wasm and cpu backends `await tensor.data()` resolves as a microtask, which never lets the
// browser paint or handle a click: the chart would freeze and Stop could not be pressed. Yield a
// real task between steps instead.

interface Scheduler {
  yield?: () => Promise<void>;
}

const channel = typeof MessageChannel === 'undefined' ? undefined : new MessageChannel();
const waiting: (() => void)[] = [];
if (channel) channel.port1.onmessage = () => waiting.shift()?.();

/**
 * Resolves in a new macrotask so that input, rendering and timers get a turn.
 * Uses `scheduler.yield()` where Chromium has it; a MessageChannel round trip otherwise
 * (unlike `setTimeout(0)`, it is not clamped to 4 ms).
 *
 * @example
 * for (const batch of batches) { train(batch); await yieldToBrowser(); }
 */
export function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  if (!channel) return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
