import { Model } from 'sequelize';
import type { ModelCtor, Model as TsModel } from 'sequelize-typescript';
import type { FieldCipher } from './field-cipher';
import { describeEncryptedModel, hasEncryptedAttributes, type EncryptedModelSpec } from './encrypted-model-registry';
import { EncryptionUsageError } from './encryption.errors';

/**
 * What the hooks do. Writes: before INSERT/UPDATE the plaintext in the instance is replaced by
 * ciphertext bound to (table, column, row id), and the blind index is refreshed; after the write
 * the plaintext is put back, so the instance the caller holds always reads plaintext. Reads: after
 * a find, every encrypted column of every instance (included ones too) is decrypted in place.
 */

// Sequelize keeps attribute values in `dataValues` and the last saved ones in `_previousDataValues`;
// both are runtime-public but untyped. Writing them directly (not through set()) keeps hooks from
// marking attributes as changed.
interface InstanceState {
  dataValues: Record<string, unknown>;
  _previousDataValues: Record<string, unknown>;
}

function state(instance: Model): InstanceState {
  return instance as unknown as InstanceState;
}

function specOf(instance: Model): EncryptedModelSpec {
  return describeEncryptedModel(instance.constructor as ModelCtor<TsModel>);
}

/** Plaintext we swapped out for ciphertext, per instance, until the write finished. */
const swapped = new WeakMap<Model, Map<string, { stored: string; plain: string }>>();
/** Instances whose encrypted columns already hold plaintext (decrypting twice would fail). */
const decrypted = new WeakSet<Model>();

function rowIdOf(instance: Model, spec: EncryptedModelSpec): string {
  const id = state(instance).dataValues[spec.primaryKey.attribute];
  if (id === null || id === undefined || id === '') {
    throw new EncryptionUsageError(`${spec.table}: the primary key must be known before encrypted columns are written (give it a UUID default)`);
  }
  return String(id);
}

/** beforeCreate / beforeUpdate, and each instance of a bulkCreate. */
export function encryptInstance(instance: Model, options: { fields?: string[] }, cipher: FieldCipher): void {
  const spec = specOf(instance);
  if (!instance.isNewRecord && instance.changed(spec.primaryKey.attribute as keyof Model)) {
    throw new EncryptionUsageError(`${spec.table}: the primary key of a row with encrypted columns cannot change (its values are bound to it)`);
  }
  const values = state(instance).dataValues;
  const fields = options.fields;
  let rowId: string | null = null;
  const mine = swapped.get(instance) ?? new Map<string, { stored: string; plain: string }>();
  for (const column of spec.columns) {
    if (fields && !fields.includes(column.attribute)) continue;
    let value = values[column.attribute];
    if (value === undefined) continue;
    // A save that failed after this hook left our ciphertext in the instance; a retry must not encrypt it again.
    const earlier = mine.get(column.attribute);
    if (earlier && value === earlier.stored) value = earlier.plain;
    let index: string | null = null;
    if (value === null) {
      mine.delete(column.attribute);
    } else {
      if (typeof value !== 'string') throw new EncryptionUsageError(`${spec.table}.${column.field}: only strings can be encrypted (serialize other values first)`);
      rowId ??= rowIdOf(instance, spec);
      const stored = cipher.encrypt(value, { table: spec.table, column: column.field, rowId });
      values[column.attribute] = stored;
      mine.set(column.attribute, { stored, plain: value });
      if (column.blindIndex) index = cipher.blindIndex(column.blindIndex.normalize(value), { table: spec.table, column: column.field });
    }
    if (column.blindIndex) {
      values[column.blindIndex.attribute] = index;
      // Sequelize writes only `fields`; the index changes whenever its value does.
      if (fields && !fields.includes(column.blindIndex.attribute)) fields.push(column.blindIndex.attribute);
    }
  }
  swapped.set(instance, mine);
}

/** afterCreate / afterUpdate / afterBulkCreate: the instance reads plaintext again. */
export function restorePlaintext(instance: Model): void {
  const mine = swapped.get(instance);
  if (!mine) return;
  const s = state(instance);
  for (const [attribute, { stored, plain }] of mine) {
    if (s.dataValues[attribute] !== stored) continue;
    s.dataValues[attribute] = plain;
    s._previousDataValues[attribute] = plain;
  }
  swapped.delete(instance);
  decrypted.add(instance);
}

function decryptInstance(instance: Model, spec: EncryptedModelSpec, cipher: FieldCipher): void {
  const s = state(instance);
  let rowId: string | null = null;
  for (const column of spec.columns) {
    if (!(column.attribute in s.dataValues)) continue;
    const value = s.dataValues[column.attribute];
    if (value === null || value === undefined) continue;
    if (rowId === null) {
      if (!(spec.primaryKey.attribute in s.dataValues)) {
        throw new EncryptionUsageError(`${spec.table}: select the primary key "${spec.primaryKey.attribute}" along with encrypted columns (it is needed to decrypt them)`);
      }
      rowId = rowIdOf(instance, spec);
    }
    const plain = cipher.decrypt(value as string, { table: spec.table, column: column.field, rowId });
    s.dataValues[column.attribute] = plain;
    s._previousDataValues[column.attribute] = plain;
  }
}

function walk(node: unknown, cipher: () => FieldCipher): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, cipher);
    return;
  }
  if (!(node instanceof Model)) return;
  if (!decrypted.has(node)) {
    if (hasEncryptedAttributes(node.constructor)) decryptInstance(node, specOf(node), cipher());
    decrypted.add(node);
  }
  // Included associations sit in dataValues as instances or arrays of instances.
  for (const value of Object.values(state(node).dataValues)) {
    if (value instanceof Model || (Array.isArray(value) && value[0] instanceof Model)) walk(value, cipher);
  }
}

/** The find options the afterFind hook looks at. */
export interface FindOptionsSeen {
  raw?: boolean;
}

/**
 * afterFind: decrypts the result tree in place. `raw: true` results are plain rows and stay as
 * stored (ciphertext); decryptRawRows() turns them into plaintext on request.
 */
export function decryptFindResult(result: unknown, options: FindOptionsSeen | undefined, cipher: () => FieldCipher): void {
  if (options?.raw || result === null || result === undefined) return;
  walk(result, cipher);
}

/** beforeBulkUpdate: a static Model.update() writes one value to many rows, but each row needs its own ciphertext. */
export function rejectBulkUpdate(model: ModelCtor<TsModel>, attributes: Record<string, unknown> | undefined): void {
  if (!attributes) return;
  const spec = describeEncryptedModel(model);
  const touched = Object.keys(attributes).filter((a) => spec.columns.some((c) => c.attribute === a) || spec.indexAttributes.has(a));
  if (touched.length > 0) {
    throw new EncryptionUsageError(`${spec.table}: Model.update() cannot write encrypted columns (${touched.join(', ')}); load the rows and call instance.update() or save()`);
  }
}

/** beforeUpsert: Sequelize builds the INSERT before this hook runs, so the hook could not encrypt it. */
export function rejectUpsert(model: ModelCtor<TsModel>, values: Record<string, unknown> | undefined): void {
  const spec = describeEncryptedModel(model);
  const touched = Object.keys(values ?? {}).filter((a) => spec.columns.some((c) => c.attribute === a) || spec.indexAttributes.has(a));
  if (touched.length > 0) {
    throw new EncryptionUsageError(`${spec.table}: upsert() cannot write encrypted columns (${touched.join(', ')}); use findOrCreate() or findByPk() then save()`);
  }
}
