'use strict';
/**
 * The three servers measured side by side. Each starts in its own process; `check` confirms that the
 * answer is the one we mean to measure (for the full stack: that request id, CORS and security
 * headers really ran), so a misconfigured run fails instead of reporting a flattering number.
 */
const path = require('node:path');
const { fullServerEnv, BENCH_ORIGIN } = require('./full-server-env');

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'dist', 'core', 'main.js');
const PATH = '/health/live';
const BODY = '{"status":"alive"}';

function expectBody(res) {
  if (res.status !== 200) return `status ${res.status}`;
  if (res.body !== BODY) return `body ${res.body}`;
  if (!String(res.headers['content-type']).startsWith('application/json')) return `content-type ${res.headers['content-type']}`;
  return null;
}

function expectFullStack(res) {
  const wrong = expectBody(res);
  if (wrong) return wrong;
  const missing = [];
  if (!res.headers['x-request-id']) missing.push('X-Request-ID (request id)');
  if (res.headers['access-control-allow-origin'] !== BENCH_ORIGIN) missing.push('Access-Control-Allow-Origin (CORS)');
  if (!res.headers['strict-transport-security']) missing.push('Strict-Transport-Security (helmet)');
  if (res.headers['cache-control'] !== 'no-store') missing.push('Cache-Control: no-store');
  return missing.length ? `missing ${missing.join(', ')}` : null;
}

/** @param {string} dataDir the full server's DATA_DIR */
function benchTargets(dataDir) {
  const env = { ...process.env, NODE_ENV: 'production' };
  return [
    { key: 'full', label: 'full stack (dist/core/main.js)', args: [MAIN], env: fullServerEnv(dataDir), discardStdout: true, check: expectFullStack },
    { key: 'express', label: 'bare express 5', args: [path.join(__dirname, 'servers', 'bare-express.js')], env, discardStdout: false, check: expectBody },
    { key: 'node', label: 'bare node:http', args: [path.join(__dirname, 'servers', 'bare-node.js')], env, discardStdout: false, check: expectBody },
  ];
}

module.exports = { benchTargets, MAIN, ROOT, PATH, BENCH_ORIGIN };
