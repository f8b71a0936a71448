import type { Transaction } from 'sequelize';
import type { Database } from '../database/database';
import { GENESIS_HASH, HASH_VERSION, HASHED_COLUMNS, type PendingEntry } from './audit-entry';
import type { EntryHasher } from './entry-hash';
import { isoToDb, nowIsoMicros } from './audit-time';
import type { AppendedRun } from './appended-runs';

export interface ChainHead {
  chainId: string;
  lastSeq: number;
  lastHash: string;
}

/** A chain's new head after an append, with the run of entries that moved it there (for the checkpoint writer, once committed). */
export interface AppendedHead extends ChainHead {
  run: AppendedRun;
}

/**
 * An entry with everything that does not depend on its place in the chain already serialized
 * (at record() time, before any lock): under the head lock only seq, previous hash and hash are
 * filled in. `json*` are the element texts of canonicalEntry()'s JSON array (JSON.stringify of an
 * array is its elements' texts joined by commas, so the concatenation below is byte-identical);
 * `sql*` are the same values as escaped SQL literals.
 */
export interface PreparedEntry {
  chainId: string;
  jsonChain: string;
  /** timestamp … event_data (HASHED_COLUMNS[2..16]) as JSON elements. */
  jsonMiddle: string;
  sqlChain: string;
  sqlMiddle: string;
}

