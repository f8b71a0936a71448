import crypto from 'node:crypto';
import { assertKey, type Cache, type CachePing, type GuardedHit, type Lock, type RateLimitResult } from './cache';

interface Entry { value: string; expiresAt: number | null }

/** Shared state behind every namespaced view of one in-process cache. */
class MemoryStore {
  readonly values = new Map<string, Entry>();
  readonly windows = new Map<string, number[]>();

  read(key: string): string | null {
    const entry = this.values.get(key);
    if (!entry) return null;
    if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
      this.values.delete(key);
      return null;
    }
    return entry.value;
  }

  write(key: string, value: string, ttlSeconds?: number): void {
    this.values.set(key, { value, expiresAt: ttlSeconds ? Date.now() + ttlSeconds * 1000 : null });
  }
}

/** The embedded-default cache: correct for one process, which is all it is used for (no REDIS_HOST). */
export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;

  constructor(private readonly prefix = 'logbook', private readonly store = new MemoryStore()) {}

  private k(key: string): string {
    assertKey(key);
    return `${this.prefix}:${key}`;
  }

  async get(key: string): Promise<string | null> { return this.store.read(this.k(key)); }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> { this.store.write(this.k(key), value, ttlSeconds); }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    const full = this.k(key);
    if (this.store.read(full) !== null) return false;
    this.store.write(full, value, ttlSeconds);
    return true;
  }

  async del(key: string): Promise<void> { this.store.values.delete(this.k(key)); this.store.windows.delete(this.k(key)); }

  async getJson<T>(key: string): Promise<T | null> {
    const raw = await this.get(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  }

  async setJson(key: string, value: unknown, ttlSeconds?: number): Promise<void> { await this.set(key, JSON.stringify(value), ttlSeconds); }

  async incr(key: string, by = 1, ttlSeconds?: number): Promise<number> {
    const full = this.k(key);
    const current = this.store.read(full);
    const next = (current === null ? 0 : Number(current)) + by;
    const entry = this.store.values.get(full);
    if (current === null || !entry) this.store.write(full, String(next), ttlSeconds);
    else entry.value = String(next);
    return next;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const full = this.k(key);
    const now = Date.now();
    const hits = (this.store.windows.get(full) ?? []).filter((t) => t > now - windowMs);
    if (hits.length < limit) {
      hits.push(now);
      this.store.windows.set(full, hits);
      return { allowed: true, count: hits.length, retryAfterMs: 0 };
    }
    this.store.windows.set(full, hits);
    return { allowed: false, count: hits.length, retryAfterMs: Math.max(1, hits[0] + windowMs - now) };
  }

  async hitUnlessGuarded(guardKey: string, key: string, limit: number, windowMs: number): Promise<GuardedHit> {
    const guard = this.store.read(this.k(guardKey));
    return guard !== null ? { guard } : { guard: null, ...await this.hit(key, limit, windowMs) };
  }

  async acquireLock(key: string, ttlMs: number): Promise<Lock | null> {
    const full = this.k(`lock:${key}`);
    if (this.store.read(full) !== null) return null;
    const token = crypto.randomUUID();
    this.store.values.set(full, { value: token, expiresAt: Date.now() + ttlMs });
    const store = this.store;
    return {
      key,
      async release() { if (store.read(full) === token) store.values.delete(full); },
      async extend(ms: number) {
        if (store.read(full) !== token) return false;
        store.values.set(full, { value: token, expiresAt: Date.now() + ms });
        return true;
      },
    };
  }

  forOrganization(organizationId: string): Cache {
    assertKey(organizationId);
    return new MemoryCache(`${this.prefix}:org:${organizationId}`, this.store);
  }

  async ping(): Promise<CachePing> { return { ok: true, latencyMs: 0 }; }

  async close(): Promise<void> { /* nothing to release */ }
}
