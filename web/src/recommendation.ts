// The recommendation box of the page: confidence, what is wrong (first when confidence is low)
// and one line per use; its values also sit in data- attributes for the browser test.
import type { Recommendation } from 'lrkit';
import { fmtLr } from './finderChart.js';

/** The recommendation box: confidence, what is wrong (first when confidence is low), one line per use. */
export function showRecommendation(el: HTMLElement, rec: Recommendation): void {
  el.hidden = false;
  el.dataset.confidence = rec.confidence;
  for (const k of ['constant', 'oneCycle', 'baseLr', 'maxLr'] as const) delete el.dataset[k];
  if (rec.constant) el.dataset.constant = String(rec.constant.lr);
  if (rec.oneCycle) el.dataset.oneCycle = String(rec.oneCycle.maxLr);
  if (rec.cyclic) {
    el.dataset.baseLr = String(rec.cyclic.baseLr);
    el.dataset.maxLr = String(rec.cyclic.maxLr);
  }
  const heading = document.createElement('h3');
  heading.textContent = `Recommendation (confidence: ${rec.confidence})`;
  const uses = document.createElement('ul');
  const use = (text: string, rule: string) => {
    const li = document.createElement('li');
    li.textContent = text;
    li.title = rule;
    uses.append(li);
  };
  if (rec.constant) use(`constant rate ${fmtLr(rec.constant.lr)}`, rec.constant.rule);
  if (rec.oneCycle) use(`one-cycle maxLr ${fmtLr(rec.oneCycle.maxLr)}`, rec.oneCycle.rule);
  if (rec.cyclic) use(`cyclic ${fmtLr(rec.cyclic.baseLr)} – ${fmtLr(rec.cyclic.maxLr)}`, rec.cyclic.rule);
  if (uses.childElementCount === 0) use('no rate can be recommended from this curve', '');
  const warnings = document.createElement('ul');
  warnings.className = 'warnings';
  warnings.dataset.testid = 'warnings';
  for (const w of rec.warnings) {
    const li = document.createElement('li');
    li.dataset.code = w.code;
    li.textContent = `${w.code}: ${w.message}`;
    warnings.append(li);
  }
  el.replaceChildren(heading, ...(rec.confidence === 'low' ? [warnings, uses] : [uses, warnings]));
}
