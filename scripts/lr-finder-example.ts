// Regenerates docs/img/lr-finder-example.png from a synthetic range test (deterministic):
//   node --import tsx scripts/lr-finder-example.ts [out.png]
// Not exported: it exists so the README picture can be rebuilt and checked.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { analyzeCurve, rangeTest } from '../src/index.js';
import { lrFinderPlot, renderPng } from '../src/report/index.js';

/** A made-up loss landscape: flat at tiny lrs, falls between 1e-4 and 1e-2, blows up past 0.1. */
function syntheticLoss(lr: number, noise: number): number {
  const x = Math.log10(lr);
  return 2.3 - 1.8 / (1 + Math.exp(-(x + 3) * 2.2)) + Math.exp((x + 0.7) * 3.5) + noise;
}

async function main(out: string): Promise<void> {
  let seed = 42;
  // small LCG: reproducible noise without a dependency
  const rnd = () => ((seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296) - 0.5;
  const result = await rangeTest({ step: (lr) => syntheticLoss(lr, rnd() * 0.3), startLr: 1e-6, endLr: 10, numIter: 120 });
  // The same picture `lrkit find` draws: the analysis's centred curve, raw loss faint, one marker per use.
  const analysis = analyzeCurve(result);
  const spec = lrFinderPlot({ analysis, title: 'LR range test (synthetic curve)' });
  writeFileSync(out, await renderPng(spec, { width: 900 }));
  console.log(`wrote ${out}: ${result.iterations} iterations, stop: ${result.stopReason}; ${analysis.headline}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv[2] ?? 'docs/img/lr-finder-example.png');
}
