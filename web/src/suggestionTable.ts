// The table of the other rules (fastai's valley, steep, minimum, slide, and the schedule bounds):
// one row per rule with its colour on the chart, its rate and a "use as max LR" button.
import type { Marker } from './finderChart.js';

/** A suggestion as the table shows it; `baseLr` for a range (cyclicBounds). */
export type TableMarker = Marker & { baseLr?: number };

/** Fills `tbody` with one row per marker; the row's button calls `use(lr)`. Values also sit in data- attributes. */
export function showSuggestionTable(tbody: HTMLTableSectionElement, markers: readonly TableMarker[], use: (lr: number) => void): void {
  tbody.replaceChildren(
    ...markers.map((m) => {
      const tr = document.createElement('tr');
      tr.dataset.name = m.name;
      tr.dataset.lr = String(m.lr);
      if (m.baseLr !== undefined) tr.dataset.baseLr = String(m.baseLr);
      const name = document.createElement('td');
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = m.color;
      name.append(sw, m.name);
      const lr = document.createElement('td');
      lr.className = 'lr';
      lr.textContent = m.baseLr === undefined ? m.lr.toPrecision(3) : `${m.baseLr.toPrecision(3)} – ${m.lr.toPrecision(3)}`;
      const cell = document.createElement('td');
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = 'use as max LR';
      // Six buttons with one visible text: each gets its own accessible name.
      btn.setAttribute('aria-label', `use ${m.name} (${m.lr.toPrecision(3)}) as max LR`);
      btn.addEventListener('click', () => use(m.lr));
      cell.append(btn);
      tr.append(name, lr, cell);
      return tr;
    }),
  );
}

/** A row spanning the table with a message (e.g. why there is no suggestion). */
export function messageRow(text: string): HTMLTableRowElement {
  const tr = document.createElement('tr');
  const td = document.createElement('td');
  td.colSpan = 3;
  td.textContent = text;
  tr.append(td);
  return tr;
}
