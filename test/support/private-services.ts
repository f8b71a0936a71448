import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

/**
 * Private Redis and MariaDB servers for fault tests: a test may stop, pause or restart its own
 * instance without disturbing the shared services the rest of the suite uses.
 */
// A failing hook must not leave servers running after the test process ends.
const children = new Set<ChildProcess>();
process.once('exit', () => { for (const c of children) if (c.exitCode === null) c.kill('SIGKILL'); });

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface PrivateService {
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops and removes its files. */
  destroy(): Promise<void>;
}

function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => { clearTimeout(t); resolve(); });
    child.kill('SIGTERM');
  });
}

export async function privateRedis(): Promise<PrivateService> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const service: PrivateService = {
    port,
    async start() {
      child = track(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }));
      await waitForPort(port, 10_000);
    },
    async stop() { await stopChild(child); child = null; },
    async destroy() { await service.stop(); },
  };
  await service.start();
  return service;
}

/** A private MariaDB (root, no password, TCP on 127.0.0.1) with the given databases created. */
export async function privateMariadb(databases: string[] = []): Promise<PrivateService> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-mariadb-'));
  const datadir = path.join(dir, 'data');
  const socket = path.join(dir, 'mysqld.sock');
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${datadir}`, '--user=root', '--auth-root-authentication-method=normal', '--skip-test-db'], { stdio: 'ignore' });
  let child: ChildProcess | null = null;
  const service: PrivateService = {
    port,
    async start() {
      child = track(spawn('mariadbd', ['--no-defaults', `--datadir=${datadir}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${socket}`, '--user=root', '--skip-grant-tables=0', '--innodb-buffer-pool-size=32M', '--skip-log-bin'], { stdio: 'ignore' }));
      await waitForPort(port, 30_000);
    },
    async stop() { await stopChild(child); child = null; },
    async destroy() { await service.stop(); fs.rmSync(dir, { recursive: true, force: true }); },
  };
  await service.start();
  if (databases.length > 0) {
    const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', password: '' });
    for (const db of databases) await conn.query(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
  }
  return service;
}
