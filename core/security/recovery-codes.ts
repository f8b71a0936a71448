import crypto from 'node:crypto';
import { sha256Hex } from './token-hash';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // 32 symbols, no 0/O/1/I to misread

/**
 * A recovery code: 16 symbols of a 32-letter alphabet = 80 bits from the CSPRNG (ASVS asks ≥ 64
 * for lookup secrets), shown as XXXX-XXXX-XXXX-XXXX. Stored only as SHA-256 of its normalized form:
 * with 80 bits of entropy a fast hash cannot be brute-forced.
 */
export function newRecoveryCode(): string {
  const bytes = crypto.randomBytes(16);
  let code = '';
  for (let i = 0; i < 16; i++) code += ALPHABET[bytes[i] & 31];
  return code.match(/.{4}/g)!.join('-');
}

/** Case, spaces and dashes do not matter when a member types a code. */
export function normalizeRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export function hashRecoveryCode(input: string): string {
  return sha256Hex(`logbook-recovery:${normalizeRecoveryCode(input)}`);
}
