import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '../database/database';
import type { Logger } from '../logging/logger';
import type { AuditRecorder } from '../audit/audit.types';
import type { FieldCipher } from './field-cipher';
import { HEAD_LENGTH, kidOfHead, storedPrefix } from './ciphertext-format';
import type { EncryptedModelSpec } from './encrypted-model-registry';
import { quoter, selectEncryptedModels } from './encrypted-tables';
import { DecryptionError, EncryptionUsageError, type DecryptionFailure } from './encryption.errors';

export const DEFAULT_ROTATION_BATCH = 500;
export const MAX_ROTATION_BATCH = 10_000;
/** Failures kept in the summary; the count goes on. */
const MAX_LISTED_FAILURES = 100;

export interface RotationOptions {
  /** Rows per transaction (default 500). */
  batchSize?: number;
  /** Count what would be re-encrypted, change nothing. */
  dryRun?: boolean;
  /** Only these tables (default: every table with encrypted columns). */
  tables?: readonly string[];
  /** Checked between batches: an aborted rotation stops after the batch in progress, committed. */
  signal?: AbortSignal;
  /** Called once per table before its first batch and after every batch. */
  onProgress?: (progress: RotationProgress) => void;
}

export interface RotationProgress {
  table: string;
  /** Rows of this table handled so far (re-encrypted or failed). */
  done: number;
  /** Rows of this table that needed re-encryption when it started. */
  total: number;
}

/** A value that could not be re-encrypted; it stays as it was, and reading its row still fails. */
export interface RotationFailure {
  table: string;
  column: string;
  rowId: string;
  reason: DecryptionFailure;
}

export interface TableRotation {
  table: string;
  /** Rows with at least one value not on the current key, when the table started. */
  pendingRows: number;
  rotatedRows: number;
  /** Values re-encrypted per column (dry run: values that would be). */
  columns: Record<string, number>;
}

export interface RotationSummary {
  dryRun: boolean;
  /** True when the signal stopped the run; running again continues where it stopped. */
  interrupted: boolean;
  toKid: string;
  /** Key ids the re-encrypted values were written with (dry run: would be re-encrypted from). */
  fromKids: string[];
  tables: TableRotation[];
  /** Rows re-encrypted (dry run: rows that would be). */
  rows: number;
  values: number;
  failureCount: number;
  failures: RotationFailure[];
  /** False when the audit entry could not be written (the re-encryption itself is committed). */
  audited: boolean;
}

type Row = Record<string, unknown>;

/**
 * Re-encrypts, under the current key, every encrypted value written with another key, table by
 * table in batches, each batch its own transaction with its rows locked (FOR UPDATE on MySQL; an
 * immediate transaction on SQLite). Rows already on the current key are never selected, so a run
 * that stopped half-way simply continues when started again. Readers are not disturbed: the old
 * key stays in the ring, so a row reads the same before and after its batch.
 */
export class KeyRotationService {
  constructor(
    private readonly db: Database,
    private readonly cipher: FieldCipher,
    private readonly logger: Logger,
    /** The audit recorder when one is bound (resolved late: core/audit may be bound after us). */
    private readonly audit: () => AuditRecorder | null = () => null,
  ) {}

