/** Field encryption: what modules and the kernel import. See docs/encryption.md. */
export { Encrypted } from './encrypted.decorator';
export { blindIndexWhere, blindIndexValues } from './blind-index-where';
export { normalizeCaseInsensitive, normalizeEmail, normalizeExact, type Normalizer } from './blind-index';
export { decryptRawRows, type DecryptRawRowsOptions } from './raw-rows';
export { FieldCipher, type ColumnLocation, type FieldLocation } from './field-cipher';
export { KeyRing, type KeyRingSecrets } from './key-ring';
export { deriveKey, parseRawKey, PBKDF2_ITERATIONS } from './key-derivation';
export type { DerivedKey, DerivationMethod } from './derived-key';
export { attachFieldCipher, cipherFor } from './encryption-binding';
export { encryptedColumns, encryptedModels, describeEncryptedModel, type EncryptedAttributeOptions, type EncryptedModelSpec } from './encrypted-model-registry';
export { KeyRotationService, DEFAULT_ROTATION_BATCH, MAX_ROTATION_BATCH, type RotationOptions, type RotationProgress, type RotationSummary, type RotationFailure } from './key-rotation.service';
export { KeyStatusService, type KeyStatus, type ColumnKeyStatus, type KeyRole } from './key-status.service';
export { bindFieldEncryption } from './encryption.bindings';
export { EncryptionError, EncryptionConfigError, EncryptionUsageError, DecryptionError, type DecryptionFailure } from './encryption.errors';
