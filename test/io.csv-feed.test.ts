// CsvFeeder's line splitter must read exactly what csv-parse reads: the same curve, line numbers,
// warnings and errors, however the text is cut into chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvSetup } from '../src/io/csv.js';
import { CsvFeeder } from '../src/node/csv-feed.js';
import { Parser } from 'csv-parse';

/** What the reader did before the splitter: csv-parse over the whole text, its own field-count check. */
function readWhole(text: string): unknown {
  try {
    const { table, parseOptions } = csvSetup(text.slice(0, 65536), {});
    const api = (new Parser({ ...parseOptions, info: false }) as unknown as { api: { parse(b: Buffer | undefined, end: boolean, push: (r: string[]) => void, close: () => void): Error | undefined; info: { lines: number } } }).api;
    const push = (r: string[]) => table.add(r, api.info.lines);
    const err = api.parse(Buffer.from(text), false, push, () => {}) ?? api.parse(undefined, true, push, () => {});
    if (err) throw new RangeError(`invalid curve CSV: ${err.message}`);
    return table.finish();
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The parsed curve, or the error's message, from text cut at `cuts` (fractions of its length). */
function read(text: string, fast: boolean, cuts: number[]): unknown {
  try {
    const { table, parseOptions } = csvSetup(text.slice(0, 65536), {});
    const feeder = new CsvFeeder(table, parseOptions, fast);
    const at = [...new Set(cuts.map((c) => Math.floor(c * text.length)))].sort((a, b) => a - b);
    let from = 0;
    for (const to of at) {
      feeder.push(text.slice(from, to));
      from = to;
    }
    feeder.push(text.slice(from), true);
    return table.finish();
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const space = fc.constantFrom('', '', '', ' ', '  ');
const num = fc.oneof(
  fc.double({ min: 1e-8, max: 10, noNaN: true }).map(String),
  fc.constantFrom('1e-3', '0.5', 'nan', 'Infinity', '-inf', '', 'abc', '2,5'),
);
const row = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(space, num, space, num, space).map(([a, x, b, y, c]) => `${a}${x}${b},${c}${y}`) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '# a comment', '1e-3,2.3 # note', '"1e-3",2.3', '1e-3', '1e-3,2,3', 'é,1', '1e-3\t,2.0') },
);
const csv = fc.record({
  header: fc.constantFrom('lr,loss\n', ' lr , loss \n', 'learning_rate,train_loss\n', ''),
  rows: fc.array(row, { minLength: 0, maxLength: 40 }),
  eol: fc.constantFrom('\n', '\n', '\r\n'),
  lastEol: fc.boolean(),
}).map(({ header, rows, eol, lastEol }) => header.replace('\n', eol) + rows.join(eol) + (lastEol ? eol : ''));

test('CsvFeeder: the line splitter reads what csv-parse reads, for any chunking', () => {
  fc.assert(
    fc.property(csv, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), (text, cuts) => {
      const reference = readWhole(text);
      assert.deepEqual(read(text, true, cuts), reference);
      assert.deepEqual(read(text, false, cuts), reference);
    }),
    { numRuns: 400 },
  );
});

test('CsvFeeder: plain numeric rows (the JSON.parse path) read as csv-parse reads them', () => {
  const plain = fc.tuple(space, fc.double({ min: -1, max: 10, noNaN: true, noDefaultInfinity: true }), space, fc.double({ noNaN: true, noDefaultInfinity: true })).map(([a, x, b, y]) => `${a}${x},${b}${y}`);
  const text = fc.tuple(fc.constantFrom('lr,loss\n', ''), fc.array(fc.oneof({ weight: 20, arbitrary: plain }, { weight: 1, arbitrary: fc.constantFrom('', '1,2,3', '0,1', '01,2', '1.,2', '+1,2', 'null,1') }), { minLength: 1, maxLength: 60 }))
    .map(([h, rows]) => h + rows.join('\n') + '\n');
  fc.assert(
    fc.property(text, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }), (t, cuts) => {
      assert.deepEqual(read(t, true, cuts), readWhole(t));
    }),
    { numRuns: 400 },
  );
});

test('CsvFeeder: a wrong field count names the file line, whichever path read it', () => {
  const text = 'lr,loss\n1e-3,2\n\n1e-2,1.5,7\n';
  for (const fast of [true, false]) {
    assert.deepEqual(read(text, fast, [0.5]), { error: 'invalid curve CSV: Invalid Record Length: expect 2, got 3 on line 4' });
  }
  // After a quote, csv-parse reads the rest; its line numbers still count from the file's start.
  const quoted = 'lr,loss\n1e-3,2\n"1e-2",1.5\n0.1,1,1\n';
  assert.deepEqual(read(quoted, true, [0.3]), { error: 'invalid curve CSV: Invalid Record Length: expect 2, got 3 on line 4' });
});
