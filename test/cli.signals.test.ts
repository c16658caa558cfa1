// A second Ctrl-C / SIGTERM quits at once and says which output files were not written. Driven in
// a child process that holds onInterrupt's handlers with two files still unwritten, so the test
// does not race a real save: the first signal only aborts, the second must exit 130 naming both.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const onInterruptUrl = new URL('../src/cli/outputs.ts', import.meta.url).href;

async function twoSignals(first: NodeJS.Signals, second: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'lrkit-signals-'));
  const script = join(dir, 'hold.mts');
  writeFileSync(script, `
import { onInterrupt } from ${JSON.stringify(onInterruptUrl)};
const ctl = new AbortController();
const io = { out: (t: string) => console.log(t), err: (t: string) => console.error(t), tty: false };
onInterrupt(ctl, io, { unwritten: () => ['out/plot.png', 'out/report.html'] });
ctl.signal.addEventListener('abort', () => console.error('aborted'));
console.error('ready');
setInterval(() => {}, 1000); // a run that is still saving
`);
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let sentFirst = false;
  let sentSecond = false;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!sentFirst && stderr.includes('ready')) {
      sentFirst = true;
      child.kill(first);
    }
    // The second signal only once the first one has been handled (the abort was seen).
    if (sentFirst && !sentSecond && stderr.includes('aborted')) {
      sentSecond = true;
      child.kill(second);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, stderr };
}

test('Ctrl-C twice: the second exits 130 and lists the files not written', async () => {
  const r = await twoSignals('SIGINT', 'SIGINT');
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /interrupted: stopping after the current step and saving the partial results \(Ctrl-C again to quit now\)/);
  assert.match(r.stderr, /SIGINT again: quitting now; not written: out\/plot\.png, out\/report\.html/);
});

test('SIGTERM then Ctrl-C: the same', async () => {
  const r = await twoSignals('SIGTERM', 'SIGINT');
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /terminated: stopping after the current step/);
  assert.match(r.stderr, /SIGINT again: quitting now; not written: out\/plot\.png, out\/report\.html/);
});
