import { FORMAT_VERSION, formatCiphertext, kidOf, parseCiphertext } from './ciphertext-format';
import { freshNonce } from './nonce-source';
import { DecryptionError, EncryptionUsageError, type FieldLocation } from './encryption.errors';
import type { KeyRing } from './key-ring';

export type { FieldLocation } from './encryption.errors';

/** The column a blind index belongs to (indexes of equal values differ between columns). */
export interface ColumnLocation {
  readonly table: string;
  readonly column: string;
}

/**
 * Associated data: the ciphertext is bound to its format version, key id, table, column and row.
 * A JSON array is an unambiguous encoding (no separator a table or id could contain).
 */
function associatedData(kid: string, at: FieldLocation): Buffer {
  return Buffer.from(JSON.stringify(['logbook.field', FORMAT_VERSION, kid, at.table, at.column, at.rowId]), 'utf8');
}

function blindIndexInput(at: ColumnLocation, normalized: string): string {
  return JSON.stringify(['logbook.bidx', 1, at.table, at.column, normalized]);
}

/**
 * AES-256-GCM for single field values, with a fresh random 96-bit nonce per value. Random nonces
 * are safe up to about 2^32 encryptions per key (NIST SP 800-38D); rotation resets the count.
 * Modules normally never call this: `@Encrypted()` columns go through it in model hooks.
 */
export class FieldCipher {
  constructor(readonly keyRing: KeyRing) {}

  get currentKid(): string {
    return this.keyRing.currentKid;
  }

  encrypt(plaintext: string, at: FieldLocation): string {
    if (typeof plaintext !== 'string') throw new EncryptionUsageError(`${at.table}.${at.column}: only strings can be encrypted (serialize other values first)`);
    const key = this.keyRing.current;
    const nonce = freshNonce();
    const cipher = key.createCipher(nonce);
    cipher.setAAD(associatedData(key.kid, at));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return formatCiphertext(key.kid, nonce, ciphertext, cipher.getAuthTag());
  }

  /** The plaintext, or a DecryptionError; never the stored value itself, never unauthenticated bytes. */
  decrypt(stored: string, at: FieldLocation): string {
    if (typeof stored !== 'string') throw new DecryptionError('not-encrypted', at);
    const parsed = parseCiphertext(stored);
    if (!parsed.ok) throw new DecryptionError(parsed.reason, at, parsed.kid);
    const { kid, nonce, ciphertext, tag } = parsed.value;
    const key = this.keyRing.get(kid);
    if (!key) throw new DecryptionError('unknown-key', at, kid);
    const decipher = key.createDecipher(nonce);
    decipher.setAAD(associatedData(kid, at));
    decipher.setAuthTag(tag);
    let plain: Buffer;
    try {
      // GCM streams unauthenticated plaintext from update(); it is only released after final() verified the tag.
      plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch {
      throw new DecryptionError('authentication-failed', at, kid);
    }
    return plain.toString('utf8');
  }

  /** The key id a stored value was written with (null when it is not a well-formed encrypted value). */
  kidOf(stored: string): string | null {
    return kidOf(stored);
  }

  /** True when the value was written with the current key (nothing for a rotation to do). */
  isCurrent(stored: string): boolean {
    return kidOf(stored) === this.keyRing.currentKid;
  }

  /** The blind index of an already normalized value under the current key (what is stored). */
  blindIndex(normalized: string, at: ColumnLocation): string {
    return this.keyRing.current.blindIndex(blindIndexInput(at, normalized));
  }

  /** The blind index under every key of the ring, current first (what an equality lookup matches). */
  blindIndexCandidates(normalized: string, at: ColumnLocation): string[] {
    const input = blindIndexInput(at, normalized);
    return this.keyRing.keys.map((k) => k.blindIndex(input));
  }
}
