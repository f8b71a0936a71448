import crypto from 'node:crypto';
import { expect } from 'chai';
import type Redis from 'ioredis';
import { MemoryBus, MemoryCache, RedisBus, RedisCache, type Bus, type Cache } from '../../../core/cache';
import { createRedisClient } from '../../../core/cache/redis-client';
import { silentLogger } from '../../../core/logging/logger';
import { TEST_ENV } from '../../support/env';
import { DependencyUnavailableError } from '../../../core/http/errors';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const redisConfig = { host: TEST_ENV.REDIS_HOST, port: Number(TEST_ENV.REDIS_PORT), password: null, db: 0, keyPrefix: TEST_ENV.REDIS_KEY_PREFIX, commandTimeoutMs: 250 };

interface Subject { cache: Cache; bus: Bus; close(): Promise<void> }

const subjects: Array<[string, () => Promise<Subject>]> = [
  ['memory', async () => ({ cache: new MemoryCache(`mem-${crypto.randomUUID()}`), bus: new MemoryBus(), close: async () => undefined })],
  ['redis', async () => {
    const commands: Redis = createRedisClient(redisConfig, silentLogger, 'commands');
    const subscriber: Redis = createRedisClient(redisConfig, silentLogger, 'subscriber');
    await Promise.all([commands.connect(), subscriber.connect()]);
    const prefix = `${TEST_ENV.REDIS_KEY_PREFIX}:c${crypto.randomBytes(4).toString('hex')}`;
    return {
      cache: new RedisCache(commands, prefix),
      bus: new RedisBus(commands, subscriber, prefix),
      close: async () => { subscriber.disconnect(); commands.disconnect(); },
    };
  }],
];

for (const [name, make] of subjects) {
  describe(`cache and bus contract (${name})`, () => {
    let s: Subject;
    before(async () => { s = await make(); });
    after(async () => { await s.close(); });

    it('when a value is set with a TTL, then it reads back until it expires', async () => {
      await s.cache.set('k1', 'v1', 1);
      expect(await s.cache.get('k1')).to.equal('v1');
      await sleep(1100);
      expect(await s.cache.get('k1')).to.equal(null);
    });

    it('when JSON is stored and a key deleted, then it round-trips and disappears', async () => {
      await s.cache.setJson('j', { a: [1, 2], b: 'x' });
      expect(await s.cache.getJson('j')).to.deep.equal({ a: [1, 2], b: 'x' });
      await s.cache.del('j');
      expect(await s.cache.getJson('j')).to.equal(null);
    });

    it('when setIfAbsent races, then exactly one caller wins', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => s.cache.setIfAbsent('once', String(i), 10)));
      expect(results.filter(Boolean)).to.have.length(1);
    });

    it('when 100 increments run concurrently, then the counter is exact', async () => {
      await Promise.all(Array.from({ length: 100 }, () => s.cache.incr('counter', 1, 60)));
      expect(await s.cache.incr('counter', 0)).to.equal(100);
    });

    it('when hits exceed the window limit, then the excess is refused with a retry time, and allowed again after the window', async () => {
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await s.cache.hit('login:1.2.3.4', 3, 800));
      expect(results.map((r) => r.allowed)).to.deep.equal([true, true, true, false, false]);
      expect(results[3].retryAfterMs).to.be.within(1, 800);
      await sleep(850);
      expect((await s.cache.hit('login:1.2.3.4', 3, 800)).allowed).to.equal(true);
    });

    it('when a guarded hit finds its guard set, then it returns the guard and counts nothing; without a guard it counts like hit()', async () => {
      expect(await s.cache.hitUnlessGuarded('block:x', 'acct:x', 2, 60_000)).to.deep.equal({ guard: null, allowed: true, count: 1, retryAfterMs: 0 });
      await s.cache.set('block:x', '12345', 60);
      for (let i = 0; i < 3; i++) expect(await s.cache.hitUnlessGuarded('block:x', 'acct:x', 2, 60_000)).to.deep.equal({ guard: '12345' });
      await s.cache.del('block:x');
      // The blocked calls left the window as it was: one hit so far, so one more is allowed, then refused.
      expect((await s.cache.hitUnlessGuarded('block:x', 'acct:x', 2, 60_000))).to.include({ guard: null, allowed: true, count: 2 });
      const refused = await s.cache.hitUnlessGuarded('block:x', 'acct:x', 2, 60_000);
      expect(refused).to.include({ guard: null, allowed: false, count: 2 });
      expect((await s.cache.hit('acct:x', 2, 60_000)).allowed, 'the same window as hit()').to.equal(false);
    });

    it('when a lock is held, then others cannot take it until it is released or expires, and a stale holder cannot release a new one', async () => {
      const a = await s.cache.acquireLock('job', 300);
      expect(a).to.not.equal(null);
      expect(await s.cache.acquireLock('job', 300)).to.equal(null);
      expect(await a!.extend(300)).to.equal(true);
      await a!.release();
      const b = await s.cache.acquireLock('job', 200);
      expect(b).to.not.equal(null);
      await sleep(250);
      const c = await s.cache.acquireLock('job', 1000);
      expect(c).to.not.equal(null);
      await b!.release();
      expect(await s.cache.acquireLock('job', 1000)).to.equal(null);
      expect(await b!.extend(100)).to.equal(false);
      await c!.release();
    });

    it('when two organizations use the same key, then their values stay apart', async () => {
      await s.cache.forOrganization('org-a').set('settings', 'A');
      await s.cache.forOrganization('org-b').set('settings', 'B');
      expect(await s.cache.forOrganization('org-a').get('settings')).to.equal('A');
      expect(await s.cache.forOrganization('org-b').get('settings')).to.equal('B');
      expect(await s.cache.get('settings')).to.equal(null);
    });

    it('when a key holds characters outside the allowed set, then it is refused before reaching the store', async () => {
      let error: unknown;
      try { await s.cache.get('bad key\r\n'); } catch (err) { error = err; }
      expect((error as Error)?.message).to.match(/invalid cache key/);
    });

    it('when a message is published, then every subscriber of that channel gets it, and an unsubscribed handler does not', async () => {
      const got: unknown[] = [];
      const other: unknown[] = [];
      const off = await s.bus.subscribe('ch1', (m) => got.push(m));
      await s.bus.subscribe('ch2', (m) => other.push(m));
      await s.bus.publish('ch1', { organizationId: 'x' });
      await sleep(100);
      expect(got).to.deep.equal([{ organizationId: 'x' }]);
      expect(other).to.deep.equal([]);
      await off();
      await s.bus.publish('ch1', { n: 2 });
      await sleep(100);
      expect(got).to.have.length(1);
    });
  });
}

describe('redis cache when Redis is unreachable', () => {
  it('when the server is down, then commands fail with a 503-mapped error within 500 ms instead of hanging', async () => {
    const client = createRedisClient({ ...redisConfig, port: 1 }, silentLogger, 'commands');
    client.connect().catch(() => undefined);
    const cache = new RedisCache(client, 'down');
    const started = Date.now();
    let error: unknown;
    try { await cache.get('x'); } catch (err) { error = err; }
    expect(Date.now() - started).to.be.below(500);
    expect(error).to.be.instanceOf(DependencyUnavailableError);
    expect((error as DependencyUnavailableError).headers['Retry-After']).to.match(/^\d+$/);
    expect((await cache.ping()).ok).to.equal(false);
    client.disconnect();
  });
});
