'use strict';
/**
 * Where the full stack's time goes: runs dist/core/main.js (the bench's configuration) under
 * --cpu-prof while autocannon loads GET /health/live, then prints CPU µs per request by
 * middleware and by package. The profile is kept in bench/results/ for Chrome DevTools.
 * A diagnostic, not part of `npm run bench`; the profiler itself slows everything by ~1.5-2x,
 * so compare the rows with each other, not with the bench's figures.
 *
 *   npm run build && node bench/kernel/profile.js          (BENCH_DURATION=8 by default)
 */
const fs = require('node:fs');
const path = require('node:path');
const { startChildServer } = require('../lib/child-server');
const { makeTempDir, removeDir } = require('../lib/temp-dir');
const { RESULTS_DIR } = require('../lib/results');
const { formatTable, fixed } = require('../lib/table');
const { costByMiddleware, costByPackage, costOutsideChain } = require('../lib/cpu-profile');
const { fullServerEnv, BENCH_ORIGIN } = require('./full-server-env');
const { measure } = require('./load');
const { MAIN, PATH, ROOT } = require('./targets');

const durationS = Number(process.env.BENCH_DURATION || 8);
const connections = Number(process.env.BENCH_CONNECTIONS || 50);

async function main() {
  if (!fs.existsSync(MAIN)) throw new Error('dist/core/main.js not found: run `npm run build` first');
  const dataDir = makeTempDir('logbook-bench-profile');
  const profileDir = makeTempDir('logbook-bench-cpuprof');
  try {
    const server = await startChildServer(['--cpu-prof', '--cpu-prof-dir', profileDir, MAIN], { env: fullServerEnv(dataDir), discardStdout: true });
    let result;
    try {
      result = await measure({ url: server.url + PATH, headers: { origin: BENCH_ORIGIN }, connections, durationS, warmupS: 2 });
    } finally {
      await server.stop(); // the profile is written when the process exits
    }
    const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the server wrote no CPU profile');
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const kept = path.join(RESULTS_DIR, 'kernel-full.cpuprofile');
    fs.copyFileSync(path.join(profileDir, file), kept);

    const profile = JSON.parse(fs.readFileSync(kept, 'utf8'));
    // Warm-up requests are in the profile too; count them so the per-request figures are right.
    const requests = result.requestsTotal + result.warmupRequests;
    const middleware = costByMiddleware(profile, requests).slice(0, 12).map(([k, us]) => [k, fixed(us)]);
    middleware.push(['access log line (the finish listener)', fixed(costOutsideChain(profile, requests, 'http/access-log.js'))]);
    console.log(`GET ${PATH} on the full stack under --cpu-prof: ${requests} requests\n`);
    console.log(formatTable(['called by express (next() excluded)', 'µs/req'], middleware));
    console.log('');
    console.log(formatTable(['package or file (self time)', 'µs/req'], costByPackage(profile, requests).slice(0, 15).map(([k, us]) => [k, fixed(us)])));
    console.log(`\nprofile: ${path.relative(ROOT, kept)} (open in Chrome DevTools > Performance)`);
  } finally {
    removeDir(dataDir);
    removeDir(profileDir);
  }
}

main().catch((err) => {
  process.stderr.write(`profile failed: ${err && err.message ? err.message : err}\n`);
  process.exit(1);
});
