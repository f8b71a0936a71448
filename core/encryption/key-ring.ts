import type { Config } from '../config';
import { deriveKey } from './key-derivation';
import type { DerivedKey } from './derived-key';
import { EncryptionConfigError } from './encryption.errors';

export interface KeyRingSecrets {
  /** ENCRYPTION_KEY: encrypts every new value. */
  currentKey: string;
  /** ENCRYPTION_KEYS_LEGACY: older keys, kept only to read (and rotate away from) what they wrote. */
  legacyKeys?: readonly string[];
  /** ENCRYPTION_SALT, shared by every key of the ring. */
  salt: string;
}

/**
 * The keys this process can use: the current one, which writes, and legacy ones, which only read.
 * Lookup is by the key id stored in front of each value, so old values stay readable while a
 * rotation moves them to the current key.
 */
export class KeyRing {
  private readonly byKid: ReadonlyMap<string, DerivedKey>;

  private constructor(readonly current: DerivedKey, readonly legacy: readonly DerivedKey[]) {
    this.byKid = new Map([current, ...legacy].map((k) => [k.kid, k]));
  }

  static async fromSecrets(secrets: KeyRingSecrets): Promise<KeyRing> {
    // Derivations run in parallel on libuv's pool; each is cached for the life of the process.
    const [current, ...older] = await Promise.all([secrets.currentKey, ...(secrets.legacyKeys ?? [])].map((s) => deriveKey(s, secrets.salt)));
    const legacy: DerivedKey[] = [];
    for (const [i, key] of older.entries()) {
      const same = [current, ...legacy].find((k) => k.kid === key.kid);
      if (!same) { legacy.push(key); continue; }
      // The same key listed twice (e.g. still in the legacy list after becoming current) is harmless.
      if (same.sameKeyAs(key)) continue;
      throw new EncryptionConfigError(`ENCRYPTION_KEYS_LEGACY: key #${i + 1} has the same key id (${key.kid}) as another key but different key material; replace one of them`);
    }
    return new KeyRing(current, legacy);
  }

  static fromConfig(config: Pick<Config, 'secrets'>): Promise<KeyRing> {
    const s = config.secrets;
    return KeyRing.fromSecrets({ currentKey: s.encryptionKey, legacyKeys: s.encryptionKeysLegacy, salt: s.encryptionSalt });
  }

  get currentKid(): string {
    return this.current.kid;
  }

  /** Every key id, current first. */
  get kids(): string[] {
    return [...this.byKid.keys()];
  }

  get(kid: string): DerivedKey | undefined {
    return this.byKid.get(kid);
  }

  /** Every key, current first (blind-index lookups try them all while a rotation is under way). */
  get keys(): DerivedKey[] {
    return [...this.byKid.values()];
  }

  toJSON(): { current: string; legacy: string[] } {
    return { current: this.current.kid, legacy: this.legacy.map((k) => k.kid) };
  }
}
