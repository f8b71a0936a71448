import { expect } from 'chai';
import { privateRedis, type PrivateService } from '../../support/private-services';
import { startServerProcess, type ServerProcess } from '../../support/processes';
import { createMember, type TestMember } from '../../support/identity';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer { status: number; body: Record<string, unknown>; retryAfter: string | null; ms: number }

/**
 * ARCHITECTURE: when Redis is down, the session check cannot run, so an authenticated request gets
 * 503 + Retry-After (the SPA retries those) and never 401 (which would make the SPA refresh, fail,
 * and log the member out), and never passes on an unchecked session. A server process of its own
 * on a private Redis (stopped mid-test) and the suite's MariaDB.
 */
describe('identity: Redis down on an authenticated request', function () {
  this.timeout(120_000);
  let redis: PrivateService;
  let server: ServerProcess;
  let member: TestMember;
  let cookie = '';
  let csrf = '';

  const call = async (method: 'GET' | 'POST', path: string): Promise<Answer> => {
    const started = Date.now();
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined, signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: res.status, body, retryAfter: res.headers.get('retry-after'), ms: Date.now() - started };
  };

  before(async () => {
    member = await createMember({ positions: ['it_manager'] });
    redis = await privateRedis();
    server = await startServerProcess({ REDIS_PORT: String(redis.port), REDIS_KEY_PREFIX: `redisdown-${process.pid}` }, 60_000);
    const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: member.username, password: member.password }) });
    expect(res.status).to.equal(200);
    const pairs = res.headers.getSetCookie().map((c) => c.slice(0, c.indexOf(';')));
    cookie = pairs.join('; ');
    csrf = decodeURIComponent(pairs.find((p) => p.startsWith('csrf_token='))!.slice('csrf_token='.length));
  });

  after(async () => {
    await server?.stop();
    await redis?.destroy();
  });

  it('when Redis stops, then authenticated calls answer 503 + Retry-After in the SPA\'s error shape (never 401), and work again once it is back', async () => {
    expect((await call('GET', '/auth/me')).status).to.equal(200);

    await redis.stop();
    for (const [method, path] of [['GET', '/auth/me'], ['GET', '/users'], ['POST', '/auth/refresh'], ['POST', '/auth/change-password']] as const) {
      const a = await call(method, path);
      expect(a.status, `${method} ${path}: ${JSON.stringify(a.body)}`).to.equal(503);
      expect(a.retryAfter, `${method} ${path}`).to.match(/^\d+$/);
      expect(a.body).to.have.property('detail').that.is.a('string');
      expect(a.body.code).to.match(/^LB-[A-Z]+-\d{3}$/);
      expect(JSON.stringify(a.body)).to.not.match(/ECONNREFUSED|redis:\/\/|127\.0\.0\.1/i);
      expect(a.ms, `${method} ${path} took ${a.ms} ms`).to.be.below(2_000);
    }

    await redis.start();
    // Redis comes back empty: the session is read again from its row, so the member stays signed in.
    const deadline = Date.now() + 10_000;
    let back: Answer = await call('GET', '/auth/me');
    while (back.status !== 200 && Date.now() < deadline) {
      expect(back.status).to.not.equal(401);
      await sleep(200);
      back = await call('GET', '/auth/me');
    }
    expect(back.status).to.equal(200);
    expect(back.body.username).to.equal(member.username);
  });
});
