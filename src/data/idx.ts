// IDX is the raw format of the MNIST files: a 4-byte magic number (0, 0, type, ndims), ndims
// big-endian uint32 dimension sizes, then the values. MNIST only uses unsigned bytes (type 0x08).

/**
 * A parsed IDX file of unsigned bytes.
 *
 * @example
 * const { dims, data } = parseIdx(readFileSync('train-labels-idx1-ubyte')); // dims [60000]
 */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/**
 * Parse an IDX buffer of unsigned bytes (the MNIST file format), without copying the values.
 *
 * @example
 * const images = parseIdx(readFileSync(path)); // images.dims = [60000, 28, 28]
 */
export function parseIdx(buf: Uint8Array, source = 'IDX data'): IdxArray {
  if (buf.length < 4) throw new TypeError(`${source}: too short to be an IDX file (${buf.length} bytes)`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf[0] !== 0 || buf[1] !== 0) {
    throw new TypeError(`${source}: not an IDX file (bad magic number ${view.getUint32(0).toString(16)})`);
  }
  if (buf[2] !== 0x08) {
    throw new TypeError(`${source}: IDX value type 0x${buf[2].toString(16)} is not supported; expected unsigned bytes (0x08)`);
  }
  const ndims = buf[3];
  const header = 4 + 4 * ndims;
  if (ndims < 1 || buf.length < header) {
    throw new TypeError(`${source}: truncated IDX header (${ndims} dimensions, ${buf.length} bytes)`);
  }
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d));
  const n = dims.reduce((a, b) => a * b, 1);
  if (buf.length - header !== n) {
    throw new TypeError(`${source}: IDX header promises ${n} values (${dims.join('x')}) but the file holds ${buf.length - header}`);
  }
  return { dims, data: buf.subarray(header) };
}