const MIDDLE = HASHED_COLUMNS.slice(2, 17);
if (MIDDLE[0] !== 'timestamp' || MIDDLE[MIDDLE.length - 1] !== 'event_data' || HASHED_COLUMNS[17] !== 'previous_hash') {
  throw new Error('PreparedEntry is out of step with HASHED_COLUMNS');
}
const HEX64 = /^[0-9a-f]{64}$/;
// Nothing here needs escaping inside a single-quoted literal, in MySQL or SQLite: no quote, no
// backslash, none of the control characters MySQL's escaping rewrites. A double quote is plain
// text inside single quotes (also under ANSI_QUOTES), so JSON event data usually qualifies.
// eslint-disable-next-line no-control-regex
const PLAIN_TEXT = /^[^\0\x08\t\n\r\x1a'\\]*$/;
/** Rows per INSERT statement: keeps statements well under max_allowed_packet for big batches. */
const ROWS_PER_INSERT = 500;
const COLUMN_LIST = [...HASHED_COLUMNS, 'current_hash'].map((c) => `\`${c}\``).join(', ');


/**
 * Appends a transaction's queued entries to their chains. Per chain, in ascending chain id order
 * (two transactions touching the same chains lock them in the same order, so they cannot
 * deadlock on each other): lock the head row, number the entries from it, hash, bulk-insert,
 * move the head. The head lock is held until the caller's transaction ends, which is what keeps
 * every process from forking the chain; everything that can be done before taking it is.
 */
export class ChainAppender {
  /** Chains whose head row is known to exist (heads are never deleted); the others take the create path once. */
  private readonly knownHeads = new Set<string>();

  constructor(private readonly db: Database, private readonly hasher: EntryHasher) {}

  /** Serializes what does not depend on the chain position (called by record(), outside any lock). */
  prepare(entry: PendingEntry): PreparedEntry {
    const middle: Array<string | null> = [];
    // Every middle column is text or null; all of it tested with one regex call, not one per value.
    let text = entry.chain_id;
    for (const c of MIDDLE) {
      const v = entry[c as keyof PendingEntry];
      middle.push(v);
      if (v !== null) text += v;
    }
    let sqlMiddle: string;
    const plain = PLAIN_TEXT.test(text);
    if (plain) {
      const parts = [`'${isoToDb(entry.timestamp, this.db.dialect)}'`];
      for (let i = 1; i < middle.length; i++) parts.push(middle[i] === null ? 'NULL' : `'${middle[i]}'`);
      // join() yields one flat string now, outside the lock; `+=` would leave a rope for the INSERT to flatten under it.
      sqlMiddle = parts.join(',');
    } else {
      sqlMiddle = middle.map((v, i) => this.literal(i === 0 ? isoToDb(entry.timestamp, this.db.dialect) : v)).join(',');
    }
    return {
      chainId: entry.chain_id,
      jsonChain: JSON.stringify(entry.chain_id),
      // One native call: an array's JSON is its elements' JSON joined by commas.
      jsonMiddle: JSON.stringify(middle).slice(1, -1),
      sqlChain: plain ? `'${entry.chain_id}'` : this.literal(entry.chain_id),
      sqlMiddle,
    };
  }

  /**
   * A value as an SQL literal. Text with nothing a quoted literal must escape (quotes, backslash,
   * control characters) is quoted as it is, which covers ids, types, addresses and timestamps;
   * anything else goes through Sequelize's escaping for the dialect.
   */
  private literal(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number') return String(value);
    const text = String(value);
    return PLAIN_TEXT.test(text) ? `'${text}'` : this.db.sequelize.escape(text);
  }

  async append(tx: Transaction, prepared: readonly PreparedEntry[]): Promise<AppendedHead[]> {
    const byChain = new Map<string, PreparedEntry[]>();
    for (const entry of prepared) {
      const list = byChain.get(entry.chainId);
      if (list) list.push(entry); else byChain.set(entry.chainId, [entry]);
    }
    const heads: AppendedHead[] = [];
    for (const chainId of [...byChain.keys()].sort()) {
      heads.push(await this.appendToChain(tx, chainId, byChain.get(chainId)!));
    }
    return heads;
  }

  private async appendToChain(tx: Transaction, chainId: string, entries: PreparedEntry[]): Promise<AppendedHead> {
    const head = await this.lockHead(tx, chainId, true);
    if (!head) throw new Error(`audit chain head ${chainId} could not be created`);
    // The head's hash goes into SQL text below: anything but hex means the table was tampered with.
    if (!HEX64.test(head.lastHash)) throw new Error(`audit chain head ${chainId} is corrupt; run logbook audit verify`);
    const sqlite = this.db.dialect === 'sqlite';
    const keyId = this.hasher.keyId;
    const tail = `${HASH_VERSION},"${keyId}"]`;
    let nextId = sqlite ? await this.nextSqliteId(tx) : 0;
    let seq = head.lastSeq;
    let previous = head.lastHash;
    const run: AppendedRun = { chainId, firstSeq: seq + 1, previousHash: previous, hashes: [], canonicals: [] };
    const statements: string[] = [];
    let rows: string[] = [];
    for (const e of entries) {
      seq++;
      const canonical = `[${e.jsonChain},${seq},${e.jsonMiddle},"${previous}",${tail}`;
      const hash = this.hasher.hashCanonical(canonical);
      run.hashes.push(hash);
      run.canonicals.push(canonical);
      // No spaces: every byte of a batch goes over the socket under the lock.
      rows.push(`(${sqlite ? `${nextId++},` : ''}${e.sqlChain},${seq},${e.sqlMiddle},'${previous}',${HASH_VERSION},'${keyId}','${hash}')`);
      previous = hash;
      if (rows.length === ROWS_PER_INSERT) { statements.push(this.insertSql(rows)); rows = []; }
    }
    if (rows.length > 0) statements.push(this.insertSql(rows));
    const now = isoToDb(nowIsoMicros(), this.db.dialect);
    // Queued back to back on the connection (the driver runs them in order): no event-loop turn
    // between them while the lock is held. If an INSERT fails the head moves too, but the error
    // fails the transaction, so both roll back.
    await Promise.all([
      ...statements.map((sql) => this.db.plain.write(sql, [], tx)),
      this.db.plain.write('UPDATE `audit_chain_heads` SET `last_seq` = ?, `last_hash` = ?, `updated_at` = ? WHERE `chain_id` = ?', [seq, previous, now, chainId], tx),
    ]);
    return { chainId, lastSeq: seq, lastHash: previous, run };
  }

  private insertSql(rows: string[]): string {
    return `INSERT INTO \`audit_logs\` (${this.db.dialect === 'sqlite' ? '`id`, ' : ''}${COLUMN_LIST}) VALUES ${rows.join(',')}`;
  }

  /** MySQL numbers entries with AUTO_INCREMENT; on SQLite we do (see the migration), under its single write lock. */
  private async nextSqliteId(tx: Transaction): Promise<number> {
    const [row] = await this.db.plain.select<{ m: number | null }>('SELECT MAX(`id`) AS `m` FROM `audit_logs`', [], tx);
    return Number(row?.m ?? 0) + 1;
  }

  /**
   * Locks a chain's head row for the rest of `tx` and returns it; with `create`, makes the row first
   * when the chain is new. MySQL/MariaDB: `SELECT … FOR UPDATE` (a locking read sees the newest
   * committed head even under REPEATABLE READ). A new chain is created with INSERT … ON DUPLICATE
   * KEY UPDATE, which takes the row's exclusive lock at once: two creators queue on it instead of
   * each holding a shared lock and deadlocking on the upgrade, as INSERT IGNORE + FOR UPDATE would.
   * SQLite: the transaction is IMMEDIATE (Database.transaction), so it already holds the only write lock.
   */
  async lockHead(tx: Transaction, chainId: string, create: boolean): Promise<ChainHead | null> {
    const mysql = this.db.dialect === 'mysql';
    const isNew = create && !this.knownHeads.has(chainId);
    if (isNew) {
      const insert = mysql
        ? 'INSERT INTO `audit_chain_heads` (`chain_id`, `last_seq`, `last_hash`, `updated_at`) VALUES (?, 0, ?, ?) ON DUPLICATE KEY UPDATE `chain_id` = `chain_id`'
        : 'INSERT OR IGNORE INTO `audit_chain_heads` (`chain_id`, `last_seq`, `last_hash`, `updated_at`) VALUES (?, 0, ?, ?)';
      await this.db.plain.write(insert, [chainId, GENESIS_HASH, isoToDb(nowIsoMicros(), this.db.dialect)], tx);
    }
    const rows = await this.db.plain.select<{ last_seq: number | string; last_hash: string }>(`SELECT \`last_seq\`, \`last_hash\` FROM \`audit_chain_heads\` WHERE \`chain_id\` = ?${mysql ? ' FOR UPDATE' : ''}`, [chainId], tx);
    if (rows.length === 0) {
      if (!create) return null;
      // The head vanished behind our back (restored backup?): forget it and take the create path.
      if (this.knownHeads.delete(chainId)) return this.lockHead(tx, chainId, true);
      return null;
    }
    // Only once the create path's transaction commits is the row sure to exist for everyone.
    if (isNew) tx.afterCommit(() => { this.knownHeads.add(chainId); });
    return { chainId, lastSeq: Number(rows[0].last_seq), lastHash: String(rows[0].last_hash) };
  }
}
