// The web page as the browser tests open it: web/ built once (npm test builds it before the tests
// and names the folder in LRKIT_WEB_DIST; a test file run alone builds its own copy in a temporary
// folder), served by `vite preview` on an ephemeral 127.0.0.1 port, in headless Debian Chromium.
// Every console error and uncaught page error is collected in `problems`.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { build, preview, type PreviewServer } from 'vite';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const configFile = join(ROOT, 'web/vite.config.ts');

const NO_CHROMIUM = `no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`;
/** A missing browser skips a suite on a developer machine, but must not pass silently on CI. */
export const SKIP_WITHOUT_CHROMIUM = existsSync(CHROMIUM) || process.env.CI ? false : NO_CHROMIUM;

/** An open page and what it needs closing. */
export interface WebPage {
  url: string;
  context: BrowserContext;
  page: Page;
  problems: string[];
  /** A fresh tab in the same browser (own tfjs state, shared storage), watched for problems too. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Serves the built page and opens it in Chromium, waiting until the designer has drawn.
 *
 * @example
 * const web = await openWebPage({ width: 1120, height: 900 });
 * await web.page.click('#run');
 */
export async function openWebPage(viewport = { width: 1120, height: 900 }): Promise<WebPage> {
  assert.ok(existsSync(CHROMIUM), `${NO_CHROMIUM} (CI is set, so this fails instead of skipping)`);
  const temp: string[] = [];
  let outDir = process.env.LRKIT_WEB_DIST;
  if (outDir) outDir = isAbsolute(outDir) ? outDir : join(ROOT, outDir);
  else {
    outDir = await mkdtemp(join(tmpdir(), 'lrkit-web-'));
    temp.push(outDir);
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  assert.ok(existsSync(join(outDir, 'index.html')), `no built page in ${outDir}`);
  const server: PreviewServer = await preview({ configFile, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const url = server.resolvedUrls?.local[0];
  assert.ok(url, 'vite preview reports no local URL');
  const profile = await mkdtemp(join(tmpdir(), 'lrkit-chromium-'));
  temp.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    acceptDownloads: true,
    viewport,
  });
  const problems: string[] = [];
  const watch = (p: Page) => {
    p.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    p.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  };
  const open = async (p: Page) => {
    watch(p);
    await p.goto(url);
    await p.locator('#spec-json').filter({ hasText: '"type"' }).waitFor({ timeout: 15_000 });
    return p;
  };
  const page = await open(context.pages()[0] ?? (await context.newPage()));
  return {
    url,
    context,
    page,
    problems,
    newPage: async () => open(await context.newPage()),
    async close() {
      await context.close();
      await server.close();
      for (const dir of temp) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What a range test on the page is run with: menus chosen first (in order), then fields filled. */
export interface RunSettings {
  select?: Record<string, string>;
  fill?: Record<string, string>;
}

/** Chooses the menus, then fills the fields. */
export async function applySettings(page: Page, settings: RunSettings): Promise<void> {
  for (const [selector, value] of Object.entries(settings.select ?? {})) await page.selectOption(selector, value);
  for (const [selector, value] of Object.entries(settings.fill ?? {})) await page.fill(selector, value);
}

/** Sets the menus and fields, clicks Run and waits until the range test is done. */
export async function runToDone(page: Page, settings: RunSettings = {}): Promise<void> {
  await applySettings(page, settings);
  await page.click('#run');
  await page.locator('#status[data-state="done"]').waitFor({ timeout: 60_000 });
}

/** The finder chart's canvas as decoded pixels, with the plot's box (CSS px) and x scale. */
export interface ChartImage {
  png: PNG;
  /** Canvas pixels per CSS pixel. */
  scale: number;
  plot: { left: number; top: number; right: number; bottom: number; xMin: number; xMax: number; log: boolean };
}

/** Reads what the chart has DRAWN: its canvas (toDataURL, decoded with pngjs) and where its plot lies. */
export async function chartImage(page: Page, selector = '#finder-chart'): Promise<ChartImage> {
  const { url, scale, plot } = await page.locator(selector).evaluate((el) => {
    const c = el.querySelector('canvas') as HTMLCanvasElement;
    return { url: c.toDataURL('image/png'), scale: c.width / c.clientWidth, plot: (el as HTMLElement).dataset.plot ?? '{}' };
  });
  return { png: PNG.sync.read(Buffer.from(url.split(',')[1], 'base64')), scale, plot: JSON.parse(plot) };
}

/** '#1f4fa0' as [r, g, b]; with `alpha`, as drawn at that opacity over white. */
export function rgb(hex: string, alpha = 1): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255].map((v) => Math.round(alpha * v + (1 - alpha) * 255)) as [number, number, number];
}

/** The pixels of the plot area within `tol` (per channel) of `color`, at CSS coordinates. */
export function pixelsOf(img: ChartImage, color: [number, number, number], tol = 24): { x: number; y: number }[] {
  const { png, scale, plot } = img;
  const out: { x: number; y: number }[] = [];
  const [x0, x1, y0, y1] = [plot.left, plot.right, plot.top, plot.bottom].map((v) => Math.round(v * scale));
  for (let y = Math.max(0, y0 - 8); y < Math.min(png.height, y1 + 8); y++) {
    for (let x = Math.max(0, x0 - 8); x < Math.min(png.width, x1 + 8); x++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i + 3] < 200) continue;
      if (Math.abs(png.data[i] - color[0]) <= tol && Math.abs(png.data[i + 1] - color[1]) <= tol && Math.abs(png.data[i + 2] - color[2]) <= tol) out.push({ x: x / scale, y: y / scale });
    }
  }
  return out;
}

/** Where the chart draws the rate `lr` (CSS px from the canvas's left edge). */
export function xOf(img: ChartImage, lr: number): number {
  const { left, right, xMin, xMax, log } = img.plot;
  const f = log ? (Math.log(lr) - Math.log(xMin)) / (Math.log(xMax) - Math.log(xMin)) : (lr - xMin) / (xMax - xMin);
  return left + f * (right - left);
}

/** Clicks a download button and reads the file it saves. */
export async function downloadFile(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

/** A row of fastai's table: the rule, its rate and the text shown. */
export interface FastaiRow {
  name: string;
  lr: number;
  text: string;
}

/** fastai's rules as the table behind "show fastai's rules" lists them (switching it on). */
export async function fastaiRows(page: Page): Promise<FastaiRow[]> {
  await page.check('#show-fastai');
  return page.locator('#suggestions tbody tr[data-lr]').evaluateAll((trs) =>
    trs.map((tr) => ({ name: (tr as HTMLElement).dataset.name ?? '', lr: Number((tr as HTMLElement).dataset.lr), text: tr.querySelector('td.lr')?.textContent ?? '' })),
  );
}

/**
 * The page of a describe block: Chromium opened before its first test (then `setup`), closed
 * after its last. Call it inside describe(); `setup` keeps what the tests need.
 *
 * @example
 * let page: Page;
 * pageForSuite({ width: 1280, height: 900 }, (w) => { page = w.page; });
 */
export function pageForSuite(viewport?: { width: number; height: number }, setup?: (web: WebPage) => void | Promise<void>): void {
  let web: WebPage | undefined;
  before(async () => {
    web = await openWebPage(viewport);
    await setup?.(web);
  });
  after(async () => {
    await web?.close();
  });
}
