import type { Model as SequelizeModel } from 'sequelize';
import { addHook, type Model, type ModelCtor } from 'sequelize-typescript';
import { declareEncryptedAttribute, type EncryptedAttributeOptions } from './encrypted-model-registry';
import { cipherFor } from './encryption-binding';
import { decryptFindResult, encryptInstance, rejectBulkUpdate, rejectUpsert, restorePlaintext, type FindOptionsSeen } from './model-hooks';

type HookOptions = { fields?: string[]; individualHooks?: boolean; attributes?: Record<string, unknown> };

/** The hooks every model with encrypted columns gets, by Sequelize hook type. */
function hooksFor(model: ModelCtor<Model>): Record<string, (...args: never[]) => unknown> {
  const cipher = () => cipherFor(model.sequelize);
  const encrypt = (instance: SequelizeModel, options: HookOptions) => encryptInstance(instance, options, cipher());
  return {
    beforeCreate: encrypt,
    beforeUpdate: encrypt,
    afterCreate: (instance: SequelizeModel) => restorePlaintext(instance),
    afterUpdate: (instance: SequelizeModel) => restorePlaintext(instance),
    beforeBulkCreate: (instances: SequelizeModel[], options: HookOptions) => {
      // With individualHooks Sequelize saves each instance on its own, through beforeCreate.
      if (options.individualHooks) return;
      for (const instance of instances) encrypt(instance, options);
    },
    afterBulkCreate: (instances: SequelizeModel[]) => { for (const instance of instances) restorePlaintext(instance); },
    beforeBulkUpdate: (options: HookOptions) => rejectBulkUpdate(model, options.attributes),
    beforeUpsert: (values: Record<string, unknown>) => rejectUpsert(model, values),
    afterFind: (result: unknown, options: FindOptionsSeen) => decryptFindResult(result, options, cipher),
  };
}

const withHooks = new WeakSet<object>();

/**
 * Marks a model attribute as encrypted at rest. Put it on a `@Column` of type TEXT (or a STRING
 * long enough for the ciphertext) in a model whose primary key is set client-side (UUID default):
 *
 *     @Encrypted({ blindIndex: 'emailIndex', normalize: normalizeEmail })
 *     @Column({ type: DataType.TEXT, allowNull: true }) declare email: string | null;
 *     @Column({ type: DataType.CHAR(64), field: 'email_bidx' }) declare emailIndex: string | null;
 *
 * Instances read and write plaintext; the database holds `$gcm2$<kid>$...`. `raw: true` queries
 * return the stored ciphertext (see decryptRawRows). See docs/encryption.md.
 */
export function Encrypted(options: EncryptedAttributeOptions = {}): PropertyDecorator {
  return (target: object, propertyKey: string | symbol) => {
    const model = target.constructor as ModelCtor<Model>;
    declareEncryptedAttribute(model, String(propertyKey), options);
    if (withHooks.has(model)) return;
    withHooks.add(model);
    // sequelize-typescript installs hooks from static methods named in metadata when the model is
    // added to a Sequelize instance; these names cannot clash with anything a model declares.
    for (const [hookType, fn] of Object.entries(hooksFor(model))) {
      const name = `$logbookEncryption$${hookType}`;
      Object.defineProperty(model, name, { value: fn, enumerable: false, configurable: false, writable: false });
      addHook(model, hookType as Parameters<typeof addHook>[1], name);
    }
  };
}
