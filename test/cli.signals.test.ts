// A second Ctrl-C / SIGTERM quits at once and says which output files were not written. Driven in
// a child process that holds onInterrupt's handlers with two files still unwritten, so the test
// does not race a real save: the first signal only aborts, the second must exit 130 naming both.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { curveCsv, lrkit } from './helpers/spawn.js';
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

// Signals in the write phase, in a real `lrkit analyze` held before its first write by
// LRKIT_WRITE_GATE (the command waits for the gate file), so the signal lands there every time.
const ANALYZE = ['analysis.json', 'analysis.svg', 'analysis.png', 'analysis.html'];

async function inWritePhase(signals: NodeJS.Signals[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'lrkit-write-signal-'));
  writeFileSync(join(cwd, 'a.csv'), curveCsv());
  const gate = join(cwd, 'gate');
  const r = lrkit(['analyze', 'a.csv', '--out', 'out'], cwd, { LRKIT_WRITE_GATE: gate });
  try {
    await r.waitErr(/LRKIT_WRITE_GATE: waiting/);
    r.child.kill(signals[0]);
    await r.waitErr(/(terminated|interrupted): finishing the writes/);
    if (signals[1]) r.child.kill(signals[1]);
  } finally {
    if (!signals[1]) writeFileSync(gate, ''); // let the writes go on
  }
  const code = await r.exit;
  const out = join(cwd, 'out');
  return { code, err: r.err(), out, names: readdirSync(out) };
}

for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
  test(`${signal} in the write phase: every file is still written whole, then exit ${code}`, async () => {
    const r = await inWritePhase([signal]);
    assert.equal(r.code, code, r.err);
    assert.match(r.err, new RegExp(`${signal === 'SIGTERM' ? 'terminated' : 'interrupted'}: finishing the writes \\(4 to go: \\S+analysis\\.json, \\S+analysis\\.svg, \\S+analysis\\.png, \\S+analysis\\.html\\)`));
    for (const f of ANALYZE) assert.ok(r.names.includes(f), `${f} written`);
    assert.match(readFileSync(join(r.out, 'analysis.html'), 'utf8'), /<\/html>\s*$/);
    JSON.parse(readFileSync(join(r.out, 'analysis.json'), 'utf8'));
    assert.deepEqual(r.names.filter((n) => n.endsWith('.tmp') || n === '.lrkit.lock'), []);
  });
}

test('a second signal in the write phase quits at once, naming every file not written; no temp file or lock is left', async () => {
  const r = await inWritePhase(['SIGTERM', 'SIGINT']);
  assert.equal(r.code, 130, r.err);
  assert.match(r.err, /SIGINT again: quitting now; not written: \S+analysis\.json, \S+analysis\.svg, \S+analysis\.png, \S+analysis\.html/);
  assert.deepEqual(r.names.filter((n) => n !== '.lrkit-outputs.json'), [], 'nothing half-written, no lock, no temp file');
});
