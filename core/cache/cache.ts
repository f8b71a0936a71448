/**
 * What the server needs from a shared cache: values with TTL, atomic counters, sliding-window rate
 * limits, and locks with TTL. Two implementations: Redis (shared by every process) and an in-process
 * one for the embedded single-process default. Keys are namespaced by the app prefix; tenant data is
 * further namespaced with `forOrganization(id)`, so one department's keys can never collide with another's.
 */
export interface RateLimitResult {
  allowed: boolean;
  /** Hits counted in the window, including this one when allowed. */
  count: number;
  /** When refused: milliseconds until the oldest hit leaves the window. */
  retryAfterMs: number;
}

/** hitUnlessGuarded(): the guard's value (nothing counted), or the hit's result. */
export type GuardedHit = { guard: string } | (RateLimitResult & { guard: null });

export interface Lock {
  readonly key: string;
  /** Releases the lock if we still hold it; a lock that expired and was taken by another holder is left alone. */
  release(): Promise<void>;
  /** Extends our hold; false when the lock was lost. */
  extend(ttlMs: number): Promise<boolean>;
}

export interface CachePing {
  ok: boolean;
  latencyMs: number;
  reason?: string;
}

export interface Cache {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Sets only when absent; true when this call set it. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  del(key: string): Promise<void>;
  getJson<T>(key: string): Promise<T | null>;
  setJson(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  /** Atomically adds `by` and returns the new value; `ttlSeconds` is applied when the counter is created. */
  incr(key: string, by?: number, ttlSeconds?: number): Promise<number>;
  /** Counts a hit in a sliding window of `windowMs` and says whether it stays within `limit`. */
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
  /**
   * "Refuse while blocked, else count" in one round trip: when `guardKey` holds a value, nothing is
   * counted and that value comes back; otherwise exactly hit(key, limit, windowMs).
   */
  hitUnlessGuarded(guardKey: string, key: string, limit: number, windowMs: number): Promise<GuardedHit>;
  /** Takes a lock for `ttlMs`, or returns null when another holder has it. */
  acquireLock(key: string, ttlMs: number): Promise<Lock | null>;
  /** The same cache, namespaced to one organization. */
  forOrganization(organizationId: string): Cache;
  ping(): Promise<CachePing>;
  close(): Promise<void>;
}

export type BusHandler = (message: unknown) => void;

/** Cross-process signals (module toggles, session revocations). Delivery is at most once; subscribers resync on reconnect. */
export interface Bus {
  readonly kind: 'redis' | 'memory';
  publish(channel: string, message: unknown): Promise<void>;
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  /** Called after the bus reconnects, since messages sent while it was away were lost. */
  onReconnect(handler: () => void): void;
  close(): Promise<void>;
}

export const CACHE_KEY_PATTERN = /^[A-Za-z0-9_.:@\-/]+$/;

export function assertKey(key: string): void {
  if (!key || key.length > 512 || !CACHE_KEY_PATTERN.test(key)) throw new Error(`invalid cache key: ${JSON.stringify(key.slice(0, 40))}`);
}
