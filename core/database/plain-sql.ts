import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Dialect } from './database';

type QueryCallback = (err: Error | null, result: unknown) => void;

/** A mysql2 connection as Sequelize's MySQL pool hands it out. */
export interface RawConnection {
  query(sql: string, values: unknown[], callback: QueryCallback): void;
  query(sql: string, callback: QueryCallback): void;
  /** mysql2 internals, used when present (see sendOn()). */
  addCommand?(command: unknown): unknown;
  config?: unknown;
}
type CreateQuery = (sql: string, callback: QueryCallback, unused: undefined, config: unknown) => unknown;

/** Sequelize's MySQL connection manager, the part of it borrowed from here and by runOnDriver(). */
export interface PoolManager {
  getConnection(options: { type?: string; uuid?: string }): Promise<unknown>;
  releaseConnection(connection: unknown): void;
  destroyConnection(connection: unknown): Promise<void>;
}

/** What an INSERT, UPDATE or DELETE reports. */
export interface WriteResult { affectedRows: number }

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * A Date as Sequelize's MySQL replacements write it into a DATETIME: UTC (the pool's time zone),
 * whole seconds. mysql2 alone would add milliseconds, which MySQL 8 rounds up and MariaDB cuts off.
 */
function mysqlDateTime(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * Plain SQL with `?` values sent straight to mysql2, for the few statements on hot paths (sign-in,
 * the audit chain) where Sequelize's per-query work (replacement scanning, option merging, result
 * formatting, debug strings) cost about as much CPU as the statement itself. In a transaction it
 * runs on that transaction's connection; outside one, on a connection borrowed from Sequelize's
 * own pool, so the pool's bounds and acquire timeout still apply. Rows come back exactly as
 * Sequelize's raw queries return them (same connection, same type casting); driver errors keep
 * their `code`, which isDatabaseUnavailable() reads. On SQLite everything goes through Sequelize.
 */
export class PlainSql {
  constructor(private readonly sequelize: Sequelize, private readonly dialect: Dialect) {}

  async select<T extends object>(sql: string, values: readonly unknown[], tx?: Transaction): Promise<T[]> {
    if (!this.direct(tx)) {
      return this.sequelize.query<T>(sql, { replacements: values.length ? [...values] : undefined, type: QueryTypes.SELECT, transaction: tx });
    }
    return await this.onConnection(tx, sql, values) as T[];
  }

  async write(sql: string, values: readonly unknown[], tx?: Transaction): Promise<WriteResult> {
    if (!this.direct(tx)) {
      // Sequelize's SQLite dialect reports the changed rows only when told the statement's kind.
      const kind = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
      const type = kind === 'UPDATE' ? QueryTypes.UPDATE : kind === 'DELETE' ? QueryTypes.BULKDELETE : kind === 'INSERT' ? QueryTypes.INSERT : QueryTypes.RAW;
      const result = await this.sequelize.query(sql, { replacements: values.length ? [...values] : undefined, transaction: tx, type });
      return { affectedRows: changedRows(result) };
    }
    const header = await this.onConnection(tx, sql, values) as { affectedRows?: number };
    return { affectedRows: Number(header.affectedRows ?? 0) };
  }

  /** MySQL, outside a transaction or in one that holds its connection (Sequelize gives every MySQL transaction one). */
  private direct(tx: Transaction | undefined): boolean {
    return this.dialect === 'mysql' && (!tx || connectionOf(tx) !== undefined);
  }

  private async onConnection(tx: Transaction | undefined, sql: string, values: readonly unknown[]): Promise<unknown> {
    const own = tx ? connectionOf(tx) : undefined;
    if (own) return sendOn(own, sql, values);
    const pool = this.sequelize.connectionManager as unknown as PoolManager;
    const conn = await pool.getConnection({ type: 'SELECT' }) as RawConnection;
    try {
      return await sendOn(conn, sql, values);
    } finally {
      pool.releaseConnection(conn);
    }
  }
}

/** [_, n] from an INSERT or UPDATE, n from a bulk DELETE, [_, statement] otherwise. */
function changedRows(result: unknown): number {
  if (typeof result === 'number') return result;
  const meta = Array.isArray(result) ? result[1] : undefined;
  if (typeof meta === 'number') return meta;
  return Number((meta as { changes?: number } | undefined)?.changes ?? 0);
}

function connectionOf(tx: Transaction): RawConnection | undefined {
  const conn = (tx as unknown as { connection?: RawConnection }).connection;
  return conn && typeof conn.query === 'function' ? conn : undefined;
}

/** One statement on `conn`, straight to mysql2: its result, or the driver's error as it is. */
export function sendOn(conn: RawConnection, sql: string, values: readonly unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const done: QueryCallback = (err, result) => (err ? reject(err) : resolve(result));
    if (values.length > 0) {
      conn.query(sql, values.map((v) => (v instanceof Date ? mysqlDateTime(v) : v)), done);
      return;
    }
    // mysql2's query() runs every text through its formatter, which scans it all for `?`
    // placeholders even with no values: ~100 µs for a pre-formatted 100-row audit INSERT (~60 KB).
    // query() is createQuery() + format() + addCommand(); the first and last are done here
    // directly. Without those internals (another driver version), query().
    const createQuery = (conn.constructor as { createQuery?: CreateQuery }).createQuery;
    if (typeof createQuery === 'function' && typeof conn.addCommand === 'function' && conn.config) {
      conn.addCommand(createQuery.call(conn.constructor, sql, done, undefined, conn.config));
    } else {
      conn.query(sql, done);
    }
  });
}
