import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '../database/database';
import type { SignedCheckpoint } from './checkpoint-signer';
import { isoToDb, toIsoMicros } from './audit-time';

const COLUMNS = ['chain_id', 'last_seq', 'count', 'head_hash', 'merkle_root', 'content_digest', 'created_at', 'key_id', 'signature'] as const;

/** Reads and writes audit_checkpoints through Sequelize (created_at as text, for its microseconds). */
export class CheckpointStore {
  constructor(private readonly db: Database) {}

  private selectList(): string {
    const created = this.db.dialect === 'mysql' ? "DATE_FORMAT(`created_at`, '%Y-%m-%d %H:%i:%s.%f')" : 'CAST(`created_at` AS TEXT)';
    return COLUMNS.map((c) => (c === 'created_at' ? `${created} AS \`created_at\`` : `\`${c}\``)).join(', ');
  }

  async insert(tx: Transaction, checkpoints: readonly SignedCheckpoint[]): Promise<void> {
    if (checkpoints.length === 0) return;
    const values: unknown[] = [];
    for (const cp of checkpoints) {
      for (const c of COLUMNS) values.push(c === 'created_at' ? isoToDb(cp.created_at, this.db.dialect) : cp[c]);
    }
    const row = `(${COLUMNS.map(() => '?').join(', ')})`;
    await this.db.sequelize.query(
      `INSERT INTO \`audit_checkpoints\` (${COLUMNS.map((c) => `\`${c}\``).join(', ')}) VALUES ${checkpoints.map(() => row).join(', ')}`,
      { transaction: tx, replacements: values, type: QueryTypes.INSERT },
    );
  }

  /**
   * Stores checkpoints that continue the chain's newest one, `expectedLast` (0 for the first),
   * or returns false when another process stored a checkpoint meanwhile. The newest row is read
   * FOR UPDATE, so two writers queue here; two writers of a chain's first checkpoint may
   * deadlock on the gap instead, and the loser backs off the same way.
   */
  async insertAfter(chainId: string, expectedLast: number, checkpoints: readonly SignedCheckpoint[]): Promise<boolean> {
    try {
      return await this.db.transaction(async (tx) => {
        const [row] = await this.db.sequelize.query<{ last_seq: number | string }>(
          `SELECT \`last_seq\` FROM \`audit_checkpoints\` WHERE \`chain_id\` = ? ORDER BY \`last_seq\` DESC LIMIT 1${this.db.dialect === 'mysql' ? ' FOR UPDATE' : ''}`,
          { transaction: tx, replacements: [chainId], type: QueryTypes.SELECT },
        );
        if (Number(row?.last_seq ?? 0) !== expectedLast) return false;
        await this.insert(tx, checkpoints);
        return true;
      });
    } catch (err) {
      if (lostRace(err)) return false;
      throw err;
    }
  }

  async latest(chainId: string, tx?: Transaction): Promise<SignedCheckpoint | null> {
    const rows = await this.db.sequelize.query<Record<string, unknown>>(
      `SELECT ${this.selectList()} FROM \`audit_checkpoints\` WHERE \`chain_id\` = ? ORDER BY \`last_seq\` DESC LIMIT 1`,
      { transaction: tx, replacements: [chainId], type: QueryTypes.SELECT },
    );
    return rows.length ? rowToCheckpoint(rows[0]) : null;
  }

  /** Checkpoints of a chain ending in [fromSeq, toSeq], oldest first. */
  async list(chainId: string, fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER, tx?: Transaction): Promise<SignedCheckpoint[]> {
    const rows = await this.db.sequelize.query<Record<string, unknown>>(
      `SELECT ${this.selectList()} FROM \`audit_checkpoints\` WHERE \`chain_id\` = ? AND \`last_seq\` >= ? AND \`last_seq\` <= ? ORDER BY \`last_seq\``,
      { transaction: tx, replacements: [chainId, fromSeq, toSeq], type: QueryTypes.SELECT },
    );
    return rows.map(rowToCheckpoint);
  }

  /** Chains whose head is past their newest checkpoint. */
  async chainsBehind(): Promise<string[]> {
    const rows = await this.db.sequelize.query<{ chain_id: string }>(
      'SELECT h.`chain_id` FROM `audit_chain_heads` h '
      + 'LEFT JOIN (SELECT `chain_id`, MAX(`last_seq`) AS `m` FROM `audit_checkpoints` GROUP BY `chain_id`) c ON c.`chain_id` = h.`chain_id` '
      + 'WHERE h.`last_seq` > COALESCE(c.`m`, 0) ORDER BY h.`chain_id`',
      { type: QueryTypes.SELECT },
    );
    return rows.map((r) => r.chain_id);
  }
}

export function rowToCheckpoint(row: Record<string, unknown>): SignedCheckpoint {
  return {
    chain_id: String(row.chain_id),
    last_seq: Number(row.last_seq),
    count: Number(row.count),
    head_hash: String(row.head_hash),
    merkle_root: String(row.merkle_root),
    content_digest: String(row.content_digest),
    created_at: toIsoMicros(row.created_at as string),
    key_id: String(row.key_id),
    signature: String(row.signature),
  };
}

/** A deadlock or duplicate key while storing: another process stored the same checkpoint first. */
function lostRace(err: unknown): boolean {
  const e = err as { name?: string; original?: { code?: string }; parent?: { code?: string } };
  const code = e.original?.code ?? e.parent?.code;
  return e.name === 'SequelizeUniqueConstraintError' || code === 'ER_LOCK_DEADLOCK' || code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT';
}
