/**
 * Errors of the field-encryption layer. Messages name where a problem is (table, column, row id)
 * and never what is stored there: no plaintext, no ciphertext, no key material.
 */
export class EncryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The keys cannot be set up (missing key or salt, two keys sharing one key id). Stops the boot. */
export class EncryptionConfigError extends EncryptionError {}

/** Code used the encryption layer in a way that cannot be made safe (e.g. a bulk update of an encrypted column). */
export class EncryptionUsageError extends EncryptionError {}

/** Why a stored value could not be decrypted; stable strings that tests, logs and the CLI key on. */
export type DecryptionFailure =
  /** The column holds something that is not in our `$gcm2$` format: plaintext, or garbage. */
  | 'not-encrypted'
  /** A `$gcm<n>$` value of a version this build does not read. */
  | 'unsupported-version'
  /** The right prefix, but the key id or payload is not well formed, or too short to hold nonce and tag. */
  | 'malformed'
  /** Well formed, but its key id is not in the key ring (ENCRYPTION_KEY / ENCRYPTION_KEYS_LEGACY). */
  | 'unknown-key'
  /** The GCM tag does not verify: the value was altered, truncated, or moved to another row or column. */
  | 'authentication-failed';

const EXPLANATIONS: Record<DecryptionFailure, string> = {
  'not-encrypted': 'the stored value is not encrypted',
  'unsupported-version': 'the stored value uses an unsupported format version',
  'malformed': 'the stored value is malformed or truncated',
  'unknown-key': 'the stored value was encrypted with a key that is not configured',
  'authentication-failed': 'the stored value failed authentication (altered, truncated, or copied from another row or column)',
};

/** Where a value lives; bound into the ciphertext as associated data. */
export interface FieldLocation {
  readonly table: string;
  readonly column: string;
  readonly rowId: string;
}

/**
 * A stored value that cannot be turned back into plaintext. Thrown instead of returning the raw
 * value or garbage, so a tampered row fails loudly rather than flowing into the application.
 */
export class DecryptionError extends EncryptionError {
  readonly table: string;
  readonly column: string;
  readonly rowId: string;

  constructor(readonly reason: DecryptionFailure, at: FieldLocation, readonly kid: string | null = null) {
    super(`Cannot decrypt ${at.table}.${at.column} of row ${at.rowId}: ${EXPLANATIONS[reason]}${kid && reason === 'unknown-key' ? ` (key id ${kid})` : ''}`);
    this.table = at.table;
    this.column = at.column;
    this.rowId = at.rowId;
  }
}
