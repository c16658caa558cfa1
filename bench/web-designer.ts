// Benchmark: how long one keystroke in the web page's schedule designer takes (the input event's
// handler — read the form, build the schedules, sample the preview, redraw — until the next
// frame) for a short design and for the largest one the page accepts (1,000,000 steps), measured
// interleaved in one headless Chromium tab. The preview samples a long design (PREVIEW_POINTS);
// before it did, a 1,000,000-step design took 343 ms per keystroke (issue "Web page").
//
// Run: node --import tsx bench/web-designer.ts [--reps 15]   (builds web/ unless LRKIT_WEB_DIST is set)
import { intArg, machineInfo, round, stats, writeJson } from './lib/common.js';
import { openWebPage } from '../test/helpers/webPage.js';

const REPS = intArg('reps', 15);
const DESIGNS = [
  { name: '790 steps (10 x 79)', epochs: 10, stepsPerEpoch: 79 },
  { name: '1,000,000 steps (1000 x 1000)', epochs: 1000, stepsPerEpoch: 1000 },
];

const web = await openWebPage();
const { page } = web;
await page.selectOption('#policy', 'triangular2'); // momentum cycled too: two schedules per keystroke
const ms: number[][] = DESIGNS.map(() => []);
try {
  for (let rep = 0; rep < REPS + 2; rep++) {
    for (const [i, d] of DESIGNS.entries()) {
      await page.fill('#epochs', String(d.epochs));
      await page.fill('#steps-per-epoch', String(d.stepsPerEpoch));
      // One keystroke in Max LR: the handler runs synchronously; the frame after it shows the result.
      const t = await page.evaluate(async (v) => {
        const input = document.getElementById('max-lr') as HTMLInputElement;
        const start = performance.now();
        input.value = v;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        return performance.now() - start;
      }, String(0.1 + rep * 1e-4));
      if (rep >= 2) ms[i].push(t); // two warm-up rounds
    }
  }
} finally {
  await web.close();
}
const rows = DESIGNS.map((d, i) => ({ design: d.name, msPerKeystroke: stats(ms[i]) }));
const ratio = round(rows[1].msPerKeystroke.median / rows[0].msPerKeystroke.median, 3);
for (const r of rows) console.log(`${r.design}: median ${round(r.msPerKeystroke.median, 3)} ms per keystroke (min ${round(r.msPerKeystroke.min, 3)}, max ${round(r.msPerKeystroke.max, 3)})`);
console.log(`1,000,000-step / 790-step keystroke: ${ratio}x`);
console.log(writeJson('web-designer', { machine: machineInfo('chromium'), reps: REPS, rows, ratioLongToShort: ratio }));
