import 'reflect-metadata';
import fs from 'node:fs';
import Redis from 'ioredis';
import { TEST_DATA_DIR, TEST_ENV } from './env';
import { createDatabase, dropDatabase } from './mysql-admin';
import { closeTestKernel } from './kernel';

/** Removes every key of a namespace (the run's own, or one a test made for itself). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis({ host: TEST_ENV.REDIS_HOST, port: Number(TEST_ENV.REDIS_PORT), lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** One database and one Redis namespace per test run, created before the first test and removed after the last. */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    await createDatabase(TEST_ENV.DB_NAME);
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await closeTestKernel();
    await dropDatabase(TEST_ENV.DB_NAME);
    await deleteRedisKeys(TEST_ENV.REDIS_KEY_PREFIX).catch(() => undefined);
    fs.rmSync(TEST_DATA_DIR, { recursive: true, force: true });
  },
};
