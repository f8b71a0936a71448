'use strict';
/**
 * Starts a server in a child process and waits for it to report its port over IPC
 * (`{type: 'ready', port}`, the message core/main.ts sends). Every server under test runs in its
 * own process so the load generator never shares an event loop with it.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const STOP_GRACE_MS = 10_000;
let started = 0;

// Children still running; killed when the bench exits for any reason (a crash, the watchdog), so no
// server is left listening after a benchmark.
const live = new Set();
process.on('exit', () => { for (const c of live) c.kill('SIGKILL'); });

/**
 * @param {string[]} args node arguments (script first)
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, timeoutMs?: number, discardStdout?: boolean }} options
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, port: number, url: string, stop(): Promise<number|null>, output(): string }>}
 */
function startChildServer(args, options = {}) {
  const { env = process.env, cwd = process.cwd(), timeoutMs = 30_000, discardStdout = false } = options;
  // stdout carries the access log, which a benchmark must let the server write but has no use for.
  // It goes to a file (deleted when the server exits), as a log file would on a server: the server
  // pays for its own write(2)s and nobody else. A pipe drained here made this process (which also
  // runs the load generator) read every byte, so the server that logs was charged twice.
  const logFile = discardStdout ? path.join(os.tmpdir(), `logbook-bench-stdout-${process.pid}-${++started}.log`) : null;
  const logFd = logFile ? fs.openSync(logFile, 'w') : null;
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', logFd ?? 'pipe', 'pipe', 'ipc'] });
  if (logFd !== null) fs.closeSync(logFd);
  // stderr is kept (bounded) for error messages.
  let output = '';
  const keep = (d) => { output = (output + d.toString()).slice(-20_000); };
  if (!logFile) child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  live.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code) => {
    live.delete(child);
    if (logFile) fs.rmSync(logFile, { force: true });
    resolve(code);
  }));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not report ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onEarlyExit = (code) => { clearTimeout(timer); reject(new Error(`${args.join(' ')} exited with ${code} before it was ready:\n${output}`)); };
    child.once('exit', onEarlyExit);
    child.on('message', (msg) => {
      if (!msg || msg.type !== 'ready' || !msg.port) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      resolve({
        child,
        port: msg.port,
        url: `http://127.0.0.1:${msg.port}`,
        output: () => output,
        stop: () => stopChild(child, exited),
      });
    });
  });
}

/** SIGTERM, then SIGKILL if the process has not exited within STOP_GRACE_MS. */
async function stopChild(child, exited) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  const code = await exited;
  clearTimeout(killer);
  return code;
}

module.exports = { startChildServer, stopChild };
