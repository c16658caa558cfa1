// placeholder until src/suggestions lands
import type { RangeTestResult } from '../../src/finder/index.js';
export interface PageSuggestions { points: { name: string; lr: number }[]; bounds: { baseLr: number; maxLr: number } }
export function pageSuggestions(_r: RangeTestResult): PageSuggestions { throw new Error('not yet'); }
