// JSON for files people open and programs read: objects indented, arrays of numbers on one line
// (a million-point curve is one line per array, not a million lines), NaN and ±Infinity as null.
import { fail } from '../check/index.js';

/**
 * `JSON.stringify(value, null, indent)`, except that an array holding only numbers (and nulls)
 * is written on one line, and non-finite numbers become `null` anywhere. `undefined` and functions
 * are left out of objects (null in arrays), as JSON.stringify does.
 *
 * @example
 * jsonText({ lrs: [1e-3, 1e-2], losses: [2.3, NaN] }); // '{\n  "lrs": [0.001,0.01],\n  "losses": [2.3,null]\n}'
 */
export function jsonText(value: unknown, indent = 2): string {
  return jsonParts(value, indent, 'jsonText').join('');
}

// Numbers per piece of a long array: ~70 KB of text, under V8's large-object size.
const SLICE = 4096;

/**
 * {@link jsonText} as pieces whose concatenation is the text: a writer can send them to a file one
 * by one (`writeFileAtomic` takes the array) instead of building one string of a curve's tens of
 * megabytes and then a Buffer of it.
 *
 * @example
 * jsonParts({ a: [1, 2] }).join('') === jsonText({ a: [1, 2] }); // true
 */
export function jsonParts(value: unknown, indent = 2, fn = 'jsonParts'): string[] {
  const parts: string[] = [];
  const pad = (depth: number) => '\n' + ' '.repeat(indent * depth);
  // What JSON.stringify would write for v: typed arrays as arrays, toJSON() applied.
  const norm = (v: unknown): unknown => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') return norm((v as { toJSON(): unknown }).toJSON());
    return v;
  };
  const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';
  const write = (v: unknown, depth: number, path: string): void => {
    if (v === null || omitted(v)) return void parts.push('null');
    if (typeof v === 'number') return void parts.push(Number.isFinite(v) ? JSON.stringify(v) : 'null');
    if (typeof v === 'string' || typeof v === 'boolean') return void parts.push(JSON.stringify(v));
    if (typeof v === 'bigint') fail(fn, path, 'JSON-serialisable (not a BigInt)', v, TypeError);
    if (Array.isArray(v)) {
      if (v.length === 0) return void parts.push('[]');
      // JSON.stringify writes NaN and ±Infinity as null itself, natively fast; a long array in
      // slices, so that no piece is one of V8's large objects (each a fresh mmap: page faults).
      if (v.every((x) => typeof x === 'number' || x === null)) {
        if (v.length <= SLICE) return void parts.push(JSON.stringify(v));
        for (let i = 0; i < v.length; i += SLICE) {
          const text = JSON.stringify(v.slice(i, i + SLICE));
          parts.push((i ? ',' : '[') + text.slice(1, -1) + (i + SLICE >= v.length ? ']' : ''));
        }
        return;
      }
      v.forEach((x, i) => {
        parts.push((i ? ',' : '[') + pad(depth + 1));
        write(norm(x), depth + 1, `${path}[${i}]`);
      });
      return void parts.push(pad(depth) + ']');
    }
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, norm(x)] as const).filter(([, x]) => !omitted(x));
    if (entries.length === 0) return void parts.push('{}');
    entries.forEach(([k, x], i) => {
      parts.push(`${i ? ',' : '{'}${pad(depth + 1)}${JSON.stringify(k)}: `);
      write(x, depth + 1, /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`);
    });
    parts.push(pad(depth) + '}');
  };
  const top = norm(value);
  if (omitted(top)) return ['null'];
  write(top, 0, 'value');
  return parts;
}
