// SVG export of the schedule curve (and, through specSvg / svgPng, of the range-test plot). uPlot draws on a canvas only, so the SVG is rendered by
// vega-lite + vega (headless View, renderer 'none'); loaded on demand to keep the page light.
// The PNG is that SVG drawn at 2x, so both carry the title and the legend.
import { compile, type TopLevelSpec } from 'vega-lite';
import { View, parse } from 'vega';
import type { ScheduleCurve } from './scheduleChart.js';

/**
 * The schedule curve (and momentum, on its own right axis) as an SVG document.
 *
 * @example
 * const svg = await scheduleSvg({ steps: [0, 1], lrs: [0.1, 0.01] }, 1, 'cosine');
 */
export async function scheduleSvg(curve: ScheduleCurve, stepsPerEpoch: number, title: string): Promise<string> {
  const values = curve.steps.map((s, i) => ({
    epoch: s / stepsPerEpoch,
    lr: curve.lrs[i],
    ...(curve.momentum ? { momentum: curve.momentum[i] } : {}),
  }));
  const x = { field: 'epoch', type: 'quantitative', title: 'epoch' } as const;
  // One legend for both lines: each layer's colour is a named datum on a shared scale.
  const names = curve.momentum ? ['learning rate', 'momentum'] : ['learning rate'];
  const color = (name: string) => ({
    datum: name,
    type: 'nominal',
    scale: { domain: names, range: ['#1f4fa0', '#e07b00'].slice(0, names.length) },
    legend: { orient: 'bottom', title: null, symbolType: 'stroke' },
  }) as const;
  const lrLayer = {
    mark: { type: 'line', strokeWidth: 2 },
    encoding: { x, y: { field: 'lr', type: 'quantitative', title: 'learning rate', axis: { titleColor: '#1f4fa0' } }, color: color('learning rate') },
  } as const;
  const momentumLayer = {
    mark: { type: 'line', strokeWidth: 2, strokeDash: [6, 4] },
    encoding: {
      x,
      color: color('momentum'),
      y: { field: 'momentum', type: 'quantitative', title: 'momentum', scale: { zero: false }, axis: { titleColor: '#e07b00' } },
    },
  } as const;
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `lrkit schedule: ${title}`,
    width: 640,
    height: 260,
    background: 'white',
    data: { values },
    layer: curve.momentum ? [lrLayer, momentumLayer] : [lrLayer],
    ...(curve.momentum ? { resolve: { scale: { y: 'independent' } } } : {}),
  } as TopLevelSpec;
  return specSvg(spec);
}

/** A vega-lite spec rendered headless to an SVG document (shared by the schedule and the range-test plot). */
export async function specSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * The schedule as a PNG at `scale` x the SVG's size (2: sharp on high-density screens and in
 * slides), with the SVG's title and legend, on white.
 *
 * @example
 * const png = await schedulePng(curve, 79, 'one-cycle'); // a Blob, 2x the SVG's width
 */
export async function schedulePng(curve: ScheduleCurve, stepsPerEpoch: number, title: string, scale = 2): Promise<Blob> {
  return svgPng(await scheduleSvg(curve, stepsPerEpoch, title), scale);
}

/**
 * An SVG document drawn on a white canvas at `scale` x its size, as a PNG.
 *
 * @example
 * const png = await svgPng(await specSvg(spec)); // 2x the SVG's width
 */
export async function svgPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const out = document.createElement('canvas');
    out.width = Math.round(img.naturalWidth * scale);
    out.height = Math.round(img.naturalHeight * scale);
    const ctx = out.getContext('2d');
    if (!ctx) throw new Error('2-D canvas is not available');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(img, 0, 0, out.width, out.height);
    return await new Promise((resolve, reject) =>
      out.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas.toBlob returned nothing'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
