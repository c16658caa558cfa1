// The table of fastai's rules (valley, steep, minimum, slide), shown only behind "show fastai's
// rules": one row per rule with its colour on the chart, its rate and a "use as max LR" button.
import { fmtRate } from 'lrkit';

/** A rule as the table shows it, with its colour on the chart. */
export interface TableRow {
  name: string;
  lr: number;
  color: string;
}

/** Fills `tbody` with one row per rule; the row's button calls `use(lr)`. Values also sit in data- attributes. */
export function showSuggestionTable(tbody: HTMLTableSectionElement, rows: readonly TableRow[], use: (lr: number) => void): void {
  tbody.replaceChildren(
    ...rows.map((m) => {
      const tr = document.createElement('tr');
      tr.dataset.name = m.name;
      tr.dataset.lr = String(m.lr);
      const name = document.createElement('td');
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = m.color;
      name.append(sw, `fastai ${m.name}`);
      const lr = document.createElement('td');
      lr.className = 'lr';
      lr.textContent = fmtRate(m.lr); // the box's precision
      const cell = document.createElement('td');
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = 'use as max LR';
      // Four buttons with one visible text: each gets its own accessible name.
      btn.setAttribute('aria-label', `use fastai ${m.name} (${fmtRate(m.lr)}) as max LR`);
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
