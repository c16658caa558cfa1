// `lrkit analyze --source`: the tool is chosen by a flag, what was assumed and what was skipped is
// printed (stderr) and kept in analysis.json, and a bad value is refused with exit 2.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cli } from './helpers/cli.js';

const FIX = new URL('./fixtures/logs/', import.meta.url).pathname;

describe('lrkit analyze --source', () => {
  it('reads Lightning results as Lightning, says so, and keeps notes and warnings in analysis.json', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lrkit-src-'));
    const r = await cli(['analyze', path.join(FIX, 'lightning-lr-find/results.json'), '--source', 'lightning', '--out', path.join(dir, 'a')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /note: read as Lightning's lr_find results .*raw losses recovered by inverting its EMA/);
    const json = JSON.parse(readFileSync(path.join(dir, 'a', 'analysis.json'), 'utf8'));
    assert.equal(json.read.tool, 'lightning');
    const amp = path.join(dir, 'amp.csv');
    writeFileSync(amp, 'lr,loss\n' + Array.from({ length: 60 }, (_, i) => `${1e-5 * 1.2 ** i},${i === 30 ? 'nan' : 2 - i / 100}`).join('\n'));
    const w = await cli(['analyze', amp, '--out', path.join(dir, 'b'), '--json']);
    assert.equal(w.code, 0, w.err);
    assert.match(w.err, /warning: 1 point\(s\) with a non-finite loss inside the curve were skipped \(line 32\)/);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'b', 'analysis.json'), 'utf8')).read.warnings.map((x: { code: string }) => x.code), ['non-finite-rows']);
  });

  it('an unknown tool is a usage error naming the accepted ones', async () => {
    const r = await cli(['analyze', path.join(FIX, 'pytorch-lr-finder/history.json'), '--source', 'tensorflow', '--out', mkdtempSync(path.join(tmpdir(), 'lrkit-src-'))]);
    assert.equal(r.code, 2);
    assert.match(r.err, /source.*auto, pytorch-lr-finder, lightning, fastai, keras, raw/);
  });
});
