// TensorBoard event files: what PyTorch's SummaryWriter, Lightning's LearningRateMonitor, Keras's
// TensorBoard callback, DeepSpeed's monitor and many others write. A file is a TFRecord stream
// (length, masked CRC32C of the length, an `Event` protobuf, masked CRC32C of the data); scalars
// are `Summary.Value`s in the TF1 `simple_value` form or the TF2 `tensor` form. The schemas are the
// published tensorflow/core/util/event.proto, framework/summary.proto and tensor.proto (only the
// fields scalars use); protobufjs decodes, @aws-crypto/crc32c checks. Pure JS: runs in browsers.
import { Crc32c } from '@aws-crypto/crc32c';
import protobuf from 'protobufjs/light.js';
import { fail } from '../check/index.js';
import { isLossName, isLrName } from './cells.js';

/**
 * How much of an event file was read: `truncated` when it ends inside a record or is corrupt from
 * some byte on (the records before are kept); `why` says where.
 */
export interface TensorBoardCut {
  truncated: boolean;
  /** Bytes of whole, valid records read from the start. */
  readBytes: number;
  why?: string;
}

/** One scalar point of a tag. */
export interface ScalarPoint {
  step: number;
  wallTime: number;
  value: number;
}

/** What {@link parseTensorBoardEvents} reads: every scalar tag with its points, in file order. */
export interface TensorBoardScalars {
  scalars: Map<string, ScalarPoint[]>;
  /** Records read (events of every kind, not only scalars). */
  records: number;
}

// The fields scalars use, with the numbers of the published .proto files.
const root = protobuf.Root.fromJSON({
  nested: {
    tb: {
      nested: {
        Event: { fields: { wallTime: { type: 'double', id: 1 }, step: { type: 'int64', id: 2 }, fileVersion: { type: 'string', id: 3 }, summary: { type: 'Summary', id: 5 } } },
        Summary: { fields: { value: { rule: 'repeated', type: 'Value', id: 1 } } },
        Value: {
          fields: {
            tag: { type: 'string', id: 1 }, simpleValue: { type: 'float', id: 2 }, nodeName: { type: 'string', id: 7 },
            tensor: { type: 'TensorProto', id: 8 }, metadata: { type: 'SummaryMetadata', id: 9 },
          },
        },
        SummaryMetadata: { fields: { pluginData: { type: 'PluginData', id: 1 }, displayName: { type: 'string', id: 2 } } },
        PluginData: { fields: { pluginName: { type: 'string', id: 1 } } },
        TensorProto: {
          fields: {
            dtype: { type: 'int32', id: 1 }, tensorContent: { type: 'bytes', id: 4 },
            floatVal: { rule: 'repeated', type: 'float', id: 5 }, doubleVal: { rule: 'repeated', type: 'double', id: 6 },
            intVal: { rule: 'repeated', type: 'int32', id: 7 }, int64Val: { rule: 'repeated', type: 'int64', id: 10 },
            halfVal: { rule: 'repeated', type: 'int32', id: 13 },
          },
        },
      },
    },
  },
});
const EventType = root.lookupType('tb.Event');

interface DecodedTensor { dtype?: number; tensorContent?: Uint8Array; floatVal?: number[]; doubleVal?: number[]; intVal?: number[]; int64Val?: (number | { toNumber(): number })[] }
interface DecodedValue { tag?: string; nodeName?: string; simpleValue?: number; tensor?: DecodedTensor }
interface DecodedEvent { wallTime?: number; step?: number | { toNumber(): number }; summary?: { value?: DecodedValue[] } }

// tensorflow/core/framework/types.proto
const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_INT32 = 3;
const DT_INT64 = 9;

function crc32c(bytes: Uint8Array): number {
  const c = new Crc32c();
  c.update(bytes);
  return c.digest() >>> 0;
}

