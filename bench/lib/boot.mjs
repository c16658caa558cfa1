// Worker entry: tsx's loader is not inherited by worker_threads, so register it here and then
// load the TypeScript worker named in workerData.entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
