'use strict';
/**
 * The environment for our compiled server under benchmark: the embedded default (SQLite in a temp
 * DATA_DIR, in-process cache), JSON access logging at info so every request writes a log line,
 * and an allow-listed origin so CORS does its full work. DB_HOST/REDIS_HOST are set to empty
 * explicitly so a developer's `.env` cannot point the bench at MariaDB or Redis.
 */
const BENCH_ORIGIN = 'http://localhost:3000';

function fullServerEnv(dataDir) {
  return {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DB_HOST: '',
    REDIS_HOST: '',
    ENVIRONMENT: 'development',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    ALLOWED_ORIGINS: BENCH_ORIGIN,
    MIGRATE_ON_START: 'true',
    NODE_ENV: 'production',
  };
}

module.exports = { fullServerEnv, BENCH_ORIGIN };
