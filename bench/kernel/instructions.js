'use strict';
/**
 * Instructions per request, counted by valgrind's callgrind: the full stack and bare express answering
 * GET /health/live. A diagnostic for a shared machine, where requests/s move with whatever else runs:
 * instruction counts do not, so a middleware change can be judged by one run of this script.
 * The counters are zeroed after a warm-up (so start-up and JIT compilation are not counted), then
 * `BENCH_REQUESTS` requests are made over 10 keep-alive connections and the counters dumped.
 * valgrind slows node ~50x; the default 2,000 requests take about a minute per server.
 *
 *   npm run build && node bench/kernel/instructions.js
 *   BENCH_TARGETS=full node bench/kernel/instructions.js      (one server only)
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { makeTempDir, removeDir } = require('../lib/temp-dir');
const { benchTargets } = require('./targets');

const REQUESTS = Number(process.env.BENCH_REQUESTS || 2000);
const WARMUP = Number(process.env.BENCH_WARMUP_REQUESTS || 3000);
const PARALLEL = 10;

function startUnderCallgrind(target, outFile) {
  const child = spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${outFile}`, process.execPath, ...target.args], {
    env: target.env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${target.label}: not ready under valgrind:\n${stderr}`)); }, 600_000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${target.label} exited with ${code}:\n${stderr}`)); });
    child.on('message', (msg) => {
      if (msg && msg.type === 'ready') { clearTimeout(timer); child.removeAllListeners('exit'); resolve({ child, port: msg.port }); }
    });
  });
}

async function load(port, count, headers) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      await new Promise((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: '/health/live', agent, headers }, (res) => {
          res.resume();
          res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        }).once('error', reject);
      });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  agent.destroy();
}

/**
 * valgrind names its control pipes after $HOST, and the server's environment sets HOST (the address
 * it listens on), so callgrind_control must see the same value to find them.
 */
function control(args, serverEnv) {
  const env = { ...process.env };
  if (serverEnv.HOST === undefined) delete env.HOST; else env.HOST = serverEnv.HOST;
  execFileSync('callgrind_control', args, { stdio: 'ignore', env });
}

function totalInstructions(file) {
  const text = fs.readFileSync(file, 'utf8');
  const m = /^(?:summary|totals):\s+(\d+)/m.exec(text);
  if (!m) throw new Error(`no totals in ${file}`);
  return Number(m[1]);
}

/**
 * callgrind_control only asks: the client acts on it when it next runs code, and an idle server
 * sleeps in epoll. So requests keep coming (one each 100 ms) until the dump is complete; they are
 * counted with the measured ones.
 */
async function dumpAfterLoad(dir, key, pid, port, headers, env) {
  control(['-d', String(pid)], env);
  let extra = 0;
  for (let i = 0; i < 600; i += 1) {
    const dump = fs.readdirSync(dir).find((f) => f.startsWith(`${key}.callgrind.`));
    // the totals line is written last, so its presence means the dump is complete
    if (dump && /^totals:/m.test(fs.readFileSync(path.join(dir, dump), 'utf8'))) return { file: path.join(dir, dump), extra };
    await load(port, 1, headers);
    extra += 1;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('callgrind wrote no dump');
}

async function measure(target, dir) {
  const outFile = path.join(dir, `${target.key}.callgrind`);
  const { child, port } = await startUnderCallgrind(target, outFile);
  try {
    const headers = { origin: 'http://localhost:3000' };
    await load(port, WARMUP, headers);
    control(['-z', String(child.pid)], target.env);
    await load(port, REQUESTS, headers);
    const { file, extra } = await dumpAfterLoad(dir, target.key, child.pid, port, headers, target.env);
    return totalInstructions(file) / (REQUESTS + extra);
  } finally {
    child.kill('SIGKILL');
  }
}

async function main() {
  const dataDir = makeTempDir('logbook-bench-instr');
  const outDir = makeTempDir('logbook-bench-callgrind');
  try {
    const only = (process.env.BENCH_TARGETS || 'full,express').split(',');
    const targets = benchTargets(dataDir).filter((t) => only.includes(t.key));
    const perRequest = {};
    for (const t of targets) {
      process.stdout.write(`${t.label}: ${WARMUP} warm-up + ${REQUESTS} counted requests under callgrind ...\n`);
      perRequest[t.key] = await measure(t, outDir);
      process.stdout.write(`  ${Math.round(perRequest[t.key]).toLocaleString('en-US')} instructions/request\n`);
    }
    if (perRequest.express && perRequest.full) process.stdout.write(`ratio express/full (instructions) ${(perRequest.express / perRequest.full).toFixed(3)}\n`);
  } finally {
    removeDir(dataDir);
    removeDir(outDir);
  }
}

main().catch((err) => { process.stderr.write(`${err.stack}\n`); process.exit(1); });
