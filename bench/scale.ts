// Benchmark: `lrkit analyze` end to end on long synthetic range-test logs, as a user runs it (a
// child process: start-up, reading, analysis, terminal chart, plots, report, writes). For each
// log: wall time and peak memory (maximum resident set size, from /usr/bin/time -v). Logs: CSV of
// 1e3 ... 1e6 points and 5e6 rows, TensorBoard event files of 1e3 ... 1e5 steps (an lr and a loss
// scalar per step), and `lrkit --version` as the start-up floor. Then one CPU profile of the 1e6
// CSV run (node --cpu-prof), summed by source file, to name the bottleneck.
// Targets (issue 27): 1e6 points <= 5 s and <= 600 MB; 1e5 TensorBoard steps <= 3 s; 5e6 CSV rows
// read without dying.
//
// Run: npm run bench:scale [-- --timeout 240 --reps 3 --max 5000000 --no-profile --tsx]; --replot: only the figure
// Every log up to 1e6 points runs --reps times (medians); the 5e6-row one once.
// Writes bench/results/scale.json, bench/results/scale.png and docs/img/bench-scale.png.
import { spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeTensorBoardEvents } from '../src/io/tensorboard.js';
import { intArg, machineInfo, stats, wallSeconds, writeJson, writePng } from './lib/common.js';
import { distIsFresh } from '../bin/fresh.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT = intArg('timeout', 240);
const REPS = intArg('reps', 3);
const MAX = intArg('max', 5_000_000);
const PROFILE = !process.argv.includes('--no-profile');
const work = mkdtempSync(join(tmpdir(), 'lrkit-scale-'));

// A compiled snapshot of the sources (as `npm install` builds dist/, which other work in this tree
// may leave stale): .tmp/scale-build/dist, beside a copy of package.json. --tsx runs bin/lrkit.js.
function launcher(): { args: string[]; name: string } {
  if (process.argv.includes('--tsx')) return { args: [join(ROOT, 'bin/lrkit.js')], name: distIsFresh(ROOT) ? 'bin/lrkit.js (compiled dist/)' : 'bin/lrkit.js (tsx on the sources)' };
  const build = join(ROOT, '.tmp/scale-build');
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(build, 'dist')], { encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`could not compile the sources (run with --tsx to use them as they are):\n${tsc.stdout}${tsc.stderr}`);
  copyFileSync(join(ROOT, 'package.json'), join(build, 'package.json'));
  return { args: [join(build, 'dist/cli/main.js')], name: 'compiled snapshot of the sources (tsc, as dist/)' };
}
// --replot: only redraw the figure from bench/results/scale.json.
if (process.argv.includes('--replot')) {
  const saved = JSON.parse(readFileSync(join(ROOT, 'bench/results/scale.json'), 'utf8')) as { rows: Row[] };
  copyFileSync(await plot(saved.rows), join(ROOT, 'docs/img/bench-scale.png'));
  rmSync(work, { recursive: true, force: true });
  console.log('wrote bench/results/scale.png, docs/img/bench-scale.png');
  process.exit(0);
}
const LAUNCH = launcher();

/** A range test's loss at fraction t of an exp sweep 1e-7 .. 10: falls, bottoms near 0.6, explodes; seeded noise. */
function lossAt(i: number, n: number, seed: { s: number }): number {
  const t = i / (n - 1);
  seed.s = (seed.s * 1103515245 + 12345) % 2147483648;
  const noise = (seed.s / 2147483648 - 0.5) * 0.1;
  return 2.3 - 1.7 / (1 + Math.exp(-(t - 0.45) * 14)) + Math.exp((t - 0.8) * 20) + noise;
}
const lrAt = (i: number, n: number) => 1e-7 * 10 ** ((8 * i) / (n - 1));

