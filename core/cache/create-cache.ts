import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import type { Bus, Cache } from './cache';
import { MemoryBus } from './memory-bus';
import { MemoryCache } from './memory-cache';
import { RedisBus } from './redis-bus';
import { RedisCache } from './redis-cache';
import { createRedisClient } from './redis-client';

export interface CacheAndBus {
  cache: Cache;
  bus: Bus;
}

/**
 * Redis when REDIS_HOST is set, in-process otherwise. An unreachable Redis at boot does not stop the
 * server: it starts degraded (health says so, Redis-backed routes answer 503) and recovers on reconnect.
 */
export async function createCacheAndBus(config: Pick<Config, 'redis'>, logger: Logger): Promise<CacheAndBus> {
  const r = config.redis;
  if (!r.host) return { cache: new MemoryCache(r.keyPrefix), bus: new MemoryBus() };
  const commands = createRedisClient(r, logger, 'commands');
  const subscriber = createRedisClient(r, logger, 'subscriber');
  await Promise.all([
    commands.connect().catch((err: Error) => logger.warn({ reason: err.message }, 'redis not reachable at boot; starting degraded')),
    subscriber.connect().catch(() => undefined),
  ]);
  return { cache: new RedisCache(commands, r.keyPrefix), bus: new RedisBus(commands, subscriber, r.keyPrefix) };
}
