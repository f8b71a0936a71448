import crypto, { type CipherGCM, type DecipherGCM, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { NONCE_BYTES, TAG_BYTES } from './ciphertext-format';

export type DerivationMethod = 'pbkdf2-sha256' | 'hkdf-sha256';

/**
 * One generation of keys: an AES-256-GCM key for values and an HMAC key for blind indexes, both
 * derived from one ENCRYPTION_KEY. The key bytes live in private fields and leave only as cipher
 * objects, so neither JSON.stringify, pino nor util.inspect can print them: a DerivedKey logs as
 * its key id.
 */
export class DerivedKey {
  readonly #encryptionKey: KeyObject;
  readonly #blindIndexKey: KeyObject;

  constructor(
    /** Short public fingerprint of the encryption key, stored in front of every value it wrote. */
    readonly kid: string,
    readonly method: DerivationMethod,
    encryptionKey: Buffer,
    blindIndexKey: Buffer,
  ) {
    this.#encryptionKey = crypto.createSecretKey(encryptionKey);
    this.#blindIndexKey = crypto.createSecretKey(blindIndexKey);
  }

  createCipher(nonce: Buffer): CipherGCM {
    return crypto.createCipheriv('aes-256-gcm', this.#encryptionKey, nonce, { authTagLength: TAG_BYTES });
  }

  createDecipher(nonce: Buffer): DecipherGCM {
    if (nonce.length !== NONCE_BYTES) throw new RangeError('nonce must be 12 bytes');
    return crypto.createDecipheriv('aes-256-gcm', this.#encryptionKey, nonce, { authTagLength: TAG_BYTES });
  }

  /** HMAC-SHA256 of `data` under the blind-index key, hex. */
  blindIndex(data: string): string {
    return crypto.createHmac('sha256', this.#blindIndexKey).update(data, 'utf8').digest('hex');
  }

  /** Constant-time comparison of the key material (to tell a key id collision from the same key listed twice). */
  sameKeyAs(other: DerivedKey): boolean {
    return this.#encryptionKey.equals(other.#encryptionKey) && this.#blindIndexKey.equals(other.#blindIndexKey);
  }

  toJSON(): { kid: string; method: DerivationMethod } {
    return { kid: this.kid, method: this.method };
  }

  [inspect.custom](): string {
    return `DerivedKey(${this.kid}, ${this.method})`;
  }
}
