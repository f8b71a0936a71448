import { expect } from 'chai';
import { startServerProcess, type ServerProcess } from '../../support/processes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface LogLine { msg?: string; pid?: number; worker?: number }

function logLines(server: ServerProcess): LogLine[] {
  return server.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
}

function readyWorkerPids(server: ServerProcess): number[] {
  return logLines(server).filter((l) => l.msg === 'worker ready').map((l) => l.pid!);
}

async function waitFor<T>(what: string, probe: () => T | undefined, limitMs: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - started > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
    await sleep(50);
  }
}

describe('npm start with WEB_CONCURRENCY (node:cluster workers over one MariaDB + Redis)', function () {
  this.timeout(120_000);
  let server: ServerProcess;

  before(async () => {
    server = await startServerProcess({ WEB_CONCURRENCY: '2', LOG_LEVEL: 'info' }, 90_000);
  });
  after(async () => { await server?.stop(); });

  it('when started, then it reports ready only once both workers listen on the one port, and both answer', async () => {
    // The log lines come over stdout, the ready message over IPC: two channels, so the lines may
    // arrive a moment after it.
    const pids = await waitFor('two "worker ready" lines', () => { const p = readyWorkerPids(server); return new Set(p).size >= 2 ? p : undefined; }, 5_000);
    expect(new Set(pids).size).to.equal(2);
    expect(pids).to.not.include(server.child.pid);
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${server.url}/health/live`);
      expect(res.status).to.equal(200);
      await res.arrayBuffer();
    }
  });

  it('when a worker dies, then the primary starts a replacement and the port keeps answering', async () => {
    const [victim] = readyWorkerPids(server);
    process.kill(victim, 'SIGKILL');
    const replacement = await waitFor('a replacement worker', () => readyWorkerPids(server).find((p, i) => i >= 2 && p !== victim), 30_000);
    expect(replacement).to.be.a('number');
    expect(logLines(server).some((l) => l.msg === 'worker exited; starting a replacement' && l.pid === victim)).to.equal(true);
    const res = await fetch(`${server.url}/health/live`);
    expect(res.status).to.equal(200);
    await res.arrayBuffer();
  });

  it('when the primary gets SIGTERM, then every worker drains and it exits 0', async () => {
    const pids = readyWorkerPids(server);
    const code = await server.stop();
    expect(code).to.equal(0);
    for (const pid of pids) expect(() => process.kill(pid, 0), `worker ${pid} still alive`).to.throw();
  });
});
