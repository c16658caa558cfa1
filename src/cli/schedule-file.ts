// Reading a schedule file for `lrkit schedule --spec`: a bare spec or
// any file lrkit writes, with the momentum schedule and the run's length when it has them.
import { existsSync, readFileSync } from 'node:fs';
import { fromSpec, type Schedule } from '../index.js';
import { UsageError } from './errors.js';

/** What a spec file says: the schedules and, when it records them, the run's length. */
export interface LoadedSpec {
  lr: Schedule;
  momentum?: Schedule;
  /** Steps of the run the file describes (schedule.json `steps`, one-cycle `totalSteps`, ...). */
  steps?: number;
  epochs?: number;
  itersPerEpoch?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const posInt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

/** Length fields of a bare spec: one-cycle's totalSteps (or epochs x stepsPerEpoch), linear/cosine/exponential steps. */
function specLength(spec: Record<string, unknown>): Pick<LoadedSpec, 'steps' | 'epochs' | 'itersPerEpoch'> {
  if (spec.type === 'oneCycle' || spec.type === 'oneCycleMomentum') {
    const epochs = posInt(spec.epochs);
    const ipe = posInt(spec.stepsPerEpoch);
    const steps = posInt(spec.totalSteps) ?? (epochs && ipe ? epochs * ipe : undefined);
    return { ...(steps ? { steps } : {}), ...(epochs && ipe ? { epochs, itersPerEpoch: ipe } : {}) };
  }
  if (spec.type === 'linear' || spec.type === 'cosine' || spec.type === 'exponential') {
    const steps = posInt(spec.steps);
    return steps ? { steps } : {};
  }
  return {};
}

/**
 * Read a schedule file: a bare spec, or the files lrkit writes — schedule.json
 * (`{ steps, epochs, itersPerEpoch, spec, momentumSpec }`), `schedule --json` output, train.json
 * (`{ spec, momentumSpec, epochs, stepsPerEpoch }`), one of find's `recommended` entries
 * (`{ spec, momentum }`) or the report's `{ lr, momentum }` — with the momentum schedule and the
 * run's length when the file has them.
 *
 * @example
 * const { lr, momentum, steps } = loadScheduleFile('lrkit-out/schedule.json');
 */
export function loadScheduleFile(file: string, use?: 'constant' | 'oneCycle' | 'cyclic'): LoadedSpec {
  const bad = (why: string) => new UsageError(`invalid --spec ${JSON.stringify(file)}: ${why}`);
  if (!existsSync(file)) throw bad('file not found');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw bad(`not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(json)) throw bad('expected a JSON object (a schedule spec or a file lrkit wrote)');
  if (!('type' in json) && isObject(json.recommended) && !('spec' in json)) return recommendedEntry(json, use ?? 'oneCycle', bad);
  if (use !== undefined) throw bad(`--use ${use} picks one of the schedules a find or analyze output recommends; this file holds one schedule`);
  const lrSpec = 'type' in json ? json : (json.spec ?? (isObject(json.lr) ? json.lr : undefined));
  if (lrSpec === undefined) throw bad('expected a spec ({"type": ...}) or an object with "spec" or "lr"');
  const momSpec = 'type' in json ? undefined : (json.momentumSpec ?? (isObject(json.momentum) ? json.momentum : undefined));
  let lr: Schedule;
  let momentum: Schedule | undefined;
  try {
    lr = fromSpec(lrSpec);
  } catch (e) {
    throw bad((e as Error).message);
  }
  try {
    momentum = momSpec === undefined ? undefined : fromSpec(momSpec);
  } catch (e) {
    throw bad(`momentum: ${(e as Error).message}`);
  }
  const fromSpecLen = isObject(lrSpec) ? specLength(lrSpec) : {};
  const epochs = posInt(json.epochs) ?? fromSpecLen.epochs;
  const itersPerEpoch = posInt(json.itersPerEpoch) ?? posInt(json.stepsPerEpoch) ?? fromSpecLen.itersPerEpoch;
  const steps = posInt(json.steps) ?? fromSpecLen.steps ?? (posInt(json.epochs) && itersPerEpoch ? posInt(json.epochs)! * itersPerEpoch : undefined);
  return {
    lr,
    ...(momentum ? { momentum } : {}),
    ...(steps ? { steps } : {}),
    ...(epochs ? { epochs } : {}),
    ...(itersPerEpoch ? { itersPerEpoch } : {}),
  };
}

/**
 * One recommended schedule of a `find` curve.json or an `analyze` analysis.json (`recommended.<use>`,
 * one-cycle by default), with the training length the file built it for.
 */
function recommendedEntry(json: Record<string, unknown>, use: 'constant' | 'oneCycle' | 'cyclic', bad: (why: string) => Error): LoadedSpec {
  const rec = json.recommended as Record<string, unknown>;
  const entry = rec[use];
  if (!isObject(entry) || !isObject(entry.spec)) {
    const have = ['oneCycle', 'constant', 'cyclic'].filter((k) => isObject(rec[k]));
    throw bad(`it recommends no ${use} schedule (${have.length ? `it has: ${have.join(', ')}; pass --use ${have[0]}` : 'the curve gave no answer: see its warnings'})`);
  }
  let lr: Schedule;
  let momentum: Schedule | undefined;
  try {
    lr = fromSpec(entry.spec);
    momentum = isObject(entry.momentum) ? fromSpec(entry.momentum) : undefined;
  } catch (e) {
    throw bad(`recommended.${use}: ${(e as Error).message}`);
  }
  const length = isObject(json.length) ? json.length : {};
  const steps = posInt(length.totalSteps);
  const epochs = posInt(length.epochs);
  const itersPerEpoch = posInt(length.itersPerEpoch);
  return { lr, ...(momentum ? { momentum } : {}), ...(steps ? { steps } : {}), ...(epochs ? { epochs } : {}), ...(itersPerEpoch ? { itersPerEpoch } : {}) };
}
