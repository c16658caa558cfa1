// Node side of the browser half: bundles bench/pipeline/index.html + browser-entry.ts with Vite's
// build() into a temp dir, serves it with Vite's preview server on an ephemeral 127.0.0.1 port,
// opens it in headless Debian Chromium (playwright-core, fresh profile, no network) and collects
// the page's result.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview, type InlineConfig } from 'vite';
import type { PipelineBenchOptions, PipelineBenchResult } from './measure.js';
import { CHROMIUM, CHROMIUM_FLAGS as FLAGS } from '../../test/helpers/chromium.js';

/** Chromium the benchmark drives (Debian's; playwright's own download is not available offline). */
export { CHROMIUM };

/** The page's result plus what the browser reported about itself. */
export type BrowserPipelineResult = PipelineBenchResult & { userAgent: string; webglRenderer: string | null; bundleMs: number };

/**
 * Runs measurePipeline on `backend` inside headless Chromium and returns its result.
 *
 * @example
 * const r = await measureInChromium('webgl', { reps: 5 }, console.log);
 */
export async function measureInChromium(
  backend: 'webgl' | 'cpu',
  options: Omit<PipelineBenchOptions, 'log'>,
  log: (line: string) => void = () => {},
): Promise<BrowserPipelineResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const work = await mkdtemp(join(tmpdir(), 'lrkit-bench-pipeline-'));
  const outDir = join(work, 'dist');
  const profile = join(work, 'profile');
  // Inline config only: the page needs nothing from web/vite.config.ts (no wasm, no MNIST subset).
  const config: InlineConfig = {
    configFile: false,
    root: fileURLToPath(new URL('.', import.meta.url)),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4000 },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
  };
  const t0 = performance.now();
  await build(config);
  const bundleMs = performance.now() - t0;
  const server = await preview(config);
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview reports no local URL');
    // Everything the page loads must come from our server: no CDN, no network.
    await context.route((u) => !u.href.startsWith(url) && !u.href.startsWith('data:'), (route) => route.abort());
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : log(`  [chromium] ${m.text()}`)));
    await page.goto(url);
    await page.locator('#status', { hasText: 'ready' }).waitFor({ timeout: 30_000 });
    const result = await page.evaluate(([b, o]) => window.lrkitPipelineBench(b, o), [backend, options] as const);
    if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);
    return { ...result, bundleMs };
  } finally {
    await context.close();
    await server.close();
    await rm(work, { recursive: true, force: true });
  }
}
