import type { Model, ModelCtor } from 'sequelize-typescript';
import { describeEncryptedModel } from './encrypted-model-registry';
import { cipherFor } from './encryption-binding';
import { EncryptionUsageError } from './encryption.errors';

export interface DecryptRawRowsOptions {
  /**
   * How the rows are keyed: by attribute name (what `findAll({ raw: true })` returns, the default)
   * or by column name (what `sequelize.query('SELECT ...')` returns).
   */
  keys?: 'attribute' | 'field';
}

/**
 * Plain rows read with `raw: true` (or plain SQL) hold ciphertext in encrypted columns; this returns
 * copies with those columns decrypted. Each row must include the primary key. Throws
 * DecryptionError on a tampered value, like model reads do.
 */
export function decryptRawRows<T extends Record<string, unknown>>(model: ModelCtor<Model>, rows: readonly T[], options: DecryptRawRowsOptions = {}): T[] {
  const spec = describeEncryptedModel(model);
  const cipher = cipherFor(model.sequelize);
  const byField = options.keys === 'field';
  const pkKey = byField ? spec.primaryKey.field : spec.primaryKey.attribute;
  return rows.map((row) => {
    const copy: Record<string, unknown> = { ...row };
    for (const column of spec.columns) {
      const key = byField ? column.field : column.attribute;
      const value = copy[key];
      if (value === null || value === undefined) continue;
      const id = copy[pkKey];
      if (id === null || id === undefined) throw new EncryptionUsageError(`${spec.table}: rows must include the primary key "${pkKey}" to decrypt ${key}`);
      copy[key] = cipher.decrypt(String(value), { table: spec.table, column: column.field, rowId: String(id) });
    }
    return copy as T;
  });
}
