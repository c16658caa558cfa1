// The recommendation box of the page, above the chart as in the CLI: the headline (the rates to
// use and the confidence), the warnings (first when confidence is low), one line per use with its
// rule; its values also sit in data- attributes for the browser tests.
import { fmtRate, lrFreeLine, type Analysis } from 'lrkit';
import { COLORS } from './finderChart.js';

/** Fills the box from `analysis`; each use's swatch is its marker's colour on the chart. */
export function showRecommendation(el: HTMLElement, analysis: Analysis): void {
  const rec = analysis.recommendation;
  el.hidden = false;
  el.dataset.confidence = rec.confidence;
  for (const k of ['constant', 'constantConfidence', 'oneCycle', 'oneCycleConfidence', 'baseLr', 'maxLr'] as const) delete el.dataset[k];
  if (rec.constant) {
    el.dataset.constant = String(rec.constant.lr);
    el.dataset.constantConfidence = rec.constant.confidence;
  }
  if (rec.oneCycle) {
    el.dataset.oneCycle = String(rec.oneCycle.maxLr);
    el.dataset.oneCycleConfidence = rec.oneCycle.confidence;
  }
  if (rec.cyclic) {
    el.dataset.baseLr = String(rec.cyclic.baseLr);
    el.dataset.maxLr = String(rec.cyclic.maxLr);
  }
  const heading = document.createElement('h3');
  heading.textContent = 'Recommendation';
  const headline = document.createElement('p');
  headline.className = 'headline';
  headline.dataset.testid = 'headline';
  headline.textContent = analysis.headline;
  const uses = document.createElement('ul');
  const use = (text: string, rule: string, color?: string) => {
    const li = document.createElement('li');
    if (color) {
      const sw = document.createElement('span');
      sw.className = 'swatch round';
      sw.style.background = color;
      li.append(sw);
    }
    li.append(rule ? `${text} (${rule})` : text);
    uses.append(li);
  };
  // The surer answer first, each with its own confidence; the constant rate with its caveat.
  if (rec.oneCycle) use(`one-cycle peak (maxLr) ${fmtRate(rec.oneCycle.maxLr)}, confidence ${rec.oneCycle.confidence}`, rec.oneCycle.rule, COLORS.oneCycle);
  if (rec.constant) use(`constant rate ${fmtRate(rec.constant.lr)}, confidence ${rec.constant.confidence}`, `${rec.constant.rule}; ${rec.constant.caveat}`, COLORS.constant);
  if (rec.cyclic) use(`cyclic ${fmtRate(rec.cyclic.baseLr)} – ${fmtRate(rec.cyclic.maxLr)}, confidence ${rec.cyclic.confidence}`, rec.cyclic.rule);
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
  // The LR-free alternative, as the suite measured it: one line under the answer, as in the CLI.
  const alternative = document.createElement('p');
  alternative.className = 'note';
  alternative.dataset.testid = 'lr-free';
  alternative.textContent = lrFreeLine("prodigy() from lrkit/tfjs, or lrkit train --optimizer prodigy");
  el.replaceChildren(heading, headline, ...(rec.confidence === 'low' ? [warnings, uses] : [uses, warnings]), ...(rec.constant || rec.oneCycle ? [alternative] : []));
}
