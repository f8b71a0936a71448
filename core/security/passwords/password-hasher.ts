import crypto from 'node:crypto';
import os from 'node:os';
import argon2 from 'argon2';
import { ConcurrencyLimiter } from '../concurrency-limiter';

/**
 * argon2id at OWASP's second recommended setting (m = 19 MiB, t = 2, p = 1; ASVS 5.0 appendix C).
 * Raising these later is safe: hashes made with weaker parameters are replaced at the next login.
 */
export const ARGON2_PARAMETERS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHasherOptions {
  /** Hashes computed at once; defaults to the number of CPU cores. */
  maxConcurrent?: number;
  /** Hashes waiting for a slot before further ones get 429; defaults to 4 per core. */
  maxQueued?: number;
}

/**
 * Hashes and verifies passwords exactly as typed: the UTF-8 bytes of the string, no trimming, no
 * case folding, no truncation (argon2 has no 72-byte limit). Work is bounded by a limiter.
 */
export class PasswordHasher {
  private readonly limiter: ConcurrencyLimiter;
  private dummy: Promise<string> | null = null;

  constructor(options: PasswordHasherOptions = {}) {
    const cores = Math.max(1, os.availableParallelism());
    this.limiter = new ConcurrencyLimiter(options.maxConcurrent ?? cores, options.maxQueued ?? cores * 4);
  }

  /** 429 now when a verification would be refused anyway (every hashing slot busy, the queue full). */
  refuseWhenSaturated(): void {
    this.limiter.admitOrRefuse();
  }

  hash(password: string): Promise<string> {
    return this.limiter.run(() => argon2.hash(password, ARGON2_PARAMETERS));
  }

  /** False for a wrong password and for a stored value that is not an argon2 hash. */
  verify(hash: string, password: string): Promise<boolean> {
    return this.limiter.run(async () => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    });
  }

  /** True when `hash` was made with other parameters than today's (then rehash after a successful login). */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, ARGON2_PARAMETERS);
    } catch {
      return true;
    }
  }

  /**
   * Spends the same work as a real verification and answers false. Used for unknown accounts so
   * their response takes as long as a wrong password for a real one (no user enumeration by timing).
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummy ??= argon2.hash(crypto.randomBytes(32).toString('base64url'), ARGON2_PARAMETERS);
    await this.verify(await this.dummy, password);
    return false;
  }
}
