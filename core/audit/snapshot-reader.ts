import mysqlCore, { type Connection as CoreConnection } from 'mysql2';
import type { Connection as PromiseConnection } from 'mysql2/promise';
import { mysqlTarget } from '../database/mysql-target';
import { QueryTypes, Transaction } from 'sequelize';
import type { Config } from '../config';
import type { Database } from '../database/database';
import { ENTRY_COLUMNS, type AuditEntry } from './audit-entry';
import { arrayToEntry, entrySelectList, rowToEntry } from './entry-rows';
import { rowToCheckpoint } from './checkpoint-store';
import type { SignedCheckpoint } from './checkpoint-signer';
import type { ChainHead } from './chain-appender';

export interface ChainBounds {
  minSeq: number;
  maxSeq: number;
}

/**
 * A consistent, read-only view of the audit tables for the verifier: every read sees the same
 * instant, so appends running meanwhile can neither look like truncation (head ahead of rows) nor
 * move the end under our feet. Entries are read in keyset pages (constant memory).
 */
export interface SnapshotReader {
  /** False when the server may hand back JSON reformatted (MySQL's JSON type; MariaDB and SQLite keep the text). */
  readonly verbatimEventData: boolean;
  heads(): Promise<Map<string, ChainHead>>;
  bounds(): Promise<Map<string, ChainBounds>>;
  checkpointChains(): Promise<string[]>;
  /** A chain's checkpoints in last_seq order, `pageSize` at a time. */
  checkpointPages(chainId: string, pageSize: number): AsyncGenerator<SignedCheckpoint[]>;
  entryAt(chainId: string, seq: number): Promise<AuditEntry | null>;
  /** Entries with fromSeq <= seq <= toSeq in seq order, `pageSize` at a time; the next page is requested while the caller works on this one. */
  pages(chainId: string, fromSeq: number, toSeq: number, pageSize: number): AsyncGenerator<AuditEntry[]>;
  close(): Promise<void>;
}

type Row = Record<string, unknown>;

/** Entries handed to the verifier at a time, and rows per streamed keyset page (MySQL). */
const STREAM_CHUNK = 256;
const STREAM_PAGE = 20_000;
/** Rows the driver may buffer ahead of the verifier: room for the server to keep sending while a chunk is checked. */
const STREAM_BUFFER = 8192;

/** Shared SQL; `query` runs it inside the snapshot. */
abstract class BaseReader implements SnapshotReader {
  abstract readonly verbatimEventData: boolean;
  protected abstract query(sql: string, params: unknown[]): Promise<Row[]>;
  protected abstract readonly entryColumns: string;
  protected abstract readonly checkpointColumns: string;
  abstract close(): Promise<void>;

  async heads(): Promise<Map<string, ChainHead>> {
    const rows = await this.query('SELECT `chain_id`, `last_seq`, `last_hash` FROM `audit_chain_heads`', []);
    return new Map(rows.map((r) => [String(r.chain_id), { chainId: String(r.chain_id), lastSeq: Number(r.last_seq), lastHash: String(r.last_hash) }]));
  }

  async bounds(): Promise<Map<string, ChainBounds>> {
    const rows = await this.query('SELECT `chain_id`, MIN(`seq`) AS `min_seq`, MAX(`seq`) AS `max_seq` FROM `audit_logs` GROUP BY `chain_id`', []);
    return new Map(rows.map((r) => [String(r.chain_id), { minSeq: Number(r.min_seq), maxSeq: Number(r.max_seq) }]));
  }

  async checkpointChains(): Promise<string[]> {
    return (await this.query('SELECT DISTINCT `chain_id` FROM `audit_checkpoints`', [])).map((r) => String(r.chain_id));
  }

  async *checkpointPages(chainId: string, pageSize: number): AsyncGenerator<SignedCheckpoint[]> {
    const sql = `SELECT ${this.checkpointColumns} FROM \`audit_checkpoints\` WHERE \`chain_id\` = ? AND \`last_seq\` > ? ORDER BY \`last_seq\` LIMIT ${Math.floor(pageSize)}`;
    for (let after = 0; ;) {
      const page = (await this.query(sql, [chainId, after])).map(rowToCheckpoint);
      if (page.length === 0) return;
      yield page;
      if (page.length < pageSize) return;
      after = page[page.length - 1].last_seq;
    }
  }

  async entryAt(chainId: string, seq: number): Promise<AuditEntry | null> {
    const rows = await this.query(`SELECT ${this.entryColumns} FROM \`audit_logs\` WHERE \`chain_id\` = ? AND \`seq\` = ?`, [chainId, seq]);
    return rows.length ? rowToEntry(rows[0]) : null;
  }

  /** Entries selected for paging; MySQL reads them as arrays (see arrayToEntry), SQLite as objects. */
  protected async entryPage(sql: string, params: unknown[]): Promise<AuditEntry[]> {
    return (await this.query(sql, params)).map(rowToEntry);
  }

