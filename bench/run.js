#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` (after the build): the kernel bench, then every `bench/*.bench.ts`, each in its
 * own child process so one bench's heap, JIT state and open handles cannot colour the next one's
 * figures. Prints a combined summary and exits 1 when a bench fails or misses a stated target.
 *
 *   node bench/run.js                 all of them
 *   node bench/run.js kernel audit    only these (names: kernel, or a *.bench.ts file's name)
 *
 * A bench states its targets by writing bench/results/<name>.json with
 * `targets: [{ name, value, unit, target, met }]` (bench/lib/results.js writes that shape) and
 * reports a missed target with exit code 1.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { resultsFile } = require('./lib/results');
const { formatTable } = require('./lib/table');

const ROOT = path.resolve(__dirname, '..');
// A bench runs for minutes at most; this bounds a hung one so `npm run bench` always ends.
const CHILD_TIMEOUT_MS = Number(process.env.BENCH_CHILD_TIMEOUT_S || 900) * 1000;

function discover() {
  const benches = [{ name: 'kernel', args: [path.join(__dirname, 'kernel', 'kernel.bench.js')] }];
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts')).sort()) {
    benches.push({ name: file.slice(0, -'.bench.ts'.length), args: ['-r', 'ts-node/register', path.join(__dirname, file)] });
  }
  return benches;
}

function runChild(bench) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, bench.args, { cwd: ROOT, stdio: 'inherit' });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, CHILD_TIMEOUT_MS);
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      process.off('exit', killOnExit);
      resolve({ code: code ?? 1, signal, timedOut, started, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/** The targets a bench wrote during this run; a results file left over from an earlier run is ignored. */
function readTargets(name, since) {
  const file = resultsFile(name);
  try {
    if (fs.statSync(file).mtimeMs < since) return null;
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Array.isArray(data.targets) ? data.targets : null;
  } catch {
    return null;
  }
}

function describeTarget(t) {
  const value = typeof t.value === 'number' ? (Math.abs(t.value) >= 100 ? Math.round(t.value) : t.value.toFixed(3)) : t.value;
  return `${t.met ? 'met   ' : 'MISSED'} ${t.name}: ${value}${t.unit ? ' ' + t.unit : ''} (wanted ${t.target})`;
}

async function main() {
  const wanted = process.argv.slice(2);
  const all = discover();
  const unknown = wanted.filter((w) => !all.some((b) => b.name === w));
  if (unknown.length) {
    process.stderr.write(`unknown bench: ${unknown.join(', ')} (have: ${all.map((b) => b.name).join(', ')})\n`);
    return 2;
  }
  const benches = wanted.length ? all.filter((b) => wanted.includes(b.name)) : all;

  const outcomes = [];
  for (const bench of benches) {
    process.stdout.write(`\n=== bench: ${bench.name} ===\n`);
    const run = await runChild(bench);
    const targets = readTargets(bench.name, run.started) ?? [];
    const missed = targets.filter((t) => !t.met);
    const status = run.timedOut ? `timed out after ${CHILD_TIMEOUT_MS / 1000} s`
      : run.code !== 0 && missed.length === 0 ? `failed (exit ${run.signal ?? run.code})`
        : missed.length ? `${missed.length} target(s) missed` : 'ok';
    outcomes.push({ bench, run, targets, status, ok: run.code === 0 && missed.length === 0 && !run.timedOut });
  }

  process.stdout.write('\n=== summary ===\n');
  process.stdout.write(formatTable(['bench', 'result', 'seconds'], outcomes.map((o) => [o.bench.name, o.status, o.run.seconds.toFixed(0)])) + '\n');
  for (const o of outcomes) for (const t of o.targets) process.stdout.write(`  ${o.bench.name}: ${describeTarget(t)}\n`);
  const failed = outcomes.filter((o) => !o.ok);
  process.stdout.write(failed.length ? `\n${failed.length} of ${outcomes.length} bench(es) failed or missed a target\n` : `\nall ${outcomes.length} bench(es) met their targets\n`);
  return failed.length ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (err) => {
  process.stderr.write(`bench runner failed: ${err && err.message ? err.message : err}\n`);
  process.exitCode = 1;
});
