import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, type ModelCtor } from 'sequelize-typescript';
import { ConnectionError, Transaction, type TransactionOptions } from 'sequelize';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import { DependencyUnavailableError } from '../http/errors';
import { PlainSql } from './plain-sql';
import { canRunOnDriver, runOnDriver } from './driver-transaction';

export type Dialect = 'mysql' | 'sqlite';

/** Charset and collation every table is created with on MySQL/MariaDB (explicit, so a latin1 server default cannot sneak in). */
export const MYSQL_CHARSET = 'utf8mb4';
export const MYSQL_COLLATION = 'utf8mb4_unicode_ci';

export function createSequelize(config: Pick<Config, 'database'>, logger?: Logger): Sequelize {
  const db = config.database;
  const logging = logger && logger.isLevelEnabled('trace') ? (sql: string) => logger.trace({ sql }, 'sql') : false;
  if (db.dialect === 'mysql') {
    return new Sequelize({
      dialect: 'mysql',
      host: db.host ?? undefined,
      port: db.port,
      database: db.name,
      username: db.user,
      password: db.password,
      logging,
      timezone: '+00:00',
      benchmark: false,
      define: { charset: MYSQL_CHARSET, collate: MYSQL_COLLATION, underscored: true },
      dialectOptions: {
        charset: MYSQL_CHARSET,
        connectTimeout: db.connectTimeoutMs,
        supportBigNumbers: true,
        decimalNumbers: true,
        ...(db.socketPath ? { socketPath: db.socketPath } : {}),
      },
      // A bounded pool with a short acquire timeout: a saturated pool sheds load as 503s instead of queueing forever.
      pool: { min: db.poolMin, max: db.poolMax, acquire: db.acquireTimeoutMs, idle: 10_000, evict: 5_000 },
      retry: { max: 0 },
    });
  }
  fs.mkdirSync(path.dirname(db.sqlitePath), { recursive: true });
  const sequelize = new Sequelize({
    dialect: 'sqlite',
    storage: db.sqlitePath,
    logging,
    define: { underscored: true },
    pool: { min: 0, max: 5, acquire: 10_000, idle: 10_000 },
    retry: { max: 0 },
  });
  // Sequelize's SQLite dialect opens its own connection per transaction and never runs afterConnect
  // hooks, so the pragmas are applied as each connection is handed out (once per connection).
  type SqliteConnection = { run: (sql: string, cb: (err: Error | null) => void) => void };
  const manager = sequelize.connectionManager as unknown as { getConnection(options?: unknown): Promise<SqliteConnection> };
  const getConnection = manager.getConnection.bind(manager);
  const prepared = new WeakSet<SqliteConnection>();
  manager.getConnection = async (options?: unknown) => {
    const conn = await getConnection(options);
    if (prepared.has(conn)) return conn;
    prepared.add(conn);
    const run = (sql: string) => new Promise<void>((resolve, reject) => conn.run(sql, (err) => (err ? reject(err) : resolve())));
    // WAL lets readers proceed during a write; busy_timeout makes a second writer wait instead of failing at once.
    await run('PRAGMA busy_timeout = 5000');
    await run('PRAGMA journal_mode = WAL');
    await run('PRAGMA foreign_keys = ON');
    return conn;
  };
  return sequelize;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY',
]);

const CONFIGURATION_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'AccessDeniedError']);

/** True when an error means "the database cannot serve us right now", as opposed to a bug or bad data. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof ConnectionError) return true;
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    const e = current as { code?: unknown; name?: unknown; parent?: unknown; original?: unknown; fatal?: unknown };
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    // mysql2's mark for an error that ended the connection (lost, closed, killed), whatever its code.
    if (e.fatal === true) return true;
    if (e.name === 'SequelizeConnectionAcquireTimeoutError') return true;
    current = e.original ?? e.parent;
  }
  return false;
}

export interface PingResult {
  ok: boolean;
  latencyMs: number;
  reason?: string;
}

/**
 * The database as the rest of the server sees it: the Sequelize instance, a transaction helper and a
 * health probe. Services take a `Transaction` argument rather than relying on continuation-local state.
 */
