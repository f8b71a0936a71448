import type { Cache, Lock } from '../../cache';
import { DependencyUnavailableError } from '../../http/errors';

/** A session as cached in Redis; `revoked` entries are tombstones that outlive any stale copy. */
export interface CachedSession {
  uid: string;
  org: string;
  /** SHA-256 of the current access token's jti: an access token from before a refresh no longer matches. */
  ah: string;
  /** Absolute expiry, ms since the epoch. */
  exp: number;
  /** Last recorded activity, ms since the epoch (written at most once per touch interval). */
  la: number;
  revoked?: true;
}

const LOCK_TTL_MS = 5_000;

/**
 * The Redis side of sessions, one key per session under the organization's namespace. Writers other
 * than the first fill after a cache miss (set-if-absent) hold a short per-session lock, so a refresh
 * or activity touch can never overwrite a revocation's tombstone written in between.
 */
export class SessionStore {
  constructor(private readonly cache: Cache) {}

  private key(org: string, sid: string): string { return `auth:sess:${sid}`; }
  private scoped(org: string): Cache { return this.cache.forOrganization(org); }

  get(org: string, sid: string): Promise<CachedSession | null> {
    return this.scoped(org).getJson<CachedSession>(this.key(org, sid));
  }

  /** Seconds the entry should live: until the session's absolute end (tombstones too), at least a minute. */
  private ttl(entry: CachedSession): number {
    return Math.max(60, Math.ceil((entry.exp - Date.now()) / 1000));
  }

  async put(org: string, sid: string, entry: CachedSession): Promise<void> {
    await this.scoped(org).setJson(this.key(org, sid), entry, this.ttl(entry));
  }

  /** Fills after a miss without overwriting anything written meanwhile; returns what is now cached. */
  async fill(org: string, sid: string, entry: CachedSession): Promise<CachedSession> {
    const cache = this.scoped(org);
    if (await cache.setIfAbsent(this.key(org, sid), JSON.stringify(entry), this.ttl(entry))) return entry;
    return (await cache.getJson<CachedSession>(this.key(org, sid))) ?? entry;
  }

  /** Runs `work` holding the session's lock, waiting up to about two seconds for it. */
  async withLock<T>(org: string, sid: string, work: () => Promise<T>): Promise<T> {
    const lock = await this.acquire(org, sid, 80);
    if (!lock) throw new DependencyUnavailableError('redis', 1);
    try {
      return await work();
    } finally {
      await lock.release().catch(() => undefined);
    }
  }

  /** One attempt only: for opportunistic writes (activity touch) that may simply be skipped. */
  tryLock(org: string, sid: string): Promise<Lock | null> {
    return this.acquire(org, sid, 1);
  }

  private async acquire(org: string, sid: string, attempts: number): Promise<Lock | null> {
    const cache = this.scoped(org);
    for (let i = 0; i < attempts; i++) {
      const lock = await cache.acquireLock(`auth:sess:${sid}`, LOCK_TTL_MS);
      if (lock) return lock;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return null;
  }
}
