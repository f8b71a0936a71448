import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { DerivedKey, type DerivationMethod } from './derived-key';
import { EncryptionConfigError } from './encryption.errors';

const pbkdf2 = promisify(crypto.pbkdf2);

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256, and what the original backend used. */
export const PBKDF2_ITERATIONS = 600_000;
/** HKDF `info` strings: one subkey per purpose, so the blind-index key can never open a value. */
export const HKDF_INFO = {
  encryption: 'logbook field-encryption aes-256-gcm v2',
  blindIndex: 'logbook blind-index hmac-sha256 v1',
  keyId: 'logbook key-id v1',
} as const;
const KEY_BYTES = 32;

/**
 * ENCRYPTION_KEY as 32 raw bytes when it already is 256 bits of randomness (64 hex characters, or
 * base64/base64url of exactly 32 bytes, as `openssl rand -hex 32` / `-base64 32` print), else null.
 * A stretching KDF adds nothing to such a key, so HKDF is enough. Anything else is treated as a
 * passphrase and goes through PBKDF2. The character-variety checks keep a human-chosen string
 * that merely has the right length and alphabet (e.g. 43 lower-case letters) on the PBKDF2 path;
 * a random key that fails them (about 1 in 1,500) only costs a slower boot.
 */
export function parseRawKey(secret: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(secret)) return new Set(secret.toLowerCase()).size >= 10 ? Buffer.from(secret, 'hex') : null;
  const unpadded = secret.replace(/=$/, '');
  const standard = /^[A-Za-z0-9+/]{43}=?$/.test(secret);
  const url = /^[A-Za-z0-9_-]{43}$/.test(secret);
  if (!standard && !url) return null;
  const encoding = url && /[-_]/.test(secret) ? 'base64url' : 'base64';
  const bytes = Buffer.from(unpadded, encoding);
  if (bytes.length !== KEY_BYTES || bytes.toString(encoding).replace(/=$/, '') !== unpadded) return null;
  const varied = /[A-Z]/.test(secret) && /[a-z]/.test(secret) && /[0-9]/.test(secret) && new Set(unpadded).size >= 20;
  return varied ? bytes : null;
}

async function deriveUncached(secret: string, salt: string): Promise<DerivedKey> {
  const raw = parseRawKey(secret);
  const method: DerivationMethod = raw ? 'hkdf-sha256' : 'pbkdf2-sha256';
  const master = raw ?? await pbkdf2(Buffer.from(secret, 'utf8'), Buffer.from(salt, 'utf8'), PBKDF2_ITERATIONS, KEY_BYTES, 'sha256');
  const subkey = (info: string): Buffer => Buffer.from(crypto.hkdfSync('sha256', master, Buffer.from(salt, 'utf8'), info, KEY_BYTES));
  const encryptionKey = subkey(HKDF_INFO.encryption);
  const blindIndexKey = subkey(HKDF_INFO.blindIndex);
  // The key id fingerprints the encryption subkey itself, so the same key with another salt gets another id.
  const kid = crypto.createHmac('sha256', encryptionKey).update(HKDF_INFO.keyId).digest('hex').slice(0, 8);
  const key = new DerivedKey(kid, method, encryptionKey, blindIndexKey);
  encryptionKey.fill(0);
  blindIndexKey.fill(0);
  master.fill(0);
  return key;
}

// One derivation per (key, salt) per process: PBKDF2 costs about 0.4 s, and a CLI command, the
// server and each test file may all build key rings from the same secrets.
const cache = new Map<string, Promise<DerivedKey>>();

/** Derives (once per process) the keys of one ENCRYPTION_KEY under ENCRYPTION_SALT. */
export function deriveKey(secret: string, salt: string): Promise<DerivedKey> {
  if (!secret) return Promise.reject(new EncryptionConfigError('ENCRYPTION_KEY is empty; field encryption needs a key'));
  if (!salt) return Promise.reject(new EncryptionConfigError('ENCRYPTION_SALT is empty; field encryption needs a salt'));
  // The cache key is a hash, so the map holds no second copy of the secret.
  const id = crypto.createHash('sha256').update(`${salt.length}:${salt}:${secret}`).digest('base64');
  let derived = cache.get(id);
  if (!derived) {
    derived = deriveUncached(secret, salt);
    cache.set(id, derived);
    derived.catch(() => cache.delete(id));
  }
  return derived;
}
