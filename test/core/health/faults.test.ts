import { expect } from 'chai';
import { privateMariadb, privateRedis, type PrivateService } from '../../support/private-services';
import { startServerProcess, type ServerProcess } from '../../support/processes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ORG = '11111111-2222-4333-8444-555555555555';

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers; ms: number }> {
  const started = Date.now();
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: res.status, body, headers: res.headers, ms: Date.now() - started };
}

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const v = await probe().catch(() => null as T);
    if (v !== null && ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${withinMs} ms (last: ${JSON.stringify(v)})`);
    await sleep(200);
  }
}

describe('dependency faults (a server process on private MariaDB and Redis)', function () {
  this.timeout(120_000);
  let redis: PrivateService;
  let mariadb: PrivateService;
  let server: ServerProcess;

  before(async () => {
    [redis, mariadb] = await Promise.all([privateRedis(), privateMariadb(['faults'])]);
    server = await startServerProcess({
      DB_PORT: String(mariadb.port), DB_NAME: 'faults', DB_PASSWORD: '', DB_CONNECT_RETRIES: '20',
      REDIS_PORT: String(redis.port), REDIS_KEY_PREFIX: 'faults',
    }, 60_000).catch(async (err) => {
      throw err;
    });
  });

  after(async () => {
    await server?.stop();
    await Promise.all([redis?.destroy(), mariadb?.destroy()]);
  });

  it('when Redis stops, then a route that needs it answers 503 + Retry-After within 500 ms, /health is degraded, and all recovers within 10 s of Redis returning', async () => {
    const up = await fetch(`${server.url}/api/v1/fixture/counter`, { method: 'POST', headers: { 'X-Fixture-Org': ORG } });
    expect(up.status).to.equal(200);

    await redis.stop();
    const down = await fetch(`${server.url}/api/v1/fixture/counter`, { method: 'POST', headers: { 'X-Fixture-Org': ORG } });
    const started = Date.now();
    const again = await fetch(`${server.url}/api/v1/fixture/counter`, { method: 'POST', headers: { 'X-Fixture-Org': ORG } });
    const elapsed = Date.now() - started;
    for (const res of [down, again]) {
      expect(res.status).to.equal(503);
      expect(res.headers.get('retry-after')).to.match(/^\d+$/);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).to.include({ code: 'LB-SYS-003', status: 503 });
    }
    expect(elapsed).to.be.below(500);

    const health = await get(`${server.url}/health`);
    expect(health.status).to.equal(200);
    expect(health.body.status).to.equal('degraded');
    expect((health.body.checks as Record<string, string>).redis).to.equal('disconnected');
    const redisHealth = await get(`${server.url}/health/redis`);
    expect(redisHealth.status).to.equal(503);
    expect(redisHealth.body.reason).to.be.a('string');

    await redis.start();
    const restored = Date.now();
    await eventually(() => get(`${server.url}/health`), (r) => r.body.status === 'healthy', 10_000);
    const after = await fetch(`${server.url}/api/v1/fixture/counter`, { method: 'POST', headers: { 'X-Fixture-Org': ORG } });
    expect(after.status).to.equal(200);
    expect(Date.now() - restored).to.be.below(10_000);
  });

  it('when MariaDB stops, then /health/db and the API answer 503 and /health is unhealthy; after it returns all recovers without restart', async () => {
    await mariadb.stop();
    const db = await get(`${server.url}/health/db`);
    expect(db.status).to.equal(503);
    expect(db.headers.get('retry-after')).to.match(/^\d+$/);
    expect(db.body.status).to.equal('unavailable');
    const apiRes = await get(`${server.url}/api/v1/fixture/notes`, { 'X-Fixture-Org': ORG });
    expect(apiRes.status).to.equal(503);
    expect(apiRes.body).to.include({ code: 'LB-SYS-002' });
    expect(JSON.stringify(apiRes.body)).to.not.match(/ECONNREFUSED|SELECT|mysql/i);
    const health = await get(`${server.url}/health`);
    expect(health.status).to.equal(503);
    expect(health.body).to.include({ status: 'unhealthy', ready: false });

    await mariadb.start();
    await eventually(() => get(`${server.url}/health`), (r) => r.status === 200 && r.body.status === 'healthy', 15_000);
    const notes = await get(`${server.url}/api/v1/fixture/notes`, { 'X-Fixture-Org': ORG });
    expect(notes.status).to.equal(200);
  });

  it('when the server gets SIGTERM, then it exits 0 after closing its connections', async () => {
    const code = await server.stop();
    expect(code).to.equal(0);
  });
});
