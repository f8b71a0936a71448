'use strict';
/** Load settings from the environment, with the defaults the figures are recorded at. */
function positiveNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

function kernelBenchSettings() {
  return {
    durationS: positiveNumber('BENCH_DURATION', 10),
    warmupS: positiveNumber('BENCH_WARMUP', 2),
    connections: Math.round(positiveNumber('BENCH_CONNECTIONS', 50)),
    rounds: Math.round(positiveNumber('BENCH_ROUNDS', 1)),
    coldStarts: Math.round(positiveNumber('BENCH_COLD_STARTS', 5)),
  };
}

/** An upper bound on the whole run; past it the bench gives up rather than hang a CI job. */
function watchdogMs(s) {
  const perLoad = (s.warmupS + s.durationS + 30) * 1000;
  return 3 * s.rounds * perLoad + (s.coldStarts + 1) * 35_000 + 60_000;
}

module.exports = { kernelBenchSettings, watchdogMs };