  async *pages(chainId: string, fromSeq: number, toSeq: number, pageSize: number): AsyncGenerator<AuditEntry[]> {
    const sql = `SELECT ${this.entryColumns} FROM \`audit_logs\` WHERE \`chain_id\` = ? AND \`seq\` >= ? AND \`seq\` <= ? ORDER BY \`seq\` LIMIT ${Math.floor(pageSize)}`;
    let next: Promise<AuditEntry[]> | null = this.entryPage(sql, [chainId, fromSeq, toSeq]);
    while (next) {
      const entries: AuditEntry[] = await next;
      next = null;
      if (entries.length === 0) return;
      const lastSeq = entries[entries.length - 1].seq;
      // Keyset paging on (chain_id, seq); the next page is already on its way while this one is checked.
      if (entries.length === pageSize && lastSeq < toSeq) next = this.entryPage(sql, [chainId, lastSeq + 1, toSeq]);
      yield entries;
    }
  }
}

/** MySQL/MariaDB: a dedicated mysql2 connection (no ORM per-row overhead) in a consistent-snapshot, read-only transaction. */
class MysqlSnapshotReader extends BaseReader {
  protected readonly entryColumns = ENTRY_COLUMNS.map((c) => `\`${c}\``).join(', ');
  protected readonly checkpointColumns = '`chain_id`, `last_seq`, `count`, `head_hash`, `merkle_root`, `content_digest`, `created_at`, `key_id`, `signature`';

  constructor(private readonly core: CoreConnection, private readonly conn: PromiseConnection, readonly verbatimEventData: boolean) { super(); }

  static async open(config: Config): Promise<MysqlSnapshotReader> {
    const db = config.database;
    const core = mysqlCore.createConnection({
      ...mysqlTarget(db), user: db.user, password: db.password, database: db.name,
      charset: 'utf8mb4', connectTimeout: db.connectTimeoutMs,
      // DATETIME(6) and JSON as text: the microseconds and bytes that were hashed; BIGINT as number while it fits.
      dateStrings: true, jsonStrings: true, supportBigNumbers: true, bigNumberStrings: false,
    });
    const conn = core.promise();
    try {
      const [version] = await conn.query('SELECT VERSION() AS `v`');
      const mariadb = /mariadb/i.test(String((version as Array<{ v: string }>)[0]?.v));
      await conn.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await conn.query('START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT');
      return new MysqlSnapshotReader(core, conn, mariadb);
    } catch (err) {
      await conn.end().catch(() => undefined);
      throw err;
    }
  }

  protected async query(sql: string, params: unknown[]): Promise<Row[]> {
    const [rows] = await this.conn.query(sql, params);
    return rows as Row[];
  }

  /**
   * Streams each keyset page: rows are checked as they arrive, in chunks, while the server is
   * still sending the rest, instead of waiting for a whole page and then leaving the server idle
   * while it is checked. The stream's backpressure keeps memory at a few chunks.
   */
  override async *pages(chainId: string, fromSeq: number, toSeq: number, pageSize: number): AsyncGenerator<AuditEntry[]> {
    const size = Math.max(pageSize, STREAM_PAGE);
    const sql = `SELECT ${this.entryColumns} FROM \`audit_logs\` WHERE \`chain_id\` = ? AND \`seq\` >= ? AND \`seq\` <= ? ORDER BY \`seq\` LIMIT ${size}`;
    for (let start = fromSeq; start <= toSeq;) {
      const rows = this.core.query({ sql, values: [chainId, start, toSeq], rowsAsArray: true }).stream({ highWaterMark: STREAM_BUFFER });
      let count = 0;
      let lastSeq = start;
      let chunk: AuditEntry[] = [];
      for await (const row of rows as AsyncIterable<unknown[]>) {
        const entry = arrayToEntry(row);
        chunk.push(entry);
        lastSeq = entry.seq;
        count++;
        if (chunk.length === STREAM_CHUNK) { yield chunk; chunk = []; }
      }
      if (chunk.length > 0) yield chunk;
      if (count < size) return;
      start = lastSeq + 1;
    }
  }

  /** Ends the read-only snapshot; a connection left mid-stream (an error while reading) is dropped instead of waited for. */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const ended = (async () => {
      await this.conn.query('COMMIT');
      await this.conn.end();
      return true;
    })().catch(() => false);
    const done = await Promise.race([ended, new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), 2000); })]);
    clearTimeout(timer);
    if (!done) this.core.destroy();
  }
}

/** SQLite: a deferred read transaction through Sequelize (WAL gives it a snapshot without blocking writers). */
class SequelizeSnapshotReader extends BaseReader {
  readonly verbatimEventData = true;
  protected readonly entryColumns: string;
  protected readonly checkpointColumns = '`chain_id`, `last_seq`, `count`, `head_hash`, `merkle_root`, `content_digest`, CAST(`created_at` AS TEXT) AS `created_at`, `key_id`, `signature`';

  constructor(private readonly db: Database, private readonly tx: Transaction) {
    super();
    this.entryColumns = entrySelectList(db.dialect);
  }

  static async open(db: Database): Promise<SequelizeSnapshotReader> {
    const tx = await db.sequelize.transaction({ type: Transaction.TYPES.DEFERRED });
    return new SequelizeSnapshotReader(db, tx);
  }

  protected query(sql: string, params: unknown[]): Promise<Row[]> {
    return this.db.sequelize.query<Row>(sql, { transaction: this.tx, replacements: params, type: QueryTypes.SELECT });
  }

  async close(): Promise<void> {
    await this.tx.rollback().catch(() => undefined);
  }
}

export async function openSnapshotReader(config: Config, db: Database): Promise<SnapshotReader> {
  return db.dialect === 'mysql' ? MysqlSnapshotReader.open(config) : SequelizeSnapshotReader.open(db);
}