/** TFRecord's masked CRC: rotate right by 15 bits and add 0xa282ead8. */
function masked(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

const num = (v: number | { toNumber(): number } | undefined) => (v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber());

/** The number a scalar `tensor` holds (TF2's tf.summary.scalar), or undefined for any other tensor. */
function tensorScalar(t: DecodedTensor): number | undefined {
  const c = t.tensorContent;
  if (c && c.length > 0) {
    const view = new DataView(c.buffer, c.byteOffset, c.byteLength);
    if (t.dtype === DT_FLOAT && c.length === 4) return view.getFloat32(0, true);
    if (t.dtype === DT_DOUBLE && c.length === 8) return view.getFloat64(0, true);
    if (t.dtype === DT_INT32 && c.length === 4) return view.getInt32(0, true);
    if (t.dtype === DT_INT64 && c.length === 8) return Number(view.getBigInt64(0, true));
    return undefined;
  }
  const list = t.dtype === DT_DOUBLE ? t.doubleVal : t.dtype === DT_FLOAT ? t.floatVal : t.dtype === DT_INT32 ? t.intVal : t.dtype === DT_INT64 ? t.int64Val?.map(num) : undefined;
  return list && list.length === 1 ? num(list[0]) : undefined;
}

/**
 * Reads one TensorBoard event file: checks every record's framing and both CRCs (a corrupt or
 * truncated file is a RangeError naming the byte offset; `where` names the file in messages),
 * decodes the `Event`s and collects every scalar tag, in the `simple_value` form (TF1, PyTorch,
 * CatBoost) and the `tensor` form (TF2 `tf.summary.scalar`, Keras). A file that ends inside a record
 * (a writer still running or killed) or is corrupt after some whole records keeps those records,
 * with `truncated: true`, `readBytes` and `why`; a bad first record is a RangeError.
 *
 * @example
 * const { scalars } = parseTensorBoardEvents(readFileSync('events.out.tfevents.123'));
 * scalars.get('lr-SGD'); // [{ step, wallTime, value }, ...]
 */
export function parseTensorBoardEvents(bytes: Uint8Array, where = 'event file'): TensorBoardScalars & TensorBoardCut {
  if (!(bytes instanceof Uint8Array)) fail('parseTensorBoardEvents', 'bytes', `the bytes of ${where} (a Uint8Array)`, bytes, TypeError);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const scalars = new Map<string, ScalarPoint[]>();
  let offset = 0;
  let records = 0;
  while (offset < bytes.length) {
    const cut = (why: string) => ({ scalars, records, truncated: true, readBytes: offset, why });
    if (offset + 12 > bytes.length) return cut(`a record header cut short at byte ${offset}`);
    const length = Number(view.getBigUint64(offset, true));
    if (masked(crc32c(bytes.subarray(offset, offset + 8))) !== view.getUint32(offset + 8, true)) {
      // A writer killed mid-record can leave garbage after the last whole record: keep what came before.
      if (records > 0) return cut(`corrupt from byte ${offset} (the length CRC of a record does not match)`);
      throw new RangeError(`${where}: not a TensorBoard event file, or corrupt: the length CRC of the record at byte ${offset} does not match`);
    }
    const start = offset + 12;
    if (start + length + 4 > bytes.length) return cut(`the record at byte ${offset} is cut short (${bytes.length - start} of its ${length + 4} bytes present)`);
    const data = bytes.subarray(start, start + length);
    if (masked(crc32c(data)) !== view.getUint32(start + length, true)) {
      if (records > 0) return cut(`corrupt from byte ${offset} (a record's data CRC does not match)`);
      throw new RangeError(`${where}: corrupt record at byte ${offset}: its data CRC does not match`);
    }
    let event: DecodedEvent;
    try {
      event = EventType.decode(data) as unknown as DecodedEvent;
    } catch (e) {
      throw new RangeError(`${where}: record at byte ${offset} is not an Event protobuf (${(e as Error).message})`);
    }
    for (const v of event.summary?.value ?? []) {
      const tag = v.tag || v.nodeName;
      const value = v.simpleValue !== undefined && v.simpleValue !== null && !v.tensor ? v.simpleValue : v.tensor ? tensorScalar(v.tensor) : undefined;
      if (!tag || value === undefined) continue;
      if (!scalars.has(tag)) scalars.set(tag, []);
      scalars.get(tag)!.push({ step: num(event.step), wallTime: event.wallTime ?? 0, value });
    }
    records += 1;
    offset = start + length + 4;
  }
  return { scalars, records, truncated: false, readBytes: offset };
}

/**
 * Writes scalars as a TensorBoard event file (a `file_version` record, then one Event per point),
 * in the TF1 `simple_value` form or the TF2 `tensor` form (`DT_FLOAT` tensor_content, plugin
 * `scalars`) — for tests and for handing curves to TensorBoard.
 *
 * @example
 * writeFileSync('events.out.tfevents.lrkit', encodeTensorBoardEvents({ lr: [{ step: 0, wallTime: 0, value: 1e-5 }] }));
 */
export function encodeTensorBoardEvents(series: Record<string, ScalarPoint[]>, form: 'simple_value' | 'tensor' = 'simple_value'): Uint8Array {
  const events: Record<string, unknown>[] = [{ wallTime: 0, fileVersion: 'brain.Event:2' }];
  for (const [tag, points] of Object.entries(series)) {
    for (const p of points) {
      const value = form === 'simple_value'
        ? { tag, simpleValue: p.value }
        : { tag, metadata: { pluginData: { pluginName: 'scalars' } }, tensor: { dtype: DT_FLOAT, tensorContent: new Uint8Array(new Float32Array([p.value]).buffer) } };
      events.push({ wallTime: p.wallTime, step: p.step, summary: { value: [value] } });
    }
  }
  const chunks: Uint8Array[] = events.map((e) => {
    const data = EventType.encode(EventType.fromObject(e)).finish();
    const out = new Uint8Array(16 + data.length);
    const dv = new DataView(out.buffer);
    dv.setBigUint64(0, BigInt(data.length), true);
    dv.setUint32(8, masked(crc32c(out.subarray(0, 8))), true);
    out.set(data, 12);
    dv.setUint32(12 + data.length, masked(crc32c(data)), true);
    return out;
  });
  const total = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    total.set(c, at);
    at += c.length;
  }
  return total;
}

