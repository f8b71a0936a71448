import crypto from 'node:crypto';

/**
 * A one-time password for a member created without one: 20 characters of a 56-symbol alphabet
 * (about 116 bits), without look-alikes, so an admin can read it out over the radio. Random, so
 * never on the common list and never containing the username.
 */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function temporaryPassword(length = 20): string {
  let out = '';
  while (out.length < length) {
    const byte = crypto.randomBytes(1)[0];
    // Rejection sampling keeps every symbol equally likely.
    if (byte < 256 - (256 % ALPHABET.length)) out += ALPHABET[byte % ALPHABET.length];
  }
  return out;
}
