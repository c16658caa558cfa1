// Worker threads that run a module of lrkit's. In the repository the sources run through tsx,
// which a worker's execArgv cannot load in Node 20 (ERR_UNKNOWN_FILE_EXTENSION): a small eval'd
// bootstrap registers tsx, then imports the module. Installed, the compiled .js runs as is.
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running `module` (a URL next to the caller, given as its `.js` name:
 * `new URL('./worker.js', import.meta.url)`), with `workerData`.
 *
 * @example
 * const w = startModuleWorker(new URL('./worker.js', import.meta.url), { seed: 1 });
 */
export function startModuleWorker(module: URL, workerData?: unknown): Worker {
  const callerIsTs = /\.ts$/.test(new URL(import.meta.url).pathname);
  if (!callerIsTs) return new Worker(module, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = module.href.replace(/\.js$/, '.ts');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * An error a worker posted as `{ name, message }`, rebuilt on this side with its class (RangeError,
 * TypeError, else Error keeping the name), so callers see what the worker's code threw.
 *
 * @example
 * worker.on('message', (m) => m.error && reject(errorFromWorker(m.error)));
 */
export function errorFromWorker(m: { name: string; message: string }): Error {
  const Ctor = m.name === 'RangeError' ? RangeError : m.name === 'TypeError' ? TypeError : Error;
  const e = new Ctor(m.message);
  if (Ctor === Error && m.name) e.name = m.name;
  return e;
}
