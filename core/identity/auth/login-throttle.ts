import type { Cache, RateLimitResult } from '../../cache';
import type { AuthConfig } from '../../config/config.types';
import { sha256Hex } from '../../security/token-hash';
import { authErrors } from './auth-errors';

/**
 * Redis-side brakes on password guessing (the account lockout itself lives on the users row):
 * - per account (the typed identifier, hashed): at most LOGIN_RATE_LIMIT_PER_MINUTE attempts a minute;
 * - per IP: after LOGIN_IP_MAX_FAILURES failures within LOGIN_IP_WINDOW_MINUTES the IP is refused
 *   until the window clears (counting failures only, so a station full of members behind one NAT
 *   signing in at shift change is not throttled);
 * - identifiers with no account are "locked" exactly like real ones (5 failures, 15 minutes), so a
 *   lockout answer never reveals that an account exists.
 * Every refusal is 429 with Retry-After and `details.retryAfter`.
 */
export class LoginThrottle {
  constructor(private readonly cache: Cache, private readonly config: AuthConfig) {}

  private id(identifier: string): string { return sha256Hex(identifier).slice(0, 32); }
  private ipKey(ip: string): string { return ip.replace(/[^0-9A-Za-z.:]/g, '_'); }

  /**
   * Before any work: refuses blocked IPs and accounts over their attempt rate. A blocked IP's
   * attempts are not counted against the account; both checks take one round trip.
   */
  async beforeAttempt(identifier: string, ip: string | null): Promise<void> {
    const account = `login:acct:${this.id(identifier)}`;
    const limit = this.config.loginRatePerMinute;
    const first = ip ? await this.cache.hitUnlessGuarded(`login:ipblock:${this.ipKey(ip)}`, account, limit, 60_000) : null;
    if (first && first.guard !== null) {
      const until = Number(first.guard);
      if (until > Date.now()) throw authErrors.throttled((until - Date.now()) / 1000);
    }
    // No IP, or the block's key outlived its time (its TTL is whole seconds): count as usual.
    const counted: RateLimitResult = first && first.guard === null ? first : await this.cache.hit(account, limit, 60_000);
    if (!counted.allowed) throw authErrors.throttled(counted.retryAfterMs / 1000);
  }

  /** Counts a failed attempt against the IP; blocks it once over the limit. */
  async failedFromIp(ip: string | null): Promise<void> {
    if (!ip) return;
    const result = await this.cache.hit(`login:ipfail:${this.ipKey(ip)}`, this.config.loginIpMaxFailures, this.config.loginIpWindowMs);
    if (!result.allowed) {
      const until = Date.now() + result.retryAfterMs;
      await this.cache.set(`login:ipblock:${this.ipKey(ip)}`, String(until), Math.ceil(result.retryAfterMs / 1000));
    }
  }

  /** Seconds left on the lock of an identifier without an account, or 0. */
  async unknownLockRemaining(identifier: string): Promise<number> {
    const until = Number(await this.cache.get(`login:unknownlock:${this.id(identifier)}`));
    return until > Date.now() ? (until - Date.now()) / 1000 : 0;
  }

  /** Counts a failure for an identifier without an account; locks it at the same threshold as real accounts. */
  async failedUnknown(identifier: string): Promise<boolean> {
    const key = `login:unknownfail:${this.id(identifier)}`;
    const count = await this.cache.incr(key, 1, Math.ceil(this.config.lockoutMs / 1000));
    if (count < this.config.maxLoginAttempts) return false;
    await this.cache.del(key);
    await this.cache.set(`login:unknownlock:${this.id(identifier)}`, String(Date.now() + this.config.lockoutMs), Math.ceil(this.config.lockoutMs / 1000));
    return true;
  }
}
