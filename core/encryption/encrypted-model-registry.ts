import type { Model, ModelCtor, Sequelize } from 'sequelize-typescript';
import { normalizeCaseInsensitive, type Normalizer } from './blind-index';
import { EncryptionConfigError } from './encryption.errors';

/** What `@Encrypted()` records about one attribute. */
export interface EncryptedAttributeOptions {
  /**
   * The attribute (another `@Column`, e.g. CHAR(64)) that holds this value's blind index, for
   * fields that must be found by equality. Kept up to date on every save.
   */
  blindIndex?: string;
  /** How values are normalized before indexing; default: NFKC, trimmed, lower-cased. */
  normalize?: Normalizer;
}

export interface BlindIndexSpec {
  attribute: string;
  field: string;
  normalize: Normalizer;
}

export interface EncryptedColumnSpec {
  attribute: string;
  /** The database column name; bound into the ciphertext, so renaming an attribute keeps data readable. */
  field: string;
  blindIndex: BlindIndexSpec | null;
}

/** A model with encrypted columns, resolved after Sequelize initialized it. */
export interface EncryptedModelSpec {
  model: ModelCtor<Model>;
  table: string;
  primaryKey: { attribute: string; field: string };
  columns: EncryptedColumnSpec[];
  /** Attributes holding a blind index; code must not write them by hand. */
  indexAttributes: Set<string>;
}

// Filled by the decorator when model classes are defined; a model may be defined before any
// Sequelize instance exists, so resolution to table and column names happens on first use.
const declared = new Map<ModelCtor<Model>, Map<string, EncryptedAttributeOptions>>();
const resolved = new WeakMap<ModelCtor<Model>, EncryptedModelSpec>();

export function declareEncryptedAttribute(model: ModelCtor<Model>, attribute: string, options: EncryptedAttributeOptions): void {
  let attributes = declared.get(model);
  if (!attributes) {
    attributes = new Map();
    declared.set(model, attributes);
  }
  attributes.set(attribute, options);
}

export function hasEncryptedAttributes(model: unknown): model is ModelCtor<Model> {
  return declared.has(model as ModelCtor<Model>);
}

// The model internals read below (rawAttributes entries) are public in Sequelize's runtime but only
// loosely typed; this is the slice we rely on.
interface AttributeDefinition {
  field?: string;
  primaryKey?: boolean;
  autoIncrement?: boolean;
  validate?: Record<string, unknown>;
  type?: { key?: string };
}

function tableNameOf(model: ModelCtor<Model>): string {
  const name = model.getTableName() as string | { tableName: string };
  return typeof name === 'string' ? name : name.tableName;
}

const TEXT_TYPES = new Set(['TEXT', 'STRING', 'CHAR', 'CITEXT']);

/**
 * The table, primary key and encrypted columns of an initialized model, checked once: a single
 * primary key set by the client (it is bound into every ciphertext, so it must exist before the
 * INSERT), text columns, no Sequelize validators (Sequelize re-runs them after hooks, on the
 * ciphertext; validate plaintext in the service or request layer instead).
 */
export function describeEncryptedModel(model: ModelCtor<Model>): EncryptedModelSpec {
  const cached = resolved.get(model);
  if (cached) return cached;
  const attributes = declared.get(model);
  if (!attributes) throw new EncryptionConfigError(`${model.name} has no @Encrypted() attributes`);
  const raw = (model as unknown as { rawAttributes?: Record<string, AttributeDefinition> }).rawAttributes;
  if (!model.sequelize || !raw) throw new EncryptionConfigError(`${model.name} is not initialized; add it to a Sequelize instance before use`);
  const problem = (what: string) => new EncryptionConfigError(`${model.name}: ${what}`);

  const keys = model.primaryKeyAttributes;
  if (keys.length !== 1) throw problem('a model with encrypted columns needs exactly one primary key column (it is bound into each ciphertext)');
  const pk = raw[keys[0]];
  if (pk.autoIncrement) throw problem('the primary key must be set by the client before INSERT (e.g. a UUID default), not auto-incremented, because it is bound into each ciphertext');

  const columns: EncryptedColumnSpec[] = [];
  const indexAttributes = new Set<string>();
  for (const [attribute, options] of attributes) {
    const def = raw[attribute];
    if (!def) throw problem(`@Encrypted() attribute "${attribute}" has no @Column`);
    if (def.primaryKey) throw problem(`the primary key "${attribute}" cannot be encrypted`);
    if (!TEXT_TYPES.has(def.type?.key ?? '')) throw problem(`encrypted attribute "${attribute}" must be a TEXT or STRING column (it stores base64 text)`);
    if (def.validate && Object.keys(def.validate).length > 0) throw problem(`encrypted attribute "${attribute}" must not declare validators (they would run on ciphertext); validate the plaintext before saving`);
    let blindIndex: BlindIndexSpec | null = null;
    if (options.blindIndex) {
      const idx = raw[options.blindIndex];
      if (!idx) throw problem(`blind index attribute "${options.blindIndex}" of "${attribute}" has no @Column`);
      if (attributes.has(options.blindIndex)) throw problem(`blind index attribute "${options.blindIndex}" cannot itself be encrypted`);
      blindIndex = { attribute: options.blindIndex, field: idx.field ?? options.blindIndex, normalize: options.normalize ?? normalizeCaseInsensitive };
      indexAttributes.add(options.blindIndex);
    }
    columns.push({ attribute, field: def.field ?? attribute, blindIndex });
  }
  const spec: EncryptedModelSpec = { model, table: tableNameOf(model), primaryKey: { attribute: keys[0], field: pk.field ?? keys[0] }, columns, indexAttributes };
  resolved.set(model, spec);
  return spec;
}

/** Every model with encrypted columns that is registered with `sequelize`: the rotation's and status's inventory. */
export function encryptedModels(sequelize: Sequelize): EncryptedModelSpec[] {
  // The model manager, not `model.sequelize`: a model removed from the instance keeps that pointer.
  const registered = new Set<unknown>(sequelize.modelManager.models);
  return [...declared.keys()]
    .filter((model) => registered.has(model))
    .map(describeEncryptedModel)
    .sort((a, b) => a.table.localeCompare(b.table));
}

/** One row per encrypted column: the inventory of where personal data sits encrypted. */
export function encryptedColumns(sequelize: Sequelize): Array<{ model: string; table: string; column: string; blindIndexColumn: string | null }> {
  return encryptedModels(sequelize).flatMap((spec) => spec.columns.map((c) => ({
    model: spec.model.name, table: spec.table, column: c.field, blindIndexColumn: c.blindIndex?.field ?? null,
  })));
}
