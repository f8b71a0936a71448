import { QueryTypes } from 'sequelize';
import type { Database } from '../database/database';
import type { FieldCipher } from './field-cipher';
import { FORMAT_VERSION, HEAD_LENGTH, kidOfHead } from './ciphertext-format';
import { quoter, selectEncryptedModels } from './encrypted-tables';

export type KeyRole = 'current' | 'legacy' | 'unknown';

export interface ColumnKeyStatus {
  model: string;
  table: string;
  column: string;
  /** Rows with a value (NULL is not counted). */
  total: number;
  byKid: Array<{ kid: string; role: KeyRole; count: number }>;
  /** Values not in the `$gcm2$<kid>$` form: plaintext or damage. Reading such a row fails. */
  invalid: number;
}

export interface KeyStatus {
  currentKid: string;
  legacyKids: string[];
  columns: ColumnKeyStatus[];
}

/** Per encrypted column, how many values each key id wrote: what is left for a rotation to do. */
export class KeyStatusService {
  constructor(private readonly db: Database, private readonly cipher: FieldCipher) {}

  async status(options: { tables?: readonly string[] } = {}): Promise<KeyStatus> {
    const sequelize = this.db.sequelize;
    const q = quoter(sequelize);
    const ring = this.cipher.keyRing;
    const role = (kid: string): KeyRole => (kid === ring.currentKid ? 'current' : ring.get(kid) ? 'legacy' : 'unknown');
    const columns: ColumnKeyStatus[] = [];
    for (const spec of selectEncryptedModels(sequelize, options.tables)) {
      for (const column of spec.columns) {
        const c = q(column.field);
        // Only the 15-character head ($gcm2$<kid>$) is grouped on, so no value leaves the database.
        const rows = await sequelize.query<{ head: string; n: number | string }>(
          `SELECT CASE WHEN ${c} LIKE :pattern THEN SUBSTR(${c}, 1, ${HEAD_LENGTH}) ELSE '' END AS head, COUNT(*) AS n
             FROM ${q(spec.table)} WHERE ${c} IS NOT NULL
            GROUP BY CASE WHEN ${c} LIKE :pattern THEN SUBSTR(${c}, 1, ${HEAD_LENGTH}) ELSE '' END`,
          { type: QueryTypes.SELECT, replacements: { pattern: `$${FORMAT_VERSION}$%` } },
        );
        const byKid = new Map<string, number>();
        let invalid = 0;
        let total = 0;
        for (const row of rows) {
          const n = Number(row.n);
          total += n;
          const kid = kidOfHead(row.head);
          if (kid) byKid.set(kid, (byKid.get(kid) ?? 0) + n);
          else invalid += n;
        }
        columns.push({
          model: spec.model.name, table: spec.table, column: column.field, total, invalid,
          byKid: [...byKid].map(([kid, count]) => ({ kid, role: role(kid), count })).sort((a, b) => b.count - a.count),
        });
      }
    }
    return { currentKid: ring.currentKid, legacyKids: ring.legacy.map((k) => k.kid), columns };
  }
}
