import { Op, type WhereOptions } from 'sequelize';
import type { Model, ModelCtor } from 'sequelize-typescript';
import { describeEncryptedModel } from './encrypted-model-registry';
import { cipherFor } from './encryption-binding';
import { EncryptionUsageError } from './encryption.errors';

/** The blind index values `value` has in `attribute`'s index column, current key first. */
export function blindIndexValues(model: ModelCtor<Model>, attribute: string, value: string): string[] {
  const spec = describeEncryptedModel(model);
  const column = spec.columns.find((c) => c.attribute === attribute);
  if (!column?.blindIndex) throw new EncryptionUsageError(`${spec.table}.${attribute} has no blind index (declare @Encrypted({ blindIndex: '...' }))`);
  return cipherFor(model.sequelize).blindIndexCandidates(column.blindIndex.normalize(value), { table: spec.table, column: column.field });
}

/**
 * A where clause that finds rows whose encrypted `attribute` equals `value` (after normalizing),
 * through its blind index column. While a key rotation is under way, rows may still carry the index
 * of a legacy key, so every key of the ring is tried:
 *
 *     const user = await Member.findOne({ where: { organizationId, ...blindIndexWhere(Member, 'email', email) } });
 */
export function blindIndexWhere(model: ModelCtor<Model>, attribute: string, value: string): WhereOptions {
  const values = blindIndexValues(model, attribute, value);
  // blindIndexValues() has checked that the attribute exists and has a blind index.
  const indexAttribute = describeEncryptedModel(model).columns.find((c) => c.attribute === attribute)!.blindIndex!.attribute;
  return { [indexAttribute]: values.length === 1 ? values[0] : { [Op.in]: values } };
}
