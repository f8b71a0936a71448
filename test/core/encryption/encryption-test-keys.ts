import crypto from 'node:crypto';
import { HKDF_INFO } from '../../../core/encryption/key-derivation';

/**
 * Fixed keys for the encryption tests. 64 hex characters count as raw 256-bit keys (HKDF, instant),
 * so only the tests that are about PBKDF2 pay for it.
 */
export const KEY_A = '3f9c1e0b7a5d4c2e8f61b0a9d7c3e5f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0';
export const KEY_B = 'c4e2a0f8d6b4c2e0f1d3b5a7c9e1f3a5b7d9c1e3f5a7b9d1c3e5f7a9b1d3e5f7';
export const KEY_C = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809';
export const SALT = 'encryption-test-salt-0123456789abcdef';

/** The subkeys a raw key derives to, computed here independently (to look for them in logs). */
export function expectedSubkeys(rawHexKey: string, salt = SALT): { encryption: Buffer; blindIndex: Buffer } {
  const ikm = Buffer.from(rawHexKey, 'hex');
  const subkey = (info: string) => Buffer.from(crypto.hkdfSync('sha256', ikm, Buffer.from(salt), info, 32));
  return { encryption: subkey(HKDF_INFO.encryption), blindIndex: subkey(HKDF_INFO.blindIndex) };
}

/** Every printable form a key could leak in. */
export function keyForms(key: Buffer): string[] {
  return [key.toString('hex'), key.toString('base64'), key.toString('base64url')];
}
