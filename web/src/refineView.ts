// `lrkit find --refine` tries the answer before you train: a few candidate rates around the knee
// and the one-cycle peak, trained briefly and compared on validation loss (successive halving).
// curve.json records every candidate; an opened curve.json shows them here, under the answer.
import { fmtRate } from 'lrkit';

/** A refine stage as curve.json records it (RefineResult of lrkit/tfjs). */
export interface RefineRecord {
  winner: { lr: number; score: number; source: string } | null;
  candidates: { lr: number; source: string; rounds: { steps: number; score: number }[]; kept: boolean }[];
  steps: number;
  aborted: boolean;
  note: string;
}

const isNum = (v: unknown): v is number => typeof v === 'number';

/**
 * The `refine` field of a curve.json, or undefined when there is none or it is not the shape
 * `lrkit find --refine` writes (a hand-edited file shows no table rather than a wrong one).
 * Diverged scores are written as null (JSON has no Infinity) and read back as Infinity.
 */
export function readRefine(json: unknown): RefineRecord | undefined {
  const r = (json as { refine?: unknown } | null)?.refine as Partial<RefineRecord> | undefined;
  if (!r || typeof r !== 'object' || !Array.isArray(r.candidates) || !isNum(r.steps) || typeof r.note !== 'string') return undefined;
  const candidates: RefineRecord['candidates'] = [];
  for (const c of r.candidates as unknown[]) {
    const x = c as RefineRecord['candidates'][number];
    if (!x || !isNum(x.lr) || typeof x.source !== 'string' || !Array.isArray(x.rounds)) return undefined;
    const rounds = x.rounds.map((o) => ({ steps: o?.steps, score: o?.score === null ? Infinity : o?.score }));
    if (!rounds.every((o) => isNum(o.steps) && isNum(o.score))) return undefined;
    candidates.push({ lr: x.lr, source: x.source, rounds: rounds as { steps: number; score: number }[], kept: x.kept === true });
  }
  const w = r.winner;
  const winner = w && isNum(w.lr) && typeof w.source === 'string' ? { lr: w.lr, score: isNum(w.score) ? w.score : Infinity, source: w.source } : null;
  return { winner, candidates, steps: r.steps, aborted: r.aborted === true, note: r.note };
}

/** Fills `section` with the candidates and their validation loss per round; hides it without a record. */
export function renderRefine(section: HTMLElement, r: RefineRecord | undefined): void {
  section.replaceChildren();
  section.hidden = !r;
  if (!r) return;
  const h = document.createElement('h3');
  h.textContent = `Refine: ${r.candidates.length} rates tried by short trainings (${r.steps} steps in all${r.aborted ? ', interrupted' : ''})`;
  const table = document.createElement('table');
  table.className = 'suggestions';
  const rounds = Math.max(0, ...r.candidates.map((c) => c.rounds.length));
  const head = table.createTHead().insertRow();
  for (const t of ['rate', 'from', ...Array.from({ length: rounds }, (_, i) => `validation loss, round ${i + 1}`)]) {
    const th = document.createElement('th');
    th.textContent = t;
    head.append(th);
  }
  const body = table.createTBody();
  for (const c of r.candidates) {
    const row = body.insertRow();
    const best = r.winner !== null && c.lr === r.winner.lr;
    if (best) row.className = 'best';
    row.dataset.lr = String(c.lr);
    const cells = [fmtRate(c.lr) + (best ? ' (best)' : ''), c.source, ...Array.from({ length: rounds }, (_, i) => {
      const o = c.rounds[i];
      return o ? `${Number.isFinite(o.score) ? o.score.toPrecision(4) : 'diverged'} after ${o.steps} steps` : '—';
    })];
    for (const t of cells) row.insertCell().textContent = t;
  }
  const p = document.createElement('p');
  p.className = 'note';
  p.textContent = r.winner ? `Best for a short run: ${fmtRate(r.winner.lr)} (${r.winner.source}). ${r.note}` : `No round finished. ${r.note}`;
  section.append(h, table, p);
}
