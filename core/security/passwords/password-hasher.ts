import crypto from 'node:crypto';
import os from 'node:os';
import argon2 from 'argon2';
import { ConcurrencyLimiter } from '../concurrency-limiter';
import { ARGON2_FLOOR } from './argon2-bounds';

/** The tunable part of argon2id's cost (the type is always argon2id and p always 1). */
export interface Argon2Cost {
  /** KiB of memory per hash. */
  memoryCost: number;
  /** Passes over that memory. */
  timeCost: number;
}

export type Argon2Parameters = Readonly<Argon2Cost & { type: typeof argon2.argon2id; parallelism: 1 }>;

/**
 * Full argon2id parameters for a cost; refuses anything below the floor. Raising the cost later is
 * safe: hashes made with weaker parameters are replaced at the next login.
 */
export function argon2Parameters(cost: Argon2Cost = ARGON2_FLOOR): Argon2Parameters {
  if (!Number.isInteger(cost.memoryCost) || !Number.isInteger(cost.timeCost) || cost.memoryCost < ARGON2_FLOOR.memoryCost || cost.timeCost < ARGON2_FLOOR.timeCost) {
    throw new Error(`argon2id cost below the floor (m = ${ARGON2_FLOOR.memoryCost} KiB, t = ${ARGON2_FLOOR.timeCost})`);
  }
  return Object.freeze({ type: argon2.argon2id, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 as const });
}

export interface PasswordHasherOptions {
  /** argon2id cost; the floor when absent. */
  cost?: Argon2Cost;
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
  readonly parameters: Argon2Parameters;
  private readonly limiter: ConcurrencyLimiter;
  private dummy: Promise<string> | null = null;
  /** How a hash at the configured parameters begins (the argon2 library writes m, t, p in this order). */
  private readonly prefix: string;
  /** Moving average of a verification at the configured parameters, in ms; NaN until one is timed. */
  private typicalMs = Number.NaN;

  constructor(options: PasswordHasherOptions = {}) {
    this.parameters = argon2Parameters(options.cost);
    this.prefix = `$argon2id$v=19$m=${this.parameters.memoryCost},t=${this.parameters.timeCost},p=1$`;
    const cores = Math.max(1, os.availableParallelism());
    this.limiter = new ConcurrencyLimiter(options.maxConcurrent ?? cores, options.maxQueued ?? cores * 4);
  }

  /** 429 now when a verification would be refused anyway (every hashing slot busy, the queue full). */
  refuseWhenSaturated(): void {
    this.limiter.admitOrRefuse();
  }

  hash(password: string): Promise<string> {
    return this.limiter.run(() => argon2.hash(password, this.parameters));
  }

  /**
   * False for a wrong password and for a stored value that is not an argon2 hash. With `evenTiming`
   * (sign-in), a wrong password against a hash cheaper than the configured parameters answers no
   * sooner than a verification at those parameters: after the cost is raised, members who have not
   * signed in since still hold cheaper hashes, and a quick "wrong password" would tell that their
   * account exists (an unknown account costs a verification at today's parameters). The wait is
   * a timer, outside the hashing bound, so it costs no CPU and holds no hashing slot.
   */
  async verify(hash: string, password: string, options: { evenTiming?: boolean } = {}): Promise<boolean> {
    const configured = hash.startsWith(this.prefix);
    let elapsedMs = 0;
    const ok = await this.limiter.run(async () => {
      const started = performance.now();
      let result: boolean;
      let hashed = true;
      try {
        result = await argon2.verify(hash, password);
      } catch {
        // Not a hash argon2 could read: it answered at once, which says nothing about the cost.
        result = false;
        hashed = false;
      }
      elapsedMs = performance.now() - started;
      if (configured && hashed) this.remember(elapsedMs);
      return result;
    });
    if (!ok && options.evenTiming && !configured) {
      const doneAt = performance.now();
      if (Number.isNaN(this.typicalMs)) await this.dummyHash();
      const short = this.typicalMs - elapsedMs - (performance.now() - doneAt);
      if (short > 1) await new Promise((resolve) => setTimeout(resolve, short));
    }
    return ok;
  }

  private remember(ms: number): void {
    this.typicalMs = Number.isNaN(this.typicalMs) ? ms : this.typicalMs * 0.9 + ms * 0.1;
  }

  /** True when `hash` was made with other parameters than the configured ones (then rehash after a successful login). */
  needsRehash(hash: string): boolean {
    if (hash.startsWith(this.prefix)) return false;
    // argon2's own check compares version and m, t, p only: an argon2i or argon2d hash would stay.
    if (!hash.startsWith('$argon2id$')) return true;
    try {
      return argon2.needsRehash(hash, this.parameters);
    } catch {
      return true;
    }
  }

  /**
   * Spends the same work as a real verification and answers false. Used for unknown accounts so
   * their response takes as long as a wrong password for a real one (no user enumeration by timing).
   */
  async verifyDummy(password: string): Promise<false> {
    await this.verify(await this.dummyHash(), password);
    return false;
  }

  /**
   * Makes the dummy hash now rather than at the first unknown-account sign-in, and returns how many
   * ms a hash at the configured parameters takes here (the first timing, or the moving average).
   */
  async prime(): Promise<number> {
    await this.dummyHash();
    return this.typicalMs;
  }

  /** Made once per process, at the configured parameters; making it also gives the first timing. */
  private dummyHash(): Promise<string> {
    this.dummy ??= (async () => {
      const started = performance.now();
      const made = await argon2.hash(crypto.randomBytes(32).toString('base64url'), this.parameters);
      if (Number.isNaN(this.typicalMs)) this.remember(performance.now() - started);
      return made;
    })().catch((err: unknown) => {
      // Not kept: the next unknown-account sign-in tries again instead of failing until a restart.
      this.dummy = null;
      throw err;
    });
    return this.dummy;
  }
}
