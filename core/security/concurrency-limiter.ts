import { TooManyRequestsError } from '../http/errors';

/**
 * Runs at most `maxConcurrent` jobs at once, queues up to `maxQueued` more, and refuses the rest
 * with 429 + Retry-After. Password hashing is CPU-bound (argon2 on libuv's pool): a login flood
 * should get a quick "try again" instead of piling up minutes of work and timing everyone out.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly maxConcurrent: number, readonly maxQueued: number, private readonly retryAfterSeconds = 1) {
    if (maxConcurrent < 1) throw new Error('maxConcurrent must be at least 1');
  }

  get active(): number { return this.running; }
  get queued(): number { return this.waiting.length; }

  /** True when run() would refuse: every slot busy and the queue full. */
  get saturated(): boolean { return this.running >= this.maxConcurrent && this.waiting.length >= this.maxQueued; }

  /** Refuses now (429) when run() would, so a caller can shed load before doing its other work. */
  admitOrRefuse(): void {
    if (this.saturated) throw this.refusal();
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.admitOrRefuse();
    if (this.running >= this.maxConcurrent) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  private refusal(): TooManyRequestsError {
    return new TooManyRequestsError(this.retryAfterSeconds, 'Server busy; try again shortly', 'LB-RATE-002');
  }
}
