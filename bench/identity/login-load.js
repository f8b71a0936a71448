'use strict';
/**
 * POST /api/v1/auth/login under autocannon, cycling over several members (so no single account's
 * row or attempt counter is the bottleneck). Counts successful sign-ins and 429s (the hashing bound
 * shedding load) apart: only 2xx count as logins.
 */
const autocannon = require('autocannon');

/**
 * @param {{ url: string, usernames: string[], password: string, connections: number, durationS: number, warmupS: number, origin: string }} o
 */
async function loginLoad({ url, usernames, password, connections, durationS, warmupS, origin }) {
  const requests = usernames.map((username) => ({ method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ username, password }) }));
  const common = { url, connections, pipelining: 1, timeout: 20, requests };
  const warm = warmupS > 0 ? await autocannon({ ...common, duration: warmupS }) : null;
  const r = await autocannon({ ...common, duration: durationS });
  const seconds = r.duration;
  const byStatus = r.statusCodeStats || {};
  const count = (code) => (byStatus[code] ? byStatus[code].count : 0);
  const ok = r['2xx'];
  const tooMany = count('429');
  return {
    loginsPerSec: ok / seconds,
    tooManyPerSec: tooMany / seconds,
    ok, tooMany, warmup: warm ? warm['2xx'] : 0,
    byStatus: Object.fromEntries(Object.entries(byStatus).map(([code, v]) => [code, v.count])), other: r.non2xx - tooMany, errors: r.errors, timeouts: r.timeouts, durationS: seconds,
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99 },
  };
}

module.exports = { loginLoad };