export class Database {
  readonly dialect: Dialect;
  /** Plain SQL straight on the driver, for hot paths (see PlainSql). */
  readonly plain: PlainSql;
  private readonly pendingBeforeCommit = new WeakMap<Transaction, Array<() => Promise<void>>>();
  private readonly pendingAfterCommitted = new WeakMap<Transaction, Array<() => void>>();
  /** Transactions opened by transaction(): only these run beforeCommit and afterCommitted callbacks. */
  private readonly managed = new WeakSet<Transaction>();

  constructor(readonly sequelize: Sequelize, private readonly logger: Logger, private readonly connectRetries = 10) {
    this.dialect = sequelize.getDialect() as Dialect;
    this.plain = new PlainSql(sequelize, this.dialect);
  }

  addModels(models: ModelCtor[]): void {
    this.sequelize.addModels(models);
  }

  /**
   * Runs `work` in a transaction, committing on success and rolling back on any error. On SQLite the
   * transaction is IMMEDIATE, taking the write lock up front, the embedded stand-in for row locks.
   * On MySQL/MariaDB it is driven on the connection directly (runOnDriver) unless the options need
   * Sequelize (a savepoint). Connection failures become DependencyUnavailableError (503) for the HTTP layer.
   */
  async transaction<T>(work: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const opts: TransactionOptions = this.dialect === 'sqlite' ? { type: Transaction.TYPES.IMMEDIATE, ...options } : options;
    const release = this.dialect === 'sqlite' && opts.type !== Transaction.TYPES.DEFERRED ? await this.sqliteWriteTurn() : null;
    try {
      const [tx, value] = this.dialect === 'mysql' && canRunOnDriver(opts)
        ? await runOnDriver(this.sequelize, opts, (t) => this.runManaged(t, work))
        : await this.runOnSequelize(opts, work);
      // Only here is COMMIT known to have succeeded (see afterCommitted()).
      this.runAfterCommitted(tx);
      return value;
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw new DependencyUnavailableError('database');
      throw err;
    } finally {
      release?.();
    }
  }

  private async runOnSequelize<T>(opts: TransactionOptions, work: (tx: Transaction) => Promise<T>): Promise<[Transaction, T]> {
    let opened: Transaction | undefined;
    const value = await this.sequelize.transaction(opts, (tx) => {
      opened = tx;
      return this.runManaged(tx, work);
    });
    return [opened!, value];
  }

  /** The caller's work, then the before-commit callbacks it registered, inside `tx`. */
  private async runManaged<T>(tx: Transaction, work: (tx: Transaction) => Promise<T>): Promise<T> {
    this.managed.add(tx);
    const value = await work(tx);
    await this.flushBeforeCommit(tx);
    return value;
  }

  /** True for a transaction opened by transaction() (and still usable for its callbacks). */
  isManaged(tx: Transaction): boolean {
    return this.managed.has(tx);
  }

  /**
   * SQLite has one writer at a time, so this process queues its write transactions here. Waiting
   * in SQLite's busy handler instead would park a libuv pool thread per waiter, and four waiters
   * starve the connection that holds the lock until busy_timeout fails them all.
   */
  private sqliteQueue: Promise<void> = Promise.resolve();

