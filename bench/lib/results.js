'use strict';
/**
 * Where benchmark results go and the shape run.js reads back: `bench/results/<name>.json` holding
 * at least `{ name, targets: [{ name, value, unit, target, met }] }`. Any bench (kernel, encryption,
 * audit) that writes this shape gets its targets into the combined summary.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const RESULTS_DIR = path.join(__dirname, '..', 'results');

function resultsFile(name) {
  return path.join(RESULTS_DIR, `${name}.json`);
}

/** The machine a figure came from; figures from different machines or Node versions don't compare. */
function environment() {
  const cpus = os.cpus();
  return { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: cpus.length, cpuModel: cpus[0] ? cpus[0].model : 'unknown' };
}

/**
 * A stated target, e.g. `target('full/express', 0.82, '>=', 0.7)`.
 * @param {string} name @param {number} value @param {'>='|'<'|'<='|'>'} op @param {number} limit @param {string} [unit]
 */
function target(name, value, op, limit, unit = '') {
  const met = op === '>=' ? value >= limit : op === '>' ? value > limit : op === '<' ? value < limit : value <= limit;
  return { name, value, unit, target: `${op} ${limit}${unit ? ' ' + unit : ''}`, met: Number.isFinite(value) && met };
}

function writeResults(name, data) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = resultsFile(name);
  fs.writeFileSync(file, JSON.stringify({ name, recordedAt: new Date().toISOString(), environment: environment(), ...data }, null, 2) + '\n');
  return file;
}

module.exports = { RESULTS_DIR, resultsFile, environment, target, writeResults };