/**
 * A range-test curve from TensorBoard scalars: the learning-rate tag and the loss tag (given, or
 * detected by the same rule as CSV columns: one tag naming lr / learning_rate — `lr-SGD` (Lightning),
 * `Train/Samples/lr` (DeepSpeed), not `lr-SGD-momentum` —, and one naming a loss, the training loss
 * preferred), joined on their steps (a Map: linear in the points). Errors name the tags the file has.
 *
 * @example
 * const { curve, tags, steps } = curveFromScalars(parseTensorBoardEvents(bytes).scalars);
 * recommend(curve);
 */
export function curveFromScalars(scalars: Map<string, ScalarPoint[]>, options: { lrTag?: string; lossTag?: string } = {}) {
  const tags = [...scalars.keys()];
  const listed = tags.length ? tags.map((t) => JSON.stringify(t)).join(', ') : 'none';
  const pick = (given: string | undefined, flag: string, test: (t: string) => boolean, prefer?: RegExp) => {
    if (given !== undefined) {
      if (!scalars.has(given)) throw new RangeError(`${flag} ${JSON.stringify(given)} is not a scalar tag of this log; it has: ${listed}`);
      return given;
    }
    if (tags.length === 0) throw new RangeError('the log has no scalar tags: nothing to read a curve from');
    let found = tags.filter(test);
    if (prefer && found.length > 1 && found.some((t) => prefer.test(t))) found = found.filter((t) => prefer.test(t));
    if (found.length === 0) throw new RangeError(`no ${flag === 'lrTag' ? 'learning-rate' : 'loss'} tag found among ${listed}; pass ${flag}`);
    if (found.length > 1) throw new RangeError(`several ${flag === 'lrTag' ? 'learning-rate' : 'loss'} tags: ${found.map((t) => JSON.stringify(t)).join(', ')}; pass ${flag}`);
    return found[0];
  };
  const lrTag = pick(options.lrTag, 'lrTag', isLrName);
  const lossTag = pick(options.lossTag, 'lossTag', (t) => t !== lrTag && isLossName(t), /train/i);
  const lossAt = new Map(scalars.get(lossTag)!.map((p) => [p.step, p.value]));
  const lrs: number[] = [];
  const losses: number[] = [];
  const steps: number[] = [];
  for (const p of scalars.get(lrTag)!) {
    const loss = lossAt.get(p.step);
    if (loss === undefined) continue;
    lrs.push(p.value);
    losses.push(loss);
    steps.push(p.step);
  }
  if (lrs.length < 2) {
    throw new RangeError(`tags ${JSON.stringify(lrTag)} and ${JSON.stringify(lossTag)} share ${lrs.length} step(s); a curve needs at least 2 steps logged for both`);
  }
  return { curve: { lrs, losses }, tags: { lr: lrTag, loss: lossTag }, steps };
}
