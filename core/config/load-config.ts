import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { configSchema, type RawConfig } from './config.schema';
import type { Config, LogFormat, LogLevel, SecretsConfig } from './config.types';
import { EXAMPLE_SECRET_VALUES, MIN_SECRET_LENGTH } from './example-values';
import { loadOrCreateDevSecrets } from './dev-secrets';
import { projectRoot, readPackageVersion } from '../kernel/paths';

/** Thrown when the environment cannot be turned into a working configuration; one line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Defaults to process.env merged over `.env` in the project root. */
  env?: NodeJS.ProcessEnv;
  /** Called once when development secrets are generated or reused, so the caller can warn. */
  onDevSecrets?: (info: { file: string; created: boolean }) => void;
}

/** Reads `.env` (if present) under the real environment: a variable set in the environment wins. */
export function environmentWithDotenv(cwd: string = projectRoot): NodeJS.ProcessEnv {
  const file = path.join(cwd, '.env');
  const fromFile = fs.existsSync(file) ? dotenv.parse(fs.readFileSync(file)) : {};
  return { ...fromFile, ...process.env };
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

function parseSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/i.exec(value.trim());
  if (!m) return NaN;
  return Math.floor(Number(m[1]) * SIZE_UNITS[(m[2] ?? 'b').toLowerCase()]);
}

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function joiProblems(error: import('joi').ValidationError): string[] {
  return error.details.map((d) => {
    const name = String(d.path[0] ?? d.context?.key ?? 'environment');
    const message = d.message.replace(/^"[^"]+"\s*/, '');
    return `${name}: ${message}`;
  });
}

const SECRET_NAMES = ['SECRET_KEY', 'ENCRYPTION_KEY', 'ENCRYPTION_SALT'] as const;

function productionProblems(raw: RawConfig, origins: string[]): string[] {
  const problems: string[] = [];
  const checked: string[] = [...SECRET_NAMES];
  if (raw.AUDIT_LOG_SIGNING_KEY) checked.push('AUDIT_LOG_SIGNING_KEY');
  for (const name of checked) {
    const value = (raw as unknown as Record<string, string | undefined>)[name];
    if (!value) problems.push(`${name}: required in ${raw.ENVIRONMENT}`);
    else if (value === EXAMPLE_SECRET_VALUES[name]) problems.push(`${name}: still the .env.example placeholder; generate a random value (e.g. openssl rand -base64 48)`);
    else if (value.length < MIN_SECRET_LENGTH) problems.push(`${name}: must be at least ${MIN_SECRET_LENGTH} characters in ${raw.ENVIRONMENT}`);
  }
  if (!raw.AUDIT_LOG_SIGNING_KEY) problems.push(`AUDIT_LOG_SIGNING_KEY: required in ${raw.ENVIRONMENT} (it keys the audit chain; keep it apart from SECRET_KEY)`);
  if (!raw.AUDIT_CHECKPOINT_PRIVATE_KEY) problems.push(`AUDIT_CHECKPOINT_PRIVATE_KEY: required in ${raw.ENVIRONMENT} (Ed25519 key signing audit checkpoints; see README)`);
  if (raw.DB_HOST && !raw.DB_PASSWORD) problems.push(`DB_PASSWORD: must not be empty in ${raw.ENVIRONMENT}`);
  if (!raw.DB_HOST) problems.push(`DB_HOST: required in ${raw.ENVIRONMENT} (the embedded SQLite database is for trying the software out)`);
  if (origins.includes('*')) problems.push('ALLOWED_ORIGINS: must not contain "*" in ' + raw.ENVIRONMENT + ' (credentials are sent cross-origin only to listed origins)');
  return problems;
}