  private async sqliteWriteTurn(): Promise<() => void> {
    const previous = this.sqliteQueue;
    let release!: () => void;
    this.sqliteQueue = new Promise<void>((resolve) => { release = resolve; });
    let timer: NodeJS.Timeout | undefined;
    const turn = await Promise.race([previous.then(() => true), new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), 10_000); })]);
    clearTimeout(timer);
    if (!turn) { release(); throw new DependencyUnavailableError('database'); }
    return release;
  }

  /**
   * Registers work that must run inside `tx` after the business logic and right before COMMIT (the
   * audit log appends its batch there, so its chain lock is held as briefly as possible). Only
   * transactions opened with `transaction()` run these; a failure rolls the whole unit back.
   */
  beforeCommit(tx: Transaction, callback: () => Promise<void>): void {
    let list = this.pendingBeforeCommit.get(tx);
    if (!list) {
      list = [];
      this.pendingBeforeCommit.set(tx, list);
    }
    list.push(callback);
  }

  /**
   * Registers `callback` to run once `tx`, opened with `transaction()`, has really committed.
   * Sequelize's own `tx.afterCommit()` is not enough for anything that must only ever see
   * committed work: Sequelize 6 runs those hooks in a `finally`, so also when COMMIT fails (a
   * dropped connection, a killed session) and the server rolled everything back. These callbacks
   * run after the COMMIT statement returned without error, before `transaction()` resolves; never
   * after a rollback or a failed COMMIT. For a savepoint (a transaction with a parent) they wait for
   * the parent, and never run if the parent was opened any other way. Callbacks must not throw; an
   * error is logged and the others still run.
   */
  afterCommitted(tx: Transaction, callback: () => void): void {
    let list = this.pendingAfterCommitted.get(tx);
    if (!list) {
      list = [];
      this.pendingAfterCommitted.set(tx, list);
    }
    list.push(callback);
  }

  private runAfterCommitted(tx: Transaction): void {
    const list = this.pendingAfterCommitted.get(tx);
    if (!list) return;
    this.pendingAfterCommitted.delete(tx);
    const parent = (tx as { parent?: Transaction }).parent;
    if (parent) {
      // A released savepoint commits nothing yet: the parent's own COMMIT decides.
      for (const callback of list) this.afterCommitted(parent, callback);
      return;
    }
    for (const callback of list) {
      try {
        callback();
      } catch (err) {
        this.logger.error({ reason: (err as Error).message }, 'an after-commit callback failed');
      }
    }
  }

  private async flushBeforeCommit(tx: Transaction): Promise<void> {
    // Callbacks may register further callbacks (e.g. an audit flush that triggers a checkpoint), so drain until empty.
    for (let list = this.pendingBeforeCommit.get(tx); list && list.length > 0; list = this.pendingBeforeCommit.get(tx)) {
      this.pendingBeforeCommit.delete(tx);
      for (const callback of list) await callback();
    }
  }

  async ping(timeoutMs = 1000): Promise<PingResult> {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.sequelize.query('SELECT 1', { raw: true }),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs); }),
      ]);
      return { ok: true, latencyMs: Math.round(elapsed() * 10) / 10 };
    } catch (err) {
      return { ok: false, latencyMs: Math.round(elapsed() * 10) / 10, reason: describeDbError(err) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for the database at boot: bounded attempts with capped exponential backoff, each failure logged. */
  async connectWithRetry(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.sequelize.authenticate({ logging: false });
        if (attempt > 1) this.logger.info({ attempt }, 'database reachable');
        return;
      } catch (err) {
        // A wrong password or a missing database will not fix itself: fail at once with the reason.
        if (attempt > this.connectRetries || !isDatabaseUnavailable(err) || CONFIGURATION_CODES.has(describeDbError(err))) {
          throw new Error(`database not usable: ${describeDbError(err)}`, { cause: err });
        }
        const delay = Math.min(500 * 2 ** (attempt - 1), 5000);
        this.logger.warn({ attempt, retryInMs: delay, reason: describeDbError(err) }, 'database not reachable yet; retrying');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  async close(): Promise<void> {
    await this.sequelize.close();
  }
}

/** A short reason without SQL text or credentials, for health answers and logs. */
export function describeDbError(err: unknown): string {
  const e = err as { original?: { code?: string }; parent?: { code?: string }; code?: string; name?: string; message?: string };
  const code = e.original?.code ?? e.parent?.code ?? e.code;
  if (code) return String(code);
  if (e.name && e.name !== 'Error') return e.name.replace(/^Sequelize/, '');
  return (e.message ?? 'unknown error').slice(0, 120);
}
