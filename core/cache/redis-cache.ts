import crypto from 'node:crypto';
import type Redis from 'ioredis';
import { assertKey, type Cache, type CachePing, type GuardedHit, type Lock, type RateLimitResult } from './cache';
import { DependencyUnavailableError } from '../http/errors';

// Redis' own clock decides the window, so processes on machines with skewed clocks agree.
/** Sliding-window hit on `key` (ARGV: window ms, limit, a unique member): {1, count, 0} or {0, count, wait ms}. */
const slidingWindowOn = (key: string) => `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', ${key}, '-inf', now - window)
local count = redis.call('ZCARD', ${key})
if count < limit then
  redis.call('ZADD', ${key}, now, ARGV[3])
  redis.call('PEXPIRE', ${key}, window)
  return {1, count + 1, 0}
end
local oldest = redis.call('ZRANGE', ${key}, 0, 0, 'WITHSCORES')
local wait = window - (now - tonumber(oldest[2]))
if wait < 1 then wait = 1 end
return {0, count, wait}`;

const SLIDING_WINDOW = slidingWindowOn('KEYS[1]');
// KEYS[1] the guard, KEYS[2] the window: {2, guard value} while the guard is set.
const GUARDED_SLIDING_WINDOW = `
local guard = redis.call('GET', KEYS[1])
if guard then return {2, guard} end${slidingWindowOn('KEYS[2]')}`;

const INCR_WITH_TTL = `
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if tonumber(ARGV[2]) > 0 and v == tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return v`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;

/** Any failure to talk to Redis surfaces as a 503 with Retry-After; nothing is silently skipped. */
async function guarded<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof DependencyUnavailableError) throw err;
    throw new DependencyUnavailableError('redis', 2);
  }
}

export class RedisCache implements Cache {
  readonly kind = 'redis' as const;

  constructor(readonly client: Redis, private readonly prefix: string) {}

  private k(key: string): string {
    assertKey(key);
    return `${this.prefix}:${key}`;
  }

  get(key: string): Promise<string | null> {
    const full = this.k(key);
    return guarded(() => this.client.get(full));
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    const full = this.k(key);
    await guarded(() => (ttlSeconds ? this.client.set(full, value, 'EX', ttlSeconds) : this.client.set(full, value)));
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    const full = this.k(key);
    return (await guarded(() => this.client.set(full, value, 'EX', ttlSeconds, 'NX'))) === 'OK';
  }

  async del(key: string): Promise<void> {
    const full = this.k(key);
    await guarded(() => this.client.del(full));
  }

  async getJson<T>(key: string): Promise<T | null> {
    const raw = await this.get(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  }

  async setJson(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    await this.set(key, JSON.stringify(value), ttlSeconds);
  }

  async incr(key: string, by = 1, ttlSeconds = 0): Promise<number> {
    const full = this.k(key);
    return Number(await guarded(() => this.client.eval(INCR_WITH_TTL, 1, full, by, ttlSeconds)));
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const full = this.k(`rl:${key}`);
    const member = `${Date.now()}-${crypto.randomBytes(6).toString('hex')}`;
    const [allowed, count, wait] = (await guarded(() => this.client.eval(SLIDING_WINDOW, 1, full, windowMs, limit, member))) as number[];
    return { allowed: allowed === 1, count: Number(count), retryAfterMs: Number(wait) };
  }

  async hitUnlessGuarded(guardKey: string, key: string, limit: number, windowMs: number): Promise<GuardedHit> {
    const guard = this.k(guardKey);
    const full = this.k(`rl:${key}`);
    const member = `${Date.now()}-${crypto.randomBytes(6).toString('hex')}`;
    const reply = (await guarded(() => this.client.eval(GUARDED_SLIDING_WINDOW, 2, guard, full, windowMs, limit, member))) as Array<number | string>;
    if (Number(reply[0]) === 2) return { guard: String(reply[1]) };
    return { guard: null, allowed: Number(reply[0]) === 1, count: Number(reply[1]), retryAfterMs: Number(reply[2]) };
  }

  async acquireLock(key: string, ttlMs: number): Promise<Lock | null> {
    const full = this.k(`lock:${key}`);
    const token = crypto.randomBytes(16).toString('hex');
    const ok = await guarded(() => this.client.set(full, token, 'PX', ttlMs, 'NX'));
    if (ok !== 'OK') return null;
    const client = this.client;
    return {
      key,
      async release() { await guarded(() => client.eval(RELEASE, 1, full, token)); },
      async extend(ms: number) { return Number(await guarded(() => client.eval(EXTEND, 1, full, token, ms))) === 1; },
    };
  }

  forOrganization(organizationId: string): Cache {
    assertKey(organizationId);
    return new RedisCache(this.client, `${this.prefix}:org:${organizationId}`);
  }

  async ping(): Promise<CachePing> {
    const started = process.hrtime.bigint();
    const latency = () => Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
    try {
      await this.client.ping();
      return { ok: true, latencyMs: latency() };
    } catch (err) {
      const e = err as { code?: string; message?: string };
      return { ok: false, latencyMs: latency(), reason: e.code ?? (this.client.status !== 'ready' ? `connection ${this.client.status}` : e.message ?? 'error') };
    }
  }

  async close(): Promise<void> {
    this.client.disconnect(false);
  }
}
