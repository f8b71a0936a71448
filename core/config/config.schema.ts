import Joi from 'joi';
import { ARGON2_CEILING, ARGON2_FLOOR } from '../security/passwords/argon2-bounds';

/**
 * Every environment variable the server reads, with its default. Names follow the original
 * backend where it had one. `.env.example` documents each of them for administrators.
 */
const commaList = Joi.string().allow('').default('');
const bool = Joi.boolean().truthy('1', 'yes', 'on').falsy('0', 'no', 'off', '');

export const configSchema = Joi.object({
  APP_NAME: Joi.string().trim().min(1).max(100).default('The Logbook'),
  ENVIRONMENT: Joi.string().valid('development', 'test', 'staging', 'production').default('development'),
  PORT: Joi.number().integer().min(0).max(65535).default(3001),
  HOST: Joi.string().trim().default('0.0.0.0'),
  LOG_LEVEL: Joi.string().lowercase().valid('fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace', 'silent').default('info'),
  LOG_FORMAT: Joi.string().lowercase().valid('json', 'pretty', 'text'),
  ENABLE_DOCS: bool,
  DATA_DIR: Joi.string().default('./data'),

  DB_HOST: Joi.string().trim().hostname().allow(''),
  DB_PORT: Joi.number().integer().min(1).max(65535).default(3306),
  DB_SOCKET: Joi.string().trim().allow('').pattern(/^\//)
    .messages({ 'string.pattern.base': '"DB_SOCKET" must be an absolute path such as /run/mysqld/mysqld.sock' }),
  DB_NAME: Joi.string().pattern(/^[A-Za-z0-9_]+$/).max(64).default('the_logbook')
    .messages({ 'string.pattern.base': '"DB_NAME" may hold only letters, digits and underscores' }),
  DB_USER: Joi.string().max(80).default('logbook'),
  DB_PASSWORD: Joi.string().allow('').default(''),
  DB_POOL_MIN: Joi.number().integer().min(0).max(100).default(0),
  DB_POOL_MAX: Joi.number().integer().min(1).max(500).default(10),
  DB_CONNECT_TIMEOUT: Joi.number().integer().min(1).max(300).default(10).description('seconds'),
  DB_ACQUIRE_TIMEOUT_MS: Joi.number().integer().min(100).max(60000).default(2000),
  DB_CONNECT_RETRIES: Joi.number().integer().min(0).max(1000).default(20),

  REDIS_HOST: Joi.string().trim().hostname().allow(''),
  REDIS_PORT: Joi.number().integer().min(1).max(65535).default(6379),
  REDIS_PASSWORD: Joi.string().allow('').default(''),
  REDIS_DB: Joi.number().integer().min(0).max(15).default(0),
  REDIS_KEY_PREFIX: Joi.string().pattern(/^[A-Za-z0-9_.-]+$/).max(40).default('logbook'),
  REDIS_COMMAND_TIMEOUT_MS: Joi.number().integer().min(20).max(10000).default(250),

  SECRET_KEY: Joi.string().allow(''),
  ENCRYPTION_KEY: Joi.string().allow(''),
  ENCRYPTION_SALT: Joi.string().allow(''),
  ENCRYPTION_KEYS_LEGACY: commaList,
  BACKUP_KEY: Joi.string().min(32).max(1024).empty(''),
  AUDIT_LOG_SIGNING_KEY: Joi.string().allow(''),
  AUDIT_CHECKPOINT_PRIVATE_KEY: Joi.string().allow(''),
  AUDIT_CHECKPOINT_EVERY: Joi.number().integer().min(1).max(1_000_000).default(1000),
  AUDIT_CHECKPOINT_SECONDS: Joi.number().integer().min(1).max(86400).default(60),
  AUDIT_CHECKPOINT_SINK: Joi.string().allow(''),

  ALLOWED_ORIGINS: Joi.string().allow('').default('http://localhost:3000,http://127.0.0.1:3000'),
  TRUSTED_PROXY_IPS: commaList,
  MAX_REQUEST_BODY_SIZE: Joi.string().pattern(/^\d+(\.\d+)?\s*(b|kb|mb)?$/i).default('1mb')
    .messages({ 'string.pattern.base': '"MAX_REQUEST_BODY_SIZE" must be a size such as 1048576, 512kb or 1mb' }),
  MAX_JSON_DEPTH: Joi.number().integer().min(2).max(256).default(32),
  MODULES: commaList,
  MODULE_DIRS: commaList,
  MIGRATE_ON_START: bool.default(true),
  JOBS_ENABLED: bool.default(true),
  SHUTDOWN_TIMEOUT_MS: Joi.number().integer().min(0).max(120000).default(10000),
  WEB_CONCURRENCY: Joi.number().integer().min(1).max(64).default(1),

  PASSWORD_MIN_LENGTH: Joi.number().integer().min(8).max(64).default(12),
  PASSWORD_MAX_LENGTH: Joi.number().integer().min(64).max(1024).default(128),
  // argon2id cost: never below OWASP's floor (the default); `logbook passwords calibrate` picks t for this machine.
  PASSWORD_HASH_MEMORY_KIB: Joi.number().integer().min(ARGON2_FLOOR.memoryCost).max(ARGON2_CEILING.memoryCost).default(ARGON2_FLOOR.memoryCost),
  PASSWORD_HASH_TIME_COST: Joi.number().integer().min(ARGON2_FLOOR.timeCost).max(ARGON2_CEILING.timeCost).default(ARGON2_FLOOR.timeCost),
  ACCESS_TOKEN_EXPIRE_MINUTES: Joi.number().integer().min(1).max(1440).default(30),
  REFRESH_TOKEN_EXPIRE_DAYS: Joi.number().integer().min(1).max(90).default(7),
  SESSION_IDLE_MINUTES: Joi.number().min(0.05).max(1440).default(15),
  SESSION_ABSOLUTE_HOURS: Joi.number().min(0.01).max(720).default(12),
  MAX_LOGIN_ATTEMPTS: Joi.number().integer().min(1).max(100).default(5),
  ACCOUNT_LOCKOUT_DURATION_MINUTES: Joi.number().min(0.05).max(1440).default(15),
  LOGIN_RATE_LIMIT_PER_MINUTE: Joi.number().integer().min(1).max(10000).default(10),
  LOGIN_IP_MAX_FAILURES: Joi.number().integer().min(1).max(100000).default(50),
  LOGIN_IP_WINDOW_MINUTES: Joi.number().min(0.05).max(1440).default(60),

  SMTP_HOST: Joi.string().allow(''),
  SMTP_PORT: Joi.number().integer().min(1).max(65535).default(587),
  SMTP_USER: Joi.string().allow(''),
  SMTP_PASSWORD: Joi.string().allow(''),
  SMTP_FROM_EMAIL: Joi.string().pattern(/^[^@\s]+@[^@\s]+$/).allow('').default('noreply@localhost')
    .messages({ 'string.pattern.base': '"SMTP_FROM_EMAIL" must be an address such as logbook@example.org' }),
  SMTP_FROM_NAME: Joi.string().allow('').default('The Logbook'),
  SMTP_SECURE: bool.default(false),
}).unknown(true);

/** The shape joi hands back after defaults and conversion. */
export interface RawConfig {
  APP_NAME: string; ENVIRONMENT: 'development' | 'test' | 'staging' | 'production'; PORT: number; HOST: string;
  LOG_LEVEL: string; LOG_FORMAT?: string; ENABLE_DOCS?: boolean; DATA_DIR: string;
  DB_HOST?: string; DB_PORT: number; DB_SOCKET?: string; DB_NAME: string; DB_USER: string; DB_PASSWORD: string;
  DB_POOL_MIN: number; DB_POOL_MAX: number; DB_CONNECT_TIMEOUT: number; DB_ACQUIRE_TIMEOUT_MS: number;
  DB_CONNECT_RETRIES: number;
  REDIS_HOST?: string; REDIS_PORT: number; REDIS_PASSWORD: string; REDIS_DB: number; REDIS_KEY_PREFIX: string;
  REDIS_COMMAND_TIMEOUT_MS: number;
  SECRET_KEY?: string; ENCRYPTION_KEY?: string; ENCRYPTION_SALT?: string; ENCRYPTION_KEYS_LEGACY: string; BACKUP_KEY?: string;
  AUDIT_LOG_SIGNING_KEY?: string; AUDIT_CHECKPOINT_PRIVATE_KEY?: string; AUDIT_CHECKPOINT_EVERY: number;
  AUDIT_CHECKPOINT_SECONDS: number; AUDIT_CHECKPOINT_SINK?: string;
  ALLOWED_ORIGINS: string; TRUSTED_PROXY_IPS: string; MAX_REQUEST_BODY_SIZE: string; MAX_JSON_DEPTH: number;
  MODULES: string; MODULE_DIRS: string; MIGRATE_ON_START: boolean; JOBS_ENABLED: boolean; SHUTDOWN_TIMEOUT_MS: number; WEB_CONCURRENCY: number;
  PASSWORD_MIN_LENGTH: number; PASSWORD_MAX_LENGTH: number; PASSWORD_HASH_MEMORY_KIB: number; PASSWORD_HASH_TIME_COST: number; ACCESS_TOKEN_EXPIRE_MINUTES: number; REFRESH_TOKEN_EXPIRE_DAYS: number;
  SESSION_IDLE_MINUTES: number; SESSION_ABSOLUTE_HOURS: number; MAX_LOGIN_ATTEMPTS: number; ACCOUNT_LOCKOUT_DURATION_MINUTES: number;
  LOGIN_RATE_LIMIT_PER_MINUTE: number; LOGIN_IP_MAX_FAILURES: number; LOGIN_IP_WINDOW_MINUTES: number;
  SMTP_HOST?: string; SMTP_PORT: number; SMTP_USER?: string; SMTP_PASSWORD?: string; SMTP_FROM_EMAIL: string;
  SMTP_FROM_NAME: string; SMTP_SECURE: boolean;
}
