// Marker labels of the web page's finder chart never overlap and stay inside the plot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { placeLabels } from '../web/src/labels.js';

test('labels beside nearby markers go to separate rows; one near the right edge flips left', () => {
  assert.deepEqual(placeLabels([{ x: 10, width: 50 }, { x: 20, width: 50 }, { x: 200, width: 50 }], 0, 300), [
    { left: 14, row: 0 },
    { left: 24, row: 1 },
    { left: 204, row: 0 },
  ]);
  assert.deepEqual(placeLabels([{ x: 290, width: 50 }], 0, 300), [{ left: 236, row: 0 }]);
});

test('no two labels on a row overlap, and every label that fits lies inside [minX, maxX]', () => {
  const item = fc.record({ x: fc.double({ min: 0, max: 390, noNaN: true }), width: fc.double({ min: 1, max: 150, noNaN: true }) });
  fc.assert(
    fc.property(fc.array(item, { maxLength: 12 }), (items) => {
      const placed = placeLabels(items, 0, 390);
      assert.equal(placed.length, items.length);
      placed.forEach((p, i) => {
        assert.ok(p.left >= 0 && p.left + items[i].width <= 390 + 1e-9, `label ${i} at ${p.left}`);
        placed.forEach((q, j) => {
          if (j <= i || p.row !== q.row) return;
          const apart = p.left + items[i].width + 6 <= q.left + 1e-9 || q.left + items[j].width + 6 <= p.left + 1e-9;
          assert.ok(apart, `labels ${i} and ${j} overlap on row ${p.row}`);
        });
      });
      // Rows are used from the top: a label is only pushed down by one it would overlap.
      const rows = new Set(placed.map((p) => p.row));
      assert.deepEqual([...rows].sort((a, b) => a - b), [...Array(rows.size).keys()]);
    }),
  );
});
