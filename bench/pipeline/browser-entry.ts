// Page script of the pipeline benchmark: exposes `window.lrkitPipelineBench(backend, options)`,
// which bench/pipeline/browser.ts calls through playwright and whose JSON result it collects.
import { setBackend } from '../../src/tfjs/backend.js';
import { measurePipeline, type PipelineBenchOptions, type PipelineBenchResult } from './measure.js';

declare global {
  interface Window {
    lrkitPipelineBench: (backend: 'webgl' | 'cpu', options: Omit<PipelineBenchOptions, 'log'>) => Promise<PipelineBenchResult & { userAgent: string; webglRenderer: string | null }>;
  }
}

// The GPU (or SwiftShader) behind WebGL, so the result says what "webgl" meant on this machine.
function webglRenderer(): string | null {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return null;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

window.lrkitPipelineBench = async (backend, options) => {
  const used = await setBackend(backend);
  if (used !== backend) throw new Error(`backend ${backend} did not start (tfjs uses ${used})`);
  const status = document.getElementById('status')!;
  const result = await measurePipeline({ ...options, log: (line) => { status.textContent = line; console.log(line); } });
  return { ...result, userAgent: navigator.userAgent, webglRenderer: webglRenderer() };
};
document.getElementById('status')!.textContent = 'ready';
