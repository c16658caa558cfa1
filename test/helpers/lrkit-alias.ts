// Lets a Node test import the page's modules (web/src), which name the library by its public
// specifiers ('lrkit', 'lrkit/tfjs', ...) as web/vite.config.ts aliases them: the same names resolve
// here to src/<area>/index.ts (not to a possibly stale dist/). Import this module first, then
// import web/src modules dynamically (static imports are resolved before any code runs).
import { register } from 'node:module';

const SRC = new URL('../../src/', import.meta.url).href;
const hook = `
export async function resolve(specifier, context, next) {
  const m = /^lrkit(?:\\/(tfjs|data|models|report|robust|node))?$/.exec(specifier);
  return next(m ? ${JSON.stringify(SRC)} + (m[1] ? m[1] + '/' : '') + 'index.ts' : specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