  async rotate(options: RotationOptions = {}): Promise<RotationSummary> {
    const batchSize = options.batchSize ?? DEFAULT_ROTATION_BATCH;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_ROTATION_BATCH) {
      throw new EncryptionUsageError(`batch size must be an integer from 1 to ${MAX_ROTATION_BATCH}`);
    }
    const specs = selectEncryptedModels(this.db.sequelize, options.tables);
    const summary: RotationSummary = {
      dryRun: options.dryRun === true, interrupted: false, toKid: this.cipher.currentKid, fromKids: [],
      tables: [], rows: 0, values: 0, failureCount: 0, failures: [], audited: false,
    };
    const fromKids = new Set<string>();
    for (const spec of specs) {
      if (options.signal?.aborted) { summary.interrupted = true; break; }
      const table = options.dryRun ? await this.countTable(spec, fromKids) : await this.rotateTable(spec, batchSize, options, summary, fromKids);
      summary.tables.push(table);
      summary.rows += table.rotatedRows;
      summary.values += Object.values(table.columns).reduce((a, b) => a + b, 0);
      if (summary.interrupted) break;
    }
    summary.fromKids = [...fromKids].sort();
    if (!summary.dryRun) this.logger.info({ toKid: summary.toKid, fromKids: summary.fromKids, rows: summary.rows, values: summary.values, failures: summary.failureCount, interrupted: summary.interrupted }, 'key rotation finished');
    summary.audited = summary.dryRun || (summary.rows === 0 && summary.failureCount === 0) ? false : await this.recordAudit(summary);
    return summary;
  }

  /** `(col IS NOT NULL AND col NOT LIKE '$gcm2$<current>$%') OR ...`: a row with anything left to do. */
  private staleCondition(spec: EncryptedModelSpec): string {
    const q = quoter(this.db.sequelize);
    return spec.columns.map((c) => `(${q(c.field)} IS NOT NULL AND ${q(c.field)} NOT LIKE :currentPrefix)`).join(' OR ');
  }

  private replacements(): { currentPrefix: string } {
    return { currentPrefix: `${storedPrefix(this.cipher.currentKid)}%` };
  }

  private async countRows(spec: EncryptedModelSpec): Promise<number> {
    const q = quoter(this.db.sequelize);
    const [row] = await this.db.sequelize.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM ${q(spec.table)} WHERE ${this.staleCondition(spec)}`,
      { type: QueryTypes.SELECT, replacements: this.replacements() },
    );
    return Number(row?.n ?? 0);
  }

  private async countTable(spec: EncryptedModelSpec, fromKids: Set<string>): Promise<TableRotation> {
    const q = quoter(this.db.sequelize);
    const columns: Record<string, number> = {};
    for (const c of spec.columns) {
      const rows = await this.db.sequelize.query<{ head: string; n: number | string }>(
        `SELECT SUBSTR(${q(c.field)}, 1, ${HEAD_LENGTH}) AS head, COUNT(*) AS n FROM ${q(spec.table)}
          WHERE ${q(c.field)} IS NOT NULL AND ${q(c.field)} NOT LIKE :currentPrefix GROUP BY SUBSTR(${q(c.field)}, 1, ${HEAD_LENGTH})`,
        { type: QueryTypes.SELECT, replacements: this.replacements() },
      );
      columns[c.field] = rows.reduce((sum, r) => sum + Number(r.n), 0);
      for (const r of rows) fromKids.add(kidOfHead(r.head) ?? 'invalid');
    }
    const pendingRows = await this.countRows(spec);
    return { table: spec.table, pendingRows, rotatedRows: pendingRows, columns };
  }

  private async rotateTable(spec: EncryptedModelSpec, batchSize: number, options: RotationOptions, summary: RotationSummary, fromKids: Set<string>): Promise<TableRotation> {
    const total = await this.countRows(spec);
    const result: TableRotation = { table: spec.table, pendingRows: total, rotatedRows: 0, columns: Object.fromEntries(spec.columns.map((c) => [c.field, 0])) };
    let done = 0;
    let after: string | null = null;
    options.onProgress?.({ table: spec.table, done, total });
    if (total > 0) this.logger.info({ table: spec.table, rows: total, toKid: this.cipher.currentKid }, 'key rotation: table started');
    for (;;) {
      if (options.signal?.aborted) { summary.interrupted = true; break; }
      const batch = await this.db.transaction((tx) => this.rotateBatch(spec, batchSize, after, tx, result, summary, fromKids));
      if (batch.seen === 0) break;
      after = batch.lastId;
      done += batch.seen;
      options.onProgress?.({ table: spec.table, done, total: Math.max(total, done) });
      if (batch.seen < batchSize) break;
    }
    return result;
  }

  /** One batch: select (and lock) the next stale rows after `after`, re-encrypt, write back. */
  private async rotateBatch(
    spec: EncryptedModelSpec, batchSize: number, after: string | null, tx: Transaction,
    result: TableRotation, summary: RotationSummary, fromKids: Set<string>,
  ): Promise<{ seen: number; lastId: string | null }> {
    const sequelize = this.db.sequelize;
    const q = quoter(sequelize);
    const pk = q(spec.primaryKey.field);
    const selected = [spec.primaryKey.field, ...spec.columns.map((c) => c.field)].map(q).join(', ');
    // Keyset pagination: a row that cannot be re-encrypted stays stale, and must not be selected forever.
    const rows = await sequelize.query<Row>(
      `SELECT ${selected} FROM ${q(spec.table)} WHERE (${this.staleCondition(spec)})${after === null ? '' : ` AND ${pk} > :after`}
        ORDER BY ${pk} LIMIT ${batchSize}${this.db.dialect === 'mysql' ? ' FOR UPDATE' : ''}`,
      { type: QueryTypes.SELECT, replacements: { ...this.replacements(), after }, transaction: tx },
    );
    for (const row of rows) {
      const rowId = String(row[spec.primaryKey.field]);
      const updates = this.reencryptRow(spec, row, rowId, summary, fromKids);
      if (!updates) continue;
      const fields = Object.keys(updates);
      await sequelize.query(
        `UPDATE ${q(spec.table)} SET ${fields.map((f, i) => `${q(f)} = :v${i}`).join(', ')} WHERE ${pk} = :rowId`,
        { replacements: { ...Object.fromEntries(fields.map((f, i) => [`v${i}`, updates[f]])), rowId }, transaction: tx },
      );
      result.rotatedRows++;
      for (const c of spec.columns) if (c.field in updates) result.columns[c.field]++;
    }
    return { seen: rows.length, lastId: rows.length > 0 ? String(rows[rows.length - 1][spec.primaryKey.field]) : after };
  }

  /** New stored values (and blind indexes) for the row's stale columns, or null when one cannot be decrypted. */
  private reencryptRow(spec: EncryptedModelSpec, row: Row, rowId: string, summary: RotationSummary, fromKids: Set<string>): Record<string, string> | null {
    const updates: Record<string, string> = {};
    const kids: string[] = [];
    for (const column of spec.columns) {
      const stored = row[column.field];
      if (stored === null || stored === undefined || this.cipher.isCurrent(String(stored))) continue;
      const at = { table: spec.table, column: column.field, rowId };
      let plain: string;
      try {
        plain = this.cipher.decrypt(String(stored), at);
      } catch (err) {
        if (!(err instanceof DecryptionError)) throw err;
        // The whole row is left alone: half-rotated rows would be harder to reason about, and nothing is lost.
        summary.failureCount++;
        if (summary.failures.length < MAX_LISTED_FAILURES) summary.failures.push({ table: err.table, column: err.column, rowId: err.rowId, reason: err.reason });
        this.logger.warn({ table: err.table, column: err.column, rowId: err.rowId, reason: err.reason }, 'key rotation: value cannot be decrypted; row left unchanged');
        return null;
      }
      updates[column.field] = this.cipher.encrypt(plain, at);
      if (column.blindIndex) updates[column.blindIndex.field] = this.cipher.blindIndex(column.blindIndex.normalize(plain), at);
      kids.push(this.cipher.kidOf(String(stored))!);
    }
    for (const kid of kids) fromKids.add(kid);
    return Object.keys(updates).length > 0 ? updates : null;
  }

  private async recordAudit(summary: RotationSummary): Promise<boolean> {
    const recorder = this.audit();
    if (!recorder) return false;
    const columns = summary.tables.flatMap((t) => Object.entries(t.columns).filter(([, n]) => n > 0).map(([c]) => `${t.table}.${c}`));
    try {
      await recorder.recordStandalone({
        eventType: 'keys.rotated',
        eventCategory: 'security',
        severity: 'warning',
        outcome: summary.failureCount > 0 ? 'failure' : 'success',
        organizationId: null,
        eventData: { columns, rows: summary.rows, fromKids: summary.fromKids, toKid: summary.toKid, failures: summary.failureCount, interrupted: summary.interrupted },
      });
      return true;
    } catch (err) {
      this.logger.error({ reason: (err as Error).name }, 'key rotation: the audit entry could not be written');
      return false;
    }
  }
}