function resolveSecrets(raw: RawConfig, options: LoadConfigOptions, dataDir: string): SecretsConfig {
  const strict = raw.ENVIRONMENT === 'production' || raw.ENVIRONMENT === 'staging';
  const missing = !raw.SECRET_KEY || !raw.ENCRYPTION_KEY || !raw.ENCRYPTION_SALT || !raw.AUDIT_CHECKPOINT_PRIVATE_KEY;
  let source: SecretsConfig['source'] = 'environment';
  let generated: Record<string, string> = {};
  if (!strict && missing) {
    const dev = loadOrCreateDevSecrets(dataDir);
    options.onDevSecrets?.({ file: dev.file, created: dev.created });
    generated = dev.secrets as unknown as Record<string, string>;
    source = 'generated';
  }
  const pick = (name: keyof RawConfig): string => ((raw[name] as string | undefined) || generated[name as string] || '');
  const secretKey = pick('SECRET_KEY');
  return Object.freeze({
    secretKey,
    encryptionKey: pick('ENCRYPTION_KEY'),
    encryptionSalt: pick('ENCRYPTION_SALT'),
    encryptionKeysLegacy: Object.freeze(list(raw.ENCRYPTION_KEYS_LEGACY)),
    backupKey: raw.BACKUP_KEY ?? null,
    // Development only: the chain key falls back to one derived from SECRET_KEY (production requires its own).
    auditLogSigningKey: raw.AUDIT_LOG_SIGNING_KEY || generated.AUDIT_LOG_SIGNING_KEY || `audit:${secretKey}`,
    auditCheckpointPrivateKey: pick('AUDIT_CHECKPOINT_PRIVATE_KEY') || null,
    source,
  });
}

