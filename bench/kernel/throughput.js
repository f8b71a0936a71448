'use strict';
/**
 * Requests per second and latency for each target, one after another with identical load settings.
 * With BENCH_ROUNDS > 1 the order rotates each round (so no target always runs first or last on a
 * warming machine) and each target's median round is reported.
 */
const { startChildServer } = require('../lib/child-server');
const { httpGet } = require('../lib/http-get');
const { processCpuSeconds } = require('../lib/process-cpu');
const { measure } = require('./load');
const { PATH, BENCH_ORIGIN } = require('./targets');

async function runOne(target, load, log) {
  const server = await startChildServer(target.args, { env: target.env, discardStdout: target.discardStdout });
  try {
    const url = server.url + PATH;
    const headers = { origin: BENCH_ORIGIN };
    const wrong = target.check(await httpGet(url, { headers }));
    if (wrong) throw new Error(`${target.label}: unexpected answer on ${PATH}: ${wrong}`);
    log(`  ${target.label}: ${load.warmupS} s warm-up + ${load.durationS} s at ${load.connections} connections ...`);
    let cpuStart = null;
    const result = await measure({ url, headers, ...load, onMeasureStart: () => { cpuStart = processCpuSeconds(server.child.pid); } });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`${target.label}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
    }
    const cpuEnd = processCpuSeconds(server.child.pid);
    // Server CPU per request: the figure that holds still when other jobs share the machine.
    const serverCpuUsPerRequest = cpuStart === null || cpuEnd === null ? null : ((cpuEnd - cpuStart) * 1e6) / result.requestsTotal;
    return { ...result, serverCpuUsPerRequest };
  } finally {
    await server.stop();
  }
}

/**
 * @param {ReturnType<typeof import('./targets').benchTargets>} targets
 * @param {{ connections: number, durationS: number, warmupS: number, rounds: number }} load
 */
async function measureThroughput(targets, load, log) {
  const rounds = new Map(targets.map((t) => [t.key, []]));
  for (let round = 0; round < load.rounds; round++) {
    if (load.rounds > 1) log(` round ${round + 1}/${load.rounds}`);
    const order = targets.map((_, i) => targets[(i + round) % targets.length]);
    for (const target of order) rounds.get(target.key).push(await runOne(target, load, log));
  }
  const out = {};
  for (const t of targets) {
    const all = rounds.get(t.key);
    // The median round (the lower middle for an even count), with that round's own latencies.
    const chosen = [...all].sort((a, b) => a.requestsPerSec - b.requestsPerSec)[Math.floor((all.length - 1) / 2)];
    out[t.key] = { label: t.label, ...chosen, rounds: all.map((r) => r.requestsPerSec) };
  }
  return out;
}

module.exports = { measureThroughput };
