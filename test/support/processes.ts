import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts a real server process (ts-node, the test environment plus `env`) and resolves once it is
 * listening. Tests use it for what one process cannot show: two servers sharing MariaDB + Redis,
 * boot-time migration races, shutdown behaviour.
 */
export function startServerProcess(env: Record<string, string | undefined> = {}, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', path.join(ROOT, 'core', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`)); }, timeoutMs);
    const early = (code: number | null) => { clearTimeout(timer); reject(new Error(`server exited with ${code} before listening:\n${out}`)); };
    child.once('exit', early);
    child.on('message', (msg: { type?: string; port?: number }) => {
      if (msg?.type !== 'ready' || !msg.port) return;
      clearTimeout(timer);
      child.off('exit', early);
      const port = msg.port;
      resolve({
        child, port, url: `http://127.0.0.1:${port}`,
        output: () => out,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
          const code = await exited;
          clearTimeout(t);
          return code;
        },
      });
    });
  });
}

/** Runs the CLI (`core/cli/main.ts` under ts-node) and collects its output and exit code. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', path.join(ROOT, 'core', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}
