import type { Sequelize } from 'sequelize';
import type { FieldCipher } from './field-cipher';
import { EncryptionConfigError } from './encryption.errors';
import { decryptFindResult, type FindOptionsSeen } from './model-hooks';

// Models are bound to one Sequelize instance each; their hooks find the cipher through it.
const ciphers = new WeakMap<Sequelize, FieldCipher>();
const UNIVERSAL_HOOK = 'logbook-field-encryption';

/**
 * Makes `cipher` the one that encrypts and decrypts `@Encrypted()` columns of every model of
 * `sequelize` (the kernel calls this at boot). Also installs an instance-wide afterFind hook, so
 * encrypted models loaded through `include` from a model without encrypted columns are decrypted
 * too. Returns the cipher it replaces, if any (tests swap key rings and put the old one back).
 */
export function attachFieldCipher(sequelize: Sequelize, cipher: FieldCipher): FieldCipher | null {
  const previous = ciphers.get(sequelize) ?? null;
  ciphers.set(sequelize, cipher);
  if (!previous) {
    sequelize.removeHook('afterFind', UNIVERSAL_HOOK);
    sequelize.addHook('afterFind', UNIVERSAL_HOOK, (result: unknown, options: FindOptionsSeen) => decryptFindResult(result, options, () => cipherFor(sequelize)));
  }
  return previous;
}

/** The cipher attached to `sequelize`; an encrypted model used without one fails rather than writing plaintext. */
export function cipherFor(sequelize: Sequelize | undefined): FieldCipher {
  const cipher = sequelize && ciphers.get(sequelize);
  if (!cipher) throw new EncryptionConfigError('field encryption is not configured for this database connection (attachFieldCipher was not called)');
  return cipher;
}
