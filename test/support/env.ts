/**
 * The environment every test process (and every server a test spawns) starts from: the real
 * MariaDB and Redis on this machine, a database and a Redis key prefix of its own per run, fixed
 * test secrets, the fixture modules, quiet logs. Loaded by mocha before any test file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const runId = `${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logbook-test-'));

export const TEST_ENV: Record<string, string> = {
  ENVIRONMENT: 'test',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  LOG_FORMAT: 'json',
  DB_HOST: process.env.TEST_DB_HOST ?? '127.0.0.1',
  DB_PORT: process.env.TEST_DB_PORT ?? '3306',
  DB_USER: process.env.TEST_DB_USER ?? 'root',
  DB_PASSWORD: process.env.TEST_DB_PASSWORD ?? '',
  DB_NAME: `lbtest_${runId}`,
  DB_CONNECT_RETRIES: '2',
  REDIS_HOST: process.env.TEST_REDIS_HOST ?? '127.0.0.1',
  REDIS_PORT: process.env.TEST_REDIS_PORT ?? '6379',
  REDIS_KEY_PREFIX: `lbtest-${runId}`,
  DATA_DIR: dataDir,
  MODULE_DIRS: 'test/fixtures/modules',
  JOBS_ENABLED: 'false',
  MIGRATE_ON_START: 'true',
  SECRET_KEY: 'test-secret-key-0123456789abcdef0123456789abcdef',
  ENCRYPTION_KEY: 'test-encryption-key-0123456789abcdef0123456789ab',
  ENCRYPTION_SALT: 'test-encryption-salt-0123456789abcdef0123456789a',
  AUDIT_LOG_SIGNING_KEY: 'test-audit-signing-key-0123456789abcdef0123456789',
  ALLOWED_ORIGINS: 'http://localhost:3000',
};

// Anything the developer's shell or a .env file says about these is overridden for tests.
for (const [k, v] of Object.entries(TEST_ENV)) process.env[k] = v;
for (const k of ['MODULES', 'AUDIT_CHECKPOINT_PRIVATE_KEY', 'AUDIT_CHECKPOINT_SINK', 'ENCRYPTION_KEYS_LEGACY', 'ENABLE_DOCS', 'TRUSTED_PROXY_IPS']) delete process.env[k];

export const TEST_DATA_DIR = dataDir;
export const TEST_RUN_ID = runId;
