'use strict';
/**
 * Cold start of the compiled server on SQLite: from spawning `node dist/core/main.js` to the first
 * 200 on GET /health. The first start on a fresh DATA_DIR also generates dev secrets and runs every
 * migration; it is reported on its own. The figure with a target is the median of the starts after
 * it, with migrations already applied: what a restart or a new replica costs.
 */
const { performance } = require('node:perf_hooks');
const { startChildServer } = require('../lib/child-server');
const { httpGet } = require('../lib/http-get');
const { median } = require('../lib/stats');
const { fullServerEnv } = require('./full-server-env');
const { MAIN } = require('./targets');

// The server sends `ready` right after listen(); /health is then asked at once. A GET that still
// fails (it should not) is retried briefly, so the figure is "first 200", not "first attempt".
const RETRY_MS = 5;
const START_TIMEOUT_MS = 30_000;

async function timeToHealthy(dataDir) {
  const started = performance.now();
  const server = await startChildServer([MAIN], { env: fullServerEnv(dataDir), discardStdout: true, timeoutMs: START_TIMEOUT_MS });
  try {
    for (;;) {
      const res = await httpGet(server.url + '/health').catch(() => null);
      if (res && res.status === 200) return performance.now() - started;
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`/health never answered 200 within ${START_TIMEOUT_MS} ms`);
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  } finally {
    await server.stop();
  }
}

async function measureColdStart(dataDir, starts, log) {
  log('  first-ever start (fresh data dir, migrations run) ...');
  const firstStartMs = await timeToHealthy(dataDir);
  const startsMs = [];
  for (let i = 0; i < starts; i++) {
    log(`  start ${i + 1}/${starts} (migrations applied) ...`);
    startsMs.push(await timeToHealthy(dataDir));
  }
  return { firstStartMs, startsMs, medianMs: median(startsMs) };
}

module.exports = { measureColdStart };