async function writeCsv(n: number): Promise<string> {
  const file = join(work, `curve-${n}.csv`);
  const out = createWriteStream(file);
  const seed = { s: 7 };
  out.write('lr,loss\n');
  for (let i = 0; i < n; i += 10_000) {
    let chunk = '';
    for (let k = i; k < Math.min(n, i + 10_000); k++) chunk += `${lrAt(k, n)},${lossAt(k, n, seed)}\n`;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return file;
}

function writeEvents(n: number): string {
  const dir = join(work, `tb-${n}`);
  mkdirSync(dir);
  const seed = { s: 7 };
  const lr = Array.from({ length: n }, (_, i) => ({ step: i, wallTime: 1e9 + i, value: lrAt(i, n) }));
  const loss = Array.from({ length: n }, (_, i) => ({ step: i, wallTime: 1e9 + i, value: lossAt(i, n, seed) }));
  const file = join(dir, 'events.out.tfevents.1700000000.bench');
  writeFileSync(file, encodeTensorBoardEvents({ 'train/lr': lr, 'train/loss': loss }));
  return file;
}

interface Run { seconds: number | null; cpuSeconds: number | null; maxRssMB: number | null; code: number | null; timedOut: boolean; tail: string }

/** One `lrkit <args>` under /usr/bin/time -v, killed after TIMEOUT seconds. */
function run(args: string[], extraNode: string[] = []): Run {
  const out = mkdtempSync(join(work, 'out-'));
  const res = spawnSync('/usr/bin/time', ['-v', 'timeout', '-s', 'KILL', String(TIMEOUT), process.execPath, ...extraNode, ...LAUNCH.args, ...args, ...(args[0] === 'analyze' ? ['--out', out] : [])], {
    cwd: work, encoding: 'utf8', maxBuffer: 64 * 2 ** 20,
  });
  rmSync(out, { recursive: true, force: true });
  const err = res.stderr ?? '';
  const field = (re: RegExp) => (re.exec(err)?.[1] ?? null);
  const elapsed = field(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/);
  const seconds = elapsed ? elapsed.split(':').reduce((a, p) => a * 60 + Number(p), 0) : null;
  const rss = field(/Maximum resident set size \(kbytes\): (\d+)/);
  const cpu = Number(field(/User time \(seconds\): ([\d.]+)/) ?? NaN) + Number(field(/System time \(seconds\): ([\d.]+)/) ?? NaN);
  const status = Number(field(/Exit status: (\d+)/) ?? NaN);
  const timedOut = /Command terminated by signal 9/.test(err) || status === 137;
  const tail = err.split('\n').filter((l) => l && !/^\t/.test(l) && !/Command (being timed|exited)/.test(l)).slice(-3).join(' | ').slice(0, 400);
  return { seconds: seconds === null ? null : Math.round(seconds * 100) / 100, cpuSeconds: Number.isNaN(cpu) ? null : Math.round(cpu * 100) / 100, maxRssMB: rss ? Math.round(Number(rss) / 1024) : null, code: Number.isNaN(status) ? null : status, timedOut, tail };
}

interface Row { kind: string; points: number; bytes: number; reps: Run[]; seconds: number | null; cpuSeconds: number | null; maxRssMB: number | null; ok: boolean }

function measure(kind: string, points: number, file: string): Row {
  const reps: Run[] = [];
  const n = points > 1e6 ? 1 : REPS; // the medians up to the 1e6 target (this machine is noisy); 5e6 once
  for (let r = 0; r < n; r++) {
    const x = run(['analyze', file]);
    reps.push(x);
    console.log(`${kind.padEnd(11)} ${String(points).padStart(8)}: ${x.seconds ?? '-'} s (cpu ${x.cpuSeconds ?? '-'} s), ${x.maxRssMB ?? '-'} MB, exit ${x.code}${x.timedOut ? ' (killed at the time limit)' : ''}${x.code ? `  ${x.tail}` : ''}`);
    if (x.code !== 0) break;
  }
  const good = reps.filter((x) => x.code === 0);
  return {
    kind, points, bytes: statSync(file).size, reps,
    seconds: good.length ? stats(good.map((x) => x.seconds!)).median : null,
    cpuSeconds: good.length ? stats(good.map((x) => x.cpuSeconds!)).median : null,
    maxRssMB: good.length ? good.reduce((m, x) => Math.max(m, x.maxRssMB ?? 0), 0) : null,
    ok: good.length === reps.length,
  };
}

/** Self time per source file (ms) of a .cpuprofile: where the process spent its time. */
function profileByFile(dir: string): { file: string; ms: number }[] {
  const name = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!name) return [];
  const p = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { nodes: { id: number; callFrame: { url: string; functionName: string } }[]; samples: number[]; timeDeltas: number[] };
  const urlOf = new Map(p.nodes.map((nd) => [nd.id, nd.callFrame.url || `(${nd.callFrame.functionName || 'native'})`]));
  const ms = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const url = (urlOf.get(id) ?? '?').replace(/^file:\/\//, '');
    const key = url.startsWith(ROOT) ? relative(ROOT, url).replace(/^node_modules\/(@[^/]+\/[^/]+|[^/]+)\/.*/, 'node_modules/$1') : url;
    ms.set(key, (ms.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...ms.entries()].map(([file, t]) => ({ file, ms: Math.round(t) })).sort((a, b) => b.ms - a.ms).slice(0, 12);
}

const rows: Row[] = [];
const floor = run(['--version']);
console.log(`${LAUNCH.name}; start-up floor (lrkit --version): ${floor.seconds} s (cpu ${floor.cpuSeconds} s), ${floor.maxRssMB} MB`);
for (const n of [1e3, 1e4, 1e5, 1e6, 5e6].filter((x) => x <= MAX)) {
  const file = await writeCsv(n);
  rows.push(measure('csv', n, file));
  rmSync(file); // up to 200+ MB: not kept
}
for (const n of [1e3, 1e4, 1e5].filter((x) => x <= MAX)) rows.push(measure('tensorboard', n, writeEvents(n)));

let profile: { file: string; ms: number }[] = [];
if (PROFILE && MAX >= 1e6) {
  const file = await writeCsv(1e6);
  const dir = join(work, 'prof');
  mkdirSync(dir);
  const r = run(['analyze', file], ['--cpu-prof', '--cpu-prof-dir', dir]);
  profile = profileByFile(dir);
  console.log(`\nCPU profile of the 1e6-point CSV (${r.seconds} s under the profiler), self time by file:`);
  for (const p of profile) console.log(`  ${String(p.ms).padStart(7)} ms  ${p.file}`);
}

const at = (kind: string, n: number) => rows.find((r) => r.kind === kind && r.points === n);
const m6 = at('csv', 1e6);
const tb5 = at('tensorboard', 1e5);
const c5e6 = at('csv', 5e6);
const targets = {
  csv1e6: { target: '<= 5 s and <= 600 MB', seconds: m6?.seconds ?? null, maxRssMB: m6?.maxRssMB ?? null, met: !!m6?.ok && m6.seconds! <= 5 && m6.maxRssMB! <= 600 },
  tensorboard1e5: { target: '<= 3 s', seconds: tb5?.seconds ?? null, met: !!tb5?.ok && tb5.seconds! <= 3 },
  csv5e6: { target: 'read without dying', seconds: c5e6?.seconds ?? null, maxRssMB: c5e6?.maxRssMB ?? null, met: !!c5e6?.ok },
};
console.log('\ntargets:', JSON.stringify(targets));
writeJson('scale', {
  machine: machineInfo('none (no training)'),
  launcher: LAUNCH.name,
  timeoutSeconds: TIMEOUT, startupFloor: floor, rows, targets, profile1e6: profile, wallSeconds: wallSeconds(),
});

const png = await plot(rows);
mkdirSync(join(ROOT, 'docs/img'), { recursive: true });
copyFileSync(png, join(ROOT, 'docs/img/bench-scale.png'));
rmSync(work, { recursive: true, force: true });
console.log(`wrote bench/results/scale.json, ${relative(ROOT, png)}, docs/img/bench-scale.png (${wallSeconds()} s)`);

/** Two panels, log-log: time (CPU, and wall as dashed lines: the machine is shared) and peak memory. */
async function plot(rows: Row[]): Promise<string> {
  const ok = rows.filter((r) => r.ok);
  const times = ok.flatMap((r) => [
    { kind: r.kind, clock: 'CPU (user + sys)', points: r.points, seconds: r.cpuSeconds },
    { kind: r.kind, clock: 'wall', points: r.points, seconds: r.seconds },
  ]);
  const x = { field: 'points', type: 'quantitative', scale: { type: 'log' }, axis: { format: '~s' }, title: 'points in the log' };
  const color = { field: 'kind', type: 'nominal', title: null, legend: { orient: 'bottom' } };
  const target = (y: number, label: string) => [
    { data: { values: [{ y, label }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'firebrick' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    { data: { values: [{ y, label }] }, mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: 'firebrick', x: 0 }, encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } } },
  ];
  return writePng('scale', {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'lrkit analyze end to end, by log length (one process each)', subtitle: 'left: solid = CPU time (user + sys), dashed = wall time', anchor: 'start' },
    hconcat: [
      {
        width: 420, height: 300,
        layer: [
          {
            data: { values: times }, mark: { type: 'line', point: true, strokeWidth: 2 },
            encoding: { x, y: { field: 'seconds', type: 'quantitative', scale: { type: 'log' }, title: 'seconds' }, color, strokeDash: { field: 'clock', type: 'nominal', title: null, legend: null, sort: ['CPU (user + sys)', 'wall'] } },
          },
          ...target(5, '5 s target at 1e6'),
        ],
      },
      {
        width: 420, height: 300,
        layer: [
          {
            data: { values: ok.map((r) => ({ kind: r.kind, points: r.points, memory: r.maxRssMB })) }, mark: { type: 'line', point: true, strokeWidth: 2 },
            encoding: { x, y: { field: 'memory', type: 'quantitative', scale: { type: 'log' }, title: 'peak memory (MB, max RSS)' }, color },
          },
          ...target(600, '600 MB target at 1e6'),
        ],
      },
    ],
  });
}
