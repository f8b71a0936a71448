'use strict';
/** The kernel bench's stdout table. */
const { formatTable, int, fixed } = require('../lib/table');

function throughputTable(t) {
  const rows = ['full', 'express', 'node'].map((k) => [
    t[k].label, int(t[k].requestsPerSec), fixed(t[k].latencyMs.p50), fixed(t[k].latencyMs.p99), int(t[k].requestsTotal),
    t[k].serverCpuUsPerRequest === null ? 'n/a' : fixed(t[k].serverCpuUsPerRequest, 1),
  ]);
  return formatTable(['GET /health/live', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'server CPU µs/req'], rows);
}

function targetsTable(targets) {
  return formatTable(['target', 'value', 'wanted', 'result'], targets.map((x) => [
    x.name, `${fixed(x.value, x.unit === 'ms' ? 0 : 3)}${x.unit ? ' ' + x.unit : ''}`, x.target, x.met ? 'met' : 'MISSED',
  ]));
}

function formatReport({ settings, throughput, ratios, coldStart, targets }) {
  return [
    `kernel bench: ${settings.connections} connections, ${settings.warmupS} s warm-up + ${settings.durationS} s per server` +
      (settings.rounds > 1 ? `, median of ${settings.rounds} rounds` : ''),
    '',
    throughputTable(throughput),
    '',
    `ratio full/express    ${fixed(ratios.fullOverExpress, 3)}   (our middleware's cost; target >= 0.7)`,
    `ratio express/node    ${fixed(ratios.expressOverNode, 3)}   (express itself; ~0.25 expected on Node 20)`,
    `ratio full/node       ${fixed(ratios.fullOverNode, 3)}`,
    `CPU ratio express/full ${fixed(ratios.cpuExpressOverFull, 3)}   (server CPU per request; steadier than req/s on a shared machine)`,
    '',
    `cold start to first 200 on /health (SQLite): median ${int(coldStart.medianMs)} ms of [${coldStart.startsMs.map(int).join(', ')}] ms;` +
      ` first-ever start with migrations ${int(coldStart.firstStartMs)} ms`,
    '',
    targetsTable(targets),
  ].join('\n');
}

module.exports = { formatReport };
