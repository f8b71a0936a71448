import mysqlCore, { type Connection as CoreConnection } from 'mysql2';
import { QueryTypes, Transaction } from 'sequelize';
import type { Config } from '../config';
import type { Database } from '../database/database';
import { MIGRATIONS_TABLE } from '../database/migrator';
import { mysqlTarget } from '../database/mysql-target';

/** A cell as written to the backup: JSON can carry everything but bytes, which go as base64. */
export type BackupCell = string | number | boolean | null | { $b64: string };
export interface TableInfo { name: string; columns: string[] }

const ROWS_PER_BATCH = 500;

export function encodeCell(value: unknown): BackupCell {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return { $b64: value.toString('base64') };
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value as string | number | boolean;
}

export function decodeCell(cell: BackupCell): unknown {
  return cell !== null && typeof cell === 'object' ? Buffer.from(cell.$b64, 'base64') : cell;
}

/**
 * Every table of the database as one consistent snapshot, read table by table in batches. The
 * migrations table is left out: restore recreates the schema by running the same migrations.
 */
export interface TableSnapshot {
  /** A small query inside the snapshot (migrations, audit heads). */
  select(sql: string): Promise<Array<Record<string, unknown>>>;
  tables(): Promise<TableInfo[]>;
  rows(table: TableInfo): AsyncGenerator<BackupCell[][]>;
  close(): Promise<void>;
}

function quote(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * MySQL/MariaDB: its own connection in a read-only transaction WITH CONSISTENT SNAPSHOT, so every
 * table is read as of one instant while the server keeps writing. Dates, JSON and big numbers come
 * back as the text the server holds, so a restore writes back exactly those bytes (the audit
 * chain's hashes cover them).
 */
class MysqlTableSnapshot implements TableSnapshot {
  private constructor(private readonly conn: CoreConnection) {}

  static async open(config: Config): Promise<MysqlTableSnapshot> {
    const db = config.database;
    const conn = mysqlCore.createConnection({
      ...mysqlTarget(db), user: db.user, password: db.password, database: db.name,
      charset: 'utf8mb4', connectTimeout: db.connectTimeoutMs,
      dateStrings: true, jsonStrings: true, supportBigNumbers: true, bigNumberStrings: true,
    });
    const snapshot = new MysqlTableSnapshot(conn);
    try {
      await snapshot.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await snapshot.query('START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT');
    } catch (err) {
      conn.destroy();
      throw err;
    }
    return snapshot;
  }

  private query(sql: string, values: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    return new Promise((resolve, reject) => this.conn.query(sql, values, (err, rows) => (err ? reject(err) : resolve(rows as Array<Record<string, unknown>>))));
  }

  select(sql: string): Promise<Array<Record<string, unknown>>> {
    return this.query(sql);
  }

  async tables(): Promise<TableInfo[]> {
    const cols = await this.query(
      "SELECT c.TABLE_NAME AS t, c.COLUMN_NAME AS c FROM information_schema.COLUMNS c JOIN information_schema.TABLES tb ON tb.TABLE_SCHEMA = c.TABLE_SCHEMA AND tb.TABLE_NAME = c.TABLE_NAME " +
      "WHERE c.TABLE_SCHEMA = DATABASE() AND tb.TABLE_TYPE = 'BASE TABLE' AND c.EXTRA NOT LIKE '%GENERATED%' ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION");
    return groupColumns(cols.map((r) => [String(r.t), String(r.c)]));
  }

  async *rows(table: TableInfo): AsyncGenerator<BackupCell[][]> {
    const sql = `SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)}`;
    const stream = this.conn.query({ sql, rowsAsArray: true }).stream({ highWaterMark: ROWS_PER_BATCH });
    let batch: BackupCell[][] = [];
    for await (const row of stream as AsyncIterable<unknown[]>) {
      batch.push(row.map(encodeCell));
      if (batch.length === ROWS_PER_BATCH) { yield batch; batch = []; }
    }
    if (batch.length) yield batch;
  }

  async close(): Promise<void> {
    await this.query('COMMIT').catch(() => undefined);
    await new Promise<void>((resolve) => this.conn.end(() => resolve()));
  }
}

/** SQLite: a deferred read transaction (WAL gives it a snapshot while writers go on), paged by rowid. */
class SqliteTableSnapshot implements TableSnapshot {
  private constructor(private readonly db: Database, private readonly tx: Transaction) {}

  static async open(db: Database): Promise<SqliteTableSnapshot> {
    return new SqliteTableSnapshot(db, await db.sequelize.transaction({ type: Transaction.TYPES.DEFERRED }));
  }

  private query(sql: string, replacements: unknown[] = []): Promise<Array<Record<string, unknown>>> {
    return this.db.sequelize.query<Record<string, unknown>>(sql, { transaction: this.tx, replacements, type: QueryTypes.SELECT });
  }

  select(sql: string): Promise<Array<Record<string, unknown>>> {
    return this.query(sql);
  }

  async tables(): Promise<TableInfo[]> {
    const names = await this.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    const pairs: Array<[string, string]> = [];
    for (const { name } of names) {
      for (const col of await this.query(`PRAGMA table_info(${quote(String(name))})`)) pairs.push([String(name), String(col.name)]);
    }
    return groupColumns(pairs);
  }

  async *rows(table: TableInfo): AsyncGenerator<BackupCell[][]> {
    const sql = `SELECT rowid AS __rowid, ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)} WHERE rowid > ? ORDER BY rowid LIMIT ${ROWS_PER_BATCH}`;
    for (let after = -Infinity; ;) {
      const rows = await this.query(sql, [Number.isFinite(after) ? after : -9007199254740991]);
      if (rows.length === 0) return;
      yield rows.map((r) => table.columns.map((c) => encodeCell(r[c])));
      after = Number(rows[rows.length - 1].__rowid);
      if (rows.length < ROWS_PER_BATCH) return;
    }
  }

  async close(): Promise<void> {
    await this.tx.rollback().catch(() => undefined);
  }
}

function groupColumns(pairs: Array<[string, string]>): TableInfo[] {
  const byTable = new Map<string, string[]>();
  for (const [t, c] of pairs) {
    if (t === MIGRATIONS_TABLE) continue;
    const cols = byTable.get(t);
    if (cols) cols.push(c); else byTable.set(t, [c]);
  }
  return [...byTable].map(([name, columns]) => ({ name, columns }));
}

export async function openTableSnapshot(config: Config, db: Database): Promise<TableSnapshot> {
  return db.dialect === 'mysql' ? MysqlTableSnapshot.open(config) : SqliteTableSnapshot.open(db);
}

/** Whether the database holds any table at all (restore goes only into an empty one). */
export async function databaseIsEmpty(db: Database): Promise<boolean> {
  const sql = db.dialect === 'mysql'
    ? "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'"
    : "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
  const [row] = await db.sequelize.query<{ n: number | string }>(sql, { type: QueryTypes.SELECT });
  return Number(row.n) === 0;
}

export { quote as quoteIdentifier };
