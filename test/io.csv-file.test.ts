// readCurveCsvFile reads a file a chunk at a time: what it reads must not depend on where the chunks
// fall (a character or a quoted field across a boundary, ASCII chunks taken as one-byte text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCurveCsv } from '../src/io/csv.js';
import { CSV_CHUNK_BYTES, readCurveCsvFile } from '../src/node/csv-file.js';

const MiB = 1 << 20;
const CHUNK = CSV_CHUNK_BYTES;

/** Rows of an exp sweep until the text passes `bytes`, each row `lr,loss`. */
function rows(bytes: number, from = 0): string {
  const out: string[] = [];
  let size = 0;
  for (let i = from; size < bytes; i++) {
    const row = `${1e-6 * 1.00001 ** i},${2 + Math.sin(i / 50)}\n`;
    out.push(row);
    size += row.length;
  }
  return out.join('');
}

function check(name: string, text: string, encode: (t: string) => Buffer = (t) => Buffer.from(t)): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'lrkit-csvfile-'));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, encode(text));
    const got = readCurveCsvFile(file);
    const want = parseCurveCsv(text);
    assert.equal(got.lrs.length, want.lrs.length, name);
    assert.deepEqual(got.lrs, want.lrs, name);
    assert.deepEqual(got.losses, want.losses, name);
    assert.deepEqual(got.lines, want.lines, name);
    assert.deepEqual(got.columns, want.columns, name);
    assert.deepEqual(got.warnings, want.warnings, name);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('readCurveCsvFile: a multi-MiB numeric log reads as the whole text does', () => {
  check('plain.csv', 'lr,loss\n' + rows(3 * MiB));
});

test('readCurveCsvFile: a UTF-8 character across a chunk boundary, and ASCII chunks after it', () => {
  const head = 'lr,loss\n' + rows(5 * CHUNK - 200);
  // 'é' is two bytes: pad so that it starts on the last byte of the fifth chunk.
  const pad = 5 * CHUNK - 1 - Buffer.byteLength(head) - '# caf'.length;
  const text = head + '#' + ' '.repeat(pad) + ' café\n' + rows(2 * MiB, 7);
  assert.equal(Buffer.from(text).subarray(5 * CHUNK - 1, 5 * CHUNK + 1).toString(), 'é');
  check('utf8.csv', text);
});

test('readCurveCsvFile: a quote after the first MiB (csv-parse reads the rest), UTF-16 and CRLF files', () => {
  const quoted = 'lr,loss\n' + rows(MiB + 5000) + '"1e-2",1.5\n' + rows(MiB, 99).replace(/^/, '');
  check('quoted.csv', quoted.replace('"1e-2"', `"${1e3}"`));
  check('utf16.csv', 'lr,loss\n' + rows(MiB), (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]));
  check('crlf.csv', ('lr,loss\n' + rows(1.5 * MiB)).replace(/\n/g, '\r\n'));
});
