// Bytes -> text for logs: UTF-8 (with or without BOM), UTF-16 LE/BE (Excel's "Unicode text",
// PowerShell's Out-File) and Windows-1252; random bytes are refused instead of parsed as CSV
// (which would print them back in an error). Pure: used by the page and the CLI alike.
import { hasDecimalComma } from './cells.js';

/** The encodings a log may come in. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** How many leading bytes decide the encoding. */
export const SNIFF_BYTES = 65536;

/**
 * The encoding of a text file from its first bytes: a BOM, else UTF-16 told by its NUL bytes
 * (ASCII text in UTF-16 has one in every other byte), else UTF-8 if it decodes, else Windows-1252
 * when no control bytes are present. Throws a RangeError naming `where` for binary data.
 *
 * @example
 * detectEncoding(new Uint8Array([0xff, 0xfe, 0x6c, 0])); // { encoding: 'utf-16le', bom: 2 }
 */
export function detectEncoding(head: Uint8Array, where = 'file'): { encoding: TextEncodingName; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(head.length, SNIFF_BYTES) & ~1;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (pairs > 0 && oddNul > 0.4 * pairs && evenNul < 0.05 * pairs) return { encoding: 'utf-16le', bom: 0 };
  if (pairs > 0 && evenNul > 0.4 * pairs && oddNul < 0.05 * pairs) return { encoding: 'utf-16be', bom: 0 };
  const sample = head.subarray(0, Math.min(head.length, SNIFF_BYTES));
  const bad = sample.findIndex((b) => b < 9 || (b > 13 && b < 32 && b !== 27));
  if (bad >= 0) {
    throw new RangeError(`${where}: not a text file (byte 0x${sample[bad].toString(16).padStart(2, '0')} at offset ${bad}); expected UTF-8 or UTF-16 CSV / JSON text`);
  }
  try {
    // The sample may end inside a character: only the bytes before the last 3 must decode.
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length === head.length ? sample.length : sample.length - 3));
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    return { encoding: 'windows-1252', bom: 0 };
  }
}

/**
 * A whole file's bytes as text, in the encoding {@link detectEncoding} finds, with a note when
 * it was not plain UTF-8.
 *
 * @example
 * decodeText(bytes, 'metrics.csv').text;
 */
export function decodeText(bytes: Uint8Array, where = 'file'): { text: string; encoding: TextEncodingName; note?: string } {
  const { encoding, bom } = detectEncoding(bytes.subarray(0, SNIFF_BYTES), where);
  const text = new TextDecoder(encoding).decode(bytes.subarray(bom));
  return { text, encoding, ...(encodingNote(encoding, bom) ? { note: encodingNote(encoding, bom) } : {}) };
}

/** What to tell the user about an encoding that is not plain UTF-8. */
export function encodingNote(encoding: TextEncodingName, bom: number): string | undefined {
  if (encoding === 'utf-8') return bom ? 'read as UTF-8 (with a byte-order mark)' : undefined;
  if (encoding === 'windows-1252') return 'not valid UTF-8: read as Windows-1252 (Excel\'s Western European encoding)';
  return `read as ${encoding.toUpperCase()}${bom ? ' (byte-order mark)' : ' (no byte-order mark: told by its NUL bytes)'}`;
}

/**
 * The field delimiter of a CSV from its first data-bearing line: a tab, a `;` (Excel in countries
 * with a decimal comma: `lr;loss` / `0,001;2,3`) or a `,`. One delimiter per file: csv-parse given
 * all three at once would split `0,001;2,3` into four cells.
 *
 * @example
 * sniffDelimiter('lr;loss\n0,001;2,3\n'); // ';'
 */
export function sniffDelimiter(text: string): ',' | '\t' | ';' {
  let line = '';
  for (const l of text.slice(0, SNIFF_BYTES).split(/\r?\n/)) {
    const t = l.trim();
    if (t !== '' && !t.startsWith('#')) {
      line = t;
      break;
    }
  }
  const count = (c: string) => line.split(c).length - 1;
  const [commas, tabs, semis] = [count(','), count('\t'), count(';')];
  if (tabs > 0 && tabs >= commas && tabs >= semis) return '\t';
  if (semis > 0 && (commas === 0 || line.split(';').every((c) => !c.includes(',') || hasDecimalComma(c.replace(/^"|"$/g, ''))))) return ';';
  return ',';
}
