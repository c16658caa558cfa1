// JSON for files people open and programs read: objects indented, arrays of numbers on one line
// (a million-point curve is one line per array, not a million lines), NaN and ±Infinity as null.

/**
 * `JSON.stringify(value, null, indent)`, except that an array holding only numbers (and nulls)
 * is written on one line, and non-finite numbers become `null` anywhere. `undefined` and functions
 * are left out of objects (null in arrays), as JSON.stringify does.
 *
 * @example
 * jsonText({ lrs: [1e-3, 1e-2], losses: [2.3, NaN] }); // '{\n  "lrs": [0.001,0.01],\n  "losses": [2.3,null]\n}'
 */
export function jsonText(value: unknown, indent = 2): string {
  const pad = (depth: number) => '\n' + ' '.repeat(indent * depth);
  const write = (v: unknown, depth: number): string | undefined => {
    if (v === null) return 'null';
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
    if (typeof v === 'bigint') throw new TypeError('jsonText: a BigInt cannot be written as JSON');
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) v = Array.from(v as unknown as ArrayLike<number>);
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return write((v as { toJSON(): unknown }).toJSON(), depth);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      // JSON.stringify writes NaN and ±Infinity as null itself, natively fast.
      if (v.every((x) => typeof x === 'number' || x === null)) return JSON.stringify(v);
      return '[' + v.map((x) => pad(depth + 1) + (write(x, depth + 1) ?? 'null')).join(',') + pad(depth) + ']';
    }
    const entries = Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => [k, write(x, depth + 1)] as const)
      .filter((e): e is readonly [string, string] => e[1] !== undefined);
    if (entries.length === 0) return '{}';
    return '{' + entries.map(([k, x]) => `${pad(depth + 1)}${JSON.stringify(k)}: ${x}`).join(',') + pad(depth) + '}';
  };
  return write(value, 0) ?? 'null';
}
