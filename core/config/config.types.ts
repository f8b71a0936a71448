/** The typed, frozen view of the environment that every part of the server reads. */
export type Environment = 'development' | 'test' | 'staging' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type LogFormat = 'json' | 'pretty';

export interface DatabaseConfig {
  /** `mysql` when DB_HOST is set (MySQL 8 / MariaDB 10.11+ through mysql2), else the embedded SQLite file. */
  readonly dialect: 'mysql' | 'sqlite';
  readonly host: string | null;
  readonly port: number;
  /** DB_SOCKET: the server's Unix socket, used instead of host:port (same machine; cheaper than loopback TCP). */
  readonly socketPath: string | null;
  readonly name: string;
  readonly user: string;
  readonly password: string;
  readonly poolMin: number;
  readonly poolMax: number;
  readonly connectTimeoutMs: number;
  readonly acquireTimeoutMs: number;
  readonly connectRetries: number;
  readonly sqlitePath: string;
}

export interface RedisConfig {
  /** null: the in-process cache and bus are used (single process only). */
  readonly host: string | null;
  readonly port: number;
  readonly password: string | null;
  readonly db: number;
  readonly keyPrefix: string;
  readonly commandTimeoutMs: number;
}

export interface SecretsConfig {
  readonly secretKey: string;
  readonly encryptionKey: string;
  readonly encryptionSalt: string;
  /** Older encryption keys, decrypt-only (ENCRYPTION_KEYS_LEGACY). */
  readonly encryptionKeysLegacy: readonly string[];
  /** Key of `logbook backup` files when set; otherwise they are keyed from ENCRYPTION_KEY. */
  readonly backupKey: string | null;
  readonly auditLogSigningKey: string;
  /** Ed25519 private key (PEM or base64 PKCS#8 DER) that signs audit checkpoints; null derives one in development. */
  readonly auditCheckpointPrivateKey: string | null;
  /** Where the secrets came from: the environment, or ./data/dev-secrets.json in development. */
  readonly source: 'environment' | 'generated';
}

/** Passwords, sessions and login throttling (see docs/security.md). Durations in milliseconds. */
export interface AuthConfig {
  readonly passwordMinLength: number;
  readonly passwordMaxLength: number;
  /** argon2id memory (KiB) and passes; p is always 1. */
  readonly passwordHash: { readonly memoryCost: number; readonly timeCost: number };
  readonly accessTokenMs: number;
  readonly refreshTokenMs: number;
  readonly sessionIdleMs: number;
  readonly sessionAbsoluteMs: number;
  readonly maxLoginAttempts: number;
  readonly lockoutMs: number;
  /** Login attempts per account (identifier) per minute. */
  readonly loginRatePerMinute: number;
  /** Failed logins from one IP within loginIpWindowMs before that IP is refused. */
  readonly loginIpMaxFailures: number;
  readonly loginIpWindowMs: number;
}

/** Outgoing mail (password reset links). `host` null: sending is a logged no-op. */
export interface SmtpConfig {
  readonly host: string | null;
  readonly port: number;
  readonly user: string | null;
  readonly password: string | null;
  readonly fromEmail: string;
  readonly fromName: string;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
}

export interface Config {
  readonly appName: string;
  readonly version: string;
  readonly environment: Environment;
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly enableDocs: boolean;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly secrets: SecretsConfig;
  readonly allowedOrigins: readonly string[];
  readonly trustedProxyIps: readonly string[];
  readonly maxRequestBodyBytes: number;
  readonly maxJsonDepth: number;
  /** Installed modules; null means every module found under modules/. */
  readonly modules: readonly string[] | null;
  /** Extra folders searched for module manifests (tests use it for fixture modules). */
  readonly moduleDirs: readonly string[];
  readonly migrateOnStart: boolean;
  readonly jobsEnabled: boolean;
  readonly shutdownTimeoutMs: number;
  /** Worker processes `npm start` runs with node:cluster (WEB_CONCURRENCY); 1 = no cluster. */
  readonly webConcurrency: number;
  readonly auth: AuthConfig;
  readonly smtp: SmtpConfig;
  readonly audit: {
    readonly checkpointEvery: number;
    readonly checkpointSeconds: number;
    readonly checkpointSink: string | null;
  };
}
