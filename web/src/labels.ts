// Where the finder chart writes its marker labels: beside each marker line, flipped to the left
// of the line near the right edge, and moved down a row until it overlaps no label placed before.

/** A label to place: the x of its marker line and the label's width (same units). */
export interface LabelItem {
  x: number;
  width: number;
}

/** A placed label: its left edge and its row (0 = top). */
export interface PlacedLabel {
  left: number;
  row: number;
}

/**
 * Places labels so that no two on the same row overlap (with `gap` between them) and each lies
 * within `[minX, maxX]` when it fits there at all. Items keep their order in the result.
 *
 * @example
 * placeLabels([{ x: 10, width: 50 }, { x: 20, width: 50 }], 0, 300);
 * // [{ left: 14, row: 0 }, { left: 24, row: 1 }]
 */
export function placeLabels(items: LabelItem[], minX: number, maxX: number, pad = 4, gap = 6): PlacedLabel[] {
  const rows: { left: number; right: number }[][] = [];
  return items.map(({ x, width }) => {
    // Right of the line; left of it when that would run past the edge; clamped into the plot.
    let left = x + pad;
    if (left + width > maxX) left = x - pad - width;
    left = Math.max(minX, Math.min(left, maxX - width));
    const right = left + width;
    let row = rows.findIndex((r) => r.every((b) => right + gap <= b.left || left >= b.right + gap));
    if (row === -1) row = rows.push([]) - 1;
    rows[row].push({ left, right });
    return { left, row };
  });
}