/** Validates the environment and returns the frozen configuration, or throws ConfigError. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? environmentWithDotenv();
  // An empty variable means "not set" (`.env.example` lists every name, many with no value), so its default applies.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const { value, error } = configSchema.validate(present, { abortEarly: false, convert: true });
  if (error) throw new ConfigError(joiProblems(error));
  const raw = value as RawConfig;

  const origins = list(raw.ALLOWED_ORIGINS);
  const strict = raw.ENVIRONMENT === 'production' || raw.ENVIRONMENT === 'staging';
  const problems = strict ? productionProblems(raw, origins) : [];
  for (const o of origins) {
    if (o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o)) problems.push(`ALLOWED_ORIGINS: "${o}" is not an origin like https://intranet.example.org (no path, no trailing slash)`);
  }
  const maxBody = parseSize(raw.MAX_REQUEST_BODY_SIZE);
  if (raw.DB_SOCKET && !raw.DB_HOST) problems.push('DB_SOCKET: needs DB_HOST as well (DB_HOST selects MySQL/MariaDB; the socket only replaces its host and port), e.g. DB_HOST=localhost');
  if (raw.DB_POOL_MIN > raw.DB_POOL_MAX) problems.push('DB_POOL_MIN: must not exceed DB_POOL_MAX');
  if (raw.PASSWORD_MIN_LENGTH > raw.PASSWORD_MAX_LENGTH) problems.push('PASSWORD_MIN_LENGTH: must not exceed PASSWORD_MAX_LENGTH');
  // Workers share sessions, toggles, rate limits and job claims only through Redis and the database;
  // an in-process cache or a SQLite file per worker would each see a different server.
  if (raw.WEB_CONCURRENCY > 1 && (!raw.DB_HOST || !raw.REDIS_HOST)) {
    problems.push('WEB_CONCURRENCY: more than 1 worker needs DB_HOST and REDIS_HOST (workers share state only through MySQL/MariaDB and Redis)');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(projectRoot, raw.DATA_DIR);
  const secrets = resolveSecrets(raw, options, dataDir);
  const isProduction = raw.ENVIRONMENT === 'production';
  const logLevel = (raw.LOG_LEVEL === 'warning' ? 'warn' : raw.LOG_LEVEL) as LogLevel;
  const logFormat: LogFormat = raw.LOG_FORMAT === 'pretty' || raw.LOG_FORMAT === 'text'
    ? 'pretty'
    : raw.LOG_FORMAT === 'json' || isProduction || raw.ENVIRONMENT === 'test' ? 'json' : 'pretty';

  const config: Config = {
    appName: raw.APP_NAME,
    version: readPackageVersion(),
    environment: raw.ENVIRONMENT,
    isProduction,
    port: raw.PORT,
    host: raw.HOST,
    logLevel,
    logFormat,
    enableDocs: raw.ENABLE_DOCS ?? !isProduction,
    dataDir,
    database: Object.freeze({
      dialect: raw.DB_HOST ? 'mysql' : 'sqlite',
      host: raw.DB_HOST || null,
      port: raw.DB_PORT,
      socketPath: raw.DB_SOCKET || null,
      name: raw.DB_NAME,
      user: raw.DB_USER,
      password: raw.DB_PASSWORD,
      poolMin: raw.DB_POOL_MIN,
      poolMax: raw.DB_POOL_MAX,
      connectTimeoutMs: raw.DB_CONNECT_TIMEOUT * 1000,
      acquireTimeoutMs: raw.DB_ACQUIRE_TIMEOUT_MS,
      connectRetries: raw.DB_CONNECT_RETRIES,
      sqlitePath: path.join(dataDir, 'logbook.sqlite'),
    }),
    redis: Object.freeze({
      host: raw.REDIS_HOST || null,
      port: raw.REDIS_PORT,
      password: raw.REDIS_PASSWORD || null,
      db: raw.REDIS_DB,
      keyPrefix: raw.REDIS_KEY_PREFIX,
      commandTimeoutMs: raw.REDIS_COMMAND_TIMEOUT_MS,
    }),
    secrets,
    allowedOrigins: Object.freeze(origins),
    trustedProxyIps: Object.freeze(list(raw.TRUSTED_PROXY_IPS)),
    maxRequestBodyBytes: maxBody,
    maxJsonDepth: raw.MAX_JSON_DEPTH,
    modules: raw.MODULES.trim() ? Object.freeze(list(raw.MODULES)) : null,
    moduleDirs: Object.freeze(list(raw.MODULE_DIRS).map((d) => path.resolve(projectRoot, d))),
    migrateOnStart: raw.MIGRATE_ON_START,
    jobsEnabled: raw.JOBS_ENABLED,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    webConcurrency: raw.WEB_CONCURRENCY,
    auth: Object.freeze({
      passwordMinLength: raw.PASSWORD_MIN_LENGTH,
      passwordMaxLength: raw.PASSWORD_MAX_LENGTH,
      passwordHash: Object.freeze({ memoryCost: raw.PASSWORD_HASH_MEMORY_KIB, timeCost: raw.PASSWORD_HASH_TIME_COST }),
      accessTokenMs: raw.ACCESS_TOKEN_EXPIRE_MINUTES * 60_000,
      refreshTokenMs: raw.REFRESH_TOKEN_EXPIRE_DAYS * 86_400_000,
      sessionIdleMs: Math.round(raw.SESSION_IDLE_MINUTES * 60_000),
      sessionAbsoluteMs: Math.round(raw.SESSION_ABSOLUTE_HOURS * 3_600_000),
      maxLoginAttempts: raw.MAX_LOGIN_ATTEMPTS,
      lockoutMs: Math.round(raw.ACCOUNT_LOCKOUT_DURATION_MINUTES * 60_000),
      loginRatePerMinute: raw.LOGIN_RATE_LIMIT_PER_MINUTE,
      loginIpMaxFailures: raw.LOGIN_IP_MAX_FAILURES,
      loginIpWindowMs: Math.round(raw.LOGIN_IP_WINDOW_MINUTES * 60_000),
    }),
    smtp: Object.freeze({
      host: raw.SMTP_HOST || null,
      port: raw.SMTP_PORT,
      user: raw.SMTP_USER || null,
      password: raw.SMTP_PASSWORD || null,
      fromEmail: raw.SMTP_FROM_EMAIL || 'noreply@localhost',
      fromName: raw.SMTP_FROM_NAME,
      secure: raw.SMTP_SECURE,
    }),
    audit: Object.freeze({
      checkpointEvery: raw.AUDIT_CHECKPOINT_EVERY,
      checkpointSeconds: raw.AUDIT_CHECKPOINT_SECONDS,
      checkpointSink: raw.AUDIT_CHECKPOINT_SINK ? path.resolve(projectRoot, raw.AUDIT_CHECKPOINT_SINK) : null,
    }),
  };
  return Object.freeze(config);
}

const SECRET_FIELDS = new Set(['secretKey', 'encryptionKey', 'encryptionSalt', 'encryptionKeysLegacy', 'backupKey', 'auditLogSigningKey', 'auditCheckpointPrivateKey', 'password']);

/** The configuration with every secret replaced by a mask, for `logbook config check` and logs. */
export function maskConfig(config: Config): Record<string, unknown> {
  const mask = (value: unknown, key?: string): unknown => {
    if (key && SECRET_FIELDS.has(key)) {
      if (Array.isArray(value)) return value.map(() => '********');
      return value ? '********' : value;
    }
    if (Array.isArray(value)) return value.map((v) => mask(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]));
    }
    return value;
  };
  return mask(config) as Record<string, unknown>;
}
