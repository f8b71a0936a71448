'use strict';
/**
 * Kernel benchmark (issue #2 item 13): GET /health/live through our whole middleware stack versus
 * a bare express 5 app and a bare node:http server, plus cold start on SQLite. Writes
 * bench/results/kernel.json, prints a table, and exits 1 when a target is missed.
 *
 *   npm run build && node bench/kernel/kernel.bench.js
 *   BENCH_DURATION=30 BENCH_ROUNDS=3 node bench/kernel/kernel.bench.js
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { makeTempDir, removeDir } = require('../lib/temp-dir');
const { target, writeResults } = require('../lib/results');
const { kernelBenchSettings, watchdogMs } = require('./settings');
const { benchTargets, MAIN, ROOT } = require('./targets');
const { measureThroughput } = require('./throughput');
const { measureColdStart } = require('./cold-start');
const { formatReport } = require('./report');

const log = (line) => process.stdout.write(line + '\n');

async function main() {
  if (!fs.existsSync(MAIN)) throw new Error(`${path.relative(ROOT, MAIN)} not found: run \`npm run build\` first (npm run bench does)`);
  const settings = kernelBenchSettings();
  const watchdog = setTimeout(() => {
    process.stderr.write(`kernel bench: gave up after ${watchdogMs(settings)} ms\n`);
    process.exit(1);
  }, watchdogMs(settings));
  watchdog.unref();

  // Other jobs on the machine move requests/s a lot (the load generator shares the CPUs); say so.
  const loadAverage = os.loadavg()[0];
  if (loadAverage > os.cpus().length * 0.5) {
    log(`note: load average ${loadAverage.toFixed(1)} on ${os.cpus().length} CPUs before the run: other work is running, figures will be noisy`);
  }

  const coldDir = makeTempDir('logbook-bench-cold');
  const loadDir = makeTempDir('logbook-bench-load');
  try {
    log('cold start:');
    const coldStart = await measureColdStart(coldDir, settings.coldStarts, log);
    log('throughput:');
    const throughput = await measureThroughput(benchTargets(loadDir), settings, log);

    const ratios = {
      fullOverExpress: throughput.full.requestsPerSec / throughput.express.requestsPerSec,
      expressOverNode: throughput.express.requestsPerSec / throughput.node.requestsPerSec,
      fullOverNode: throughput.full.requestsPerSec / throughput.node.requestsPerSec,
      cpuExpressOverFull: throughput.express.serverCpuUsPerRequest / throughput.full.serverCpuUsPerRequest,
    };
    const targets = [
      target('full/express req/s', ratios.fullOverExpress, '>=', 0.7),
      target('cold start median', coldStart.medianMs, '<', 2000, 'ms'),
    ];
    const file = writeResults('kernel', { settings, loadAverageBefore: loadAverage, throughput, ratios, coldStart, targets });
    log('');
    log(formatReport({ settings, throughput, ratios, coldStart, targets }));
    log(`\nresults: ${path.relative(ROOT, file)}`);
    return targets.every((t) => t.met) ? 0 : 1;
  } finally {
    removeDir(coldDir);
    removeDir(loadDir);
  }
}

main().then((code) => process.exit(code), (err) => {
  process.stderr.write(`kernel bench failed: ${err && err.message ? err.message : err}\n`);
  process.exit(1);
});
