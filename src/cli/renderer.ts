// Plots for `find` and `analyze`: rendered on the main thread, or for a long log in a worker
// thread started before the log is read (render-worker.ts), so that loading vega and drawing the
// plot overlap reading the log and writing its JSON. Both give the same SVG and PNG.
import type { Worker } from 'node:worker_threads';
import { renderPng, renderSvg } from '../report/index.js';
import { errorFromWorker, startModuleWorker } from '../node/index.js';

/** Renders a plot spec to SVG, and to PNG when given the PNG's width and fonts. */
export interface Renderer {
  render(spec: Record<string, unknown>, png?: { width: number; fontFiles: string[] }): Promise<{ svg: string; png?: Uint8Array }>;
  /** Stops the worker, if any (the process would otherwise wait for it). */
  close(): void;
}

/** On the main thread. @example const { svg } = await inlineRenderer.render(spec); */
export const inlineRenderer: Renderer = {
  async render(spec, png) {
    const svg = await renderSvg(spec);
    return { svg, ...(png ? { png: await renderPng(svg, png) } : {}) };
  },
  close() {},
};

/**
 * In a worker thread, started now. Errors come back as the renderer threw them (same class and
 * message).
 *
 * @example
 * const r = workerRenderer(); try { await r.render(spec); } finally { r.close(); }
 */
export function workerRenderer(): Renderer {
  const worker: Worker = startModuleWorker(new URL('./render-worker.js', import.meta.url));
  const waiting = new Map<number, { resolve: (v: { svg: string; png?: Uint8Array }) => void; reject: (e: Error) => void }>();
  // Idle, the worker never keeps the process alive; while a plot is being drawn, it must.
  worker.unref();
  const settle = () => {
    if (waiting.size === 0) worker.unref();
  };
  let next = 0;
  let failed: Error | undefined;
  const failAll = (e: Error) => {
    failed = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: { id: number; svg?: string; png?: Uint8Array; error?: { name: string; message: string } }) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    settle();
    if (m.error) w.reject(errorFromWorker(m.error));
    else w.resolve({ svg: m.svg!, ...(m.png ? { png: m.png } : {}) });
  });
  worker.on('error', (e) => failAll(e));
  worker.on('exit', (code) => failAll(new Error(`the plot's worker thread exited (code ${code})`)));
  return {
    render(spec, png) {
      if (failed) return inlineRenderer.render(spec, png); // the worker died: draw here instead
      return new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, spec, ...(png ? { png } : {}) });
      });
    },
    close() {
      failed ??= new Error('closed');
      void worker.terminate();
    },
  };
}
