import Redis, { type RedisOptions } from 'ioredis';
import type { RedisConfig } from '../config';
import type { Logger } from '../logging/logger';

/**
 * ioredis tuned to fail fast: a short command timeout, no offline queue and one retry per command,
 * so a request that needs Redis while it is down gets a 503 in well under 500 ms instead of waiting.
 * The connection itself keeps retrying in the background (capped at 1 s apart), so service resumes
 * on its own once Redis is back.
 */
export function createRedisClient(config: RedisConfig, logger: Logger, role: 'commands' | 'subscriber'): Redis {
  const options: RedisOptions = {
    host: config.host ?? '127.0.0.1',
    port: config.port,
    password: config.password ?? undefined,
    db: config.db,
    lazyConnect: true,
    connectTimeout: 1000,
    commandTimeout: role === 'commands' ? config.commandTimeoutMs : undefined,
    // The subscriber needs its queue so (re)subscriptions survive a reconnect; command clients must not wait.
    enableOfflineQueue: role === 'subscriber',
    maxRetriesPerRequest: role === 'commands' ? 1 : null,
    autoResubscribe: true,
    retryStrategy: (times) => Math.min(100 * times, 1000),
    reconnectOnError: () => false,
    connectionName: `logbook-${role}`,
  };
  const client = new Redis(options);
  let down = false;
  client.on('error', (err: Error & { code?: string }) => {
    if (!down) logger.warn({ role, reason: err.code ?? err.message }, 'redis connection error');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info({ role }, 'redis connection restored');
    down = false;
  });
  return client;
}
