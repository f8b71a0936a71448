'use strict';
/**
 * One autocannon measurement: a warm-up (JIT, connection setup, lazy requires) that is thrown
 * away, then the measured run. Both are bounded by their duration; autocannon's own per-request
 * timeout bounds a hung server. `onMeasureStart` runs between the two (to snapshot CPU counters).
 */
const autocannon = require('autocannon');

/**
 * @param {{ url: string, headers?: Record<string,string>, connections: number, durationS: number, warmupS: number, onMeasureStart?: () => void }} o
 */
async function measure({ url, headers = {}, connections, durationS, warmupS, onMeasureStart = () => {} }) {
  const common = { url, headers, connections, pipelining: 1, timeout: 10 };
  const warmup = warmupS > 0 ? await autocannon({ ...common, duration: warmupS }) : null;
  onMeasureStart();
  const r = await autocannon({ ...common, duration: durationS });
  return {
    requestsPerSec: r.requests.average,
    requestsTotal: r.requests.total,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, avg: r.latency.average, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    durationS: r.duration,
    warmupRequests: warmup ? warmup.requests.total : 0,
  };
}

module.exports = { measure };
