/**
 * The stored form of an encrypted value: `$gcm2$<kid>$<base64url(nonce | ciphertext | tag)>`.
 * The version lets a later scheme sit beside this one; the key id says which key of the ring opens it.
 */
export const FORMAT_VERSION = 'gcm2';
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
/** Key ids are 8 lower-case hex characters (see DerivedKey). */
export const KID_PATTERN = /^[0-9a-f]{8}$/;

const STORED = /^\$gcm2\$([0-9a-f]{8})\$([A-Za-z0-9_-]+)$/;
const ANY_GCM = /^\$gcm[0-9]+\$/;

export interface ParsedCiphertext {
  kid: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export type ParseResult =
  | { ok: true; value: ParsedCiphertext }
  | { ok: false; reason: 'not-encrypted' | 'unsupported-version' | 'malformed'; kid: string | null };

/** `$gcm2$<kid>$`: every value under one key starts with it (the rotation query keys on this). */
export function storedPrefix(kid: string): string {
  return `$${FORMAT_VERSION}$${kid}$`;
}

export function formatCiphertext(kid: string, nonce: Buffer, ciphertext: Buffer, tag: Buffer): string {
  return storedPrefix(kid) + Buffer.concat([nonce, ciphertext, tag]).toString('base64url');
}

/** Splits a stored value; strict, so a stray character or a truncated payload is "malformed", not decrypted. */
export function parseCiphertext(stored: string): ParseResult {
  const m = STORED.exec(stored);
  if (!m) {
    if (stored.startsWith(`$${FORMAT_VERSION}$`)) return { ok: false, reason: 'malformed', kid: null };
    if (ANY_GCM.test(stored)) return { ok: false, reason: 'unsupported-version', kid: null };
    return { ok: false, reason: 'not-encrypted', kid: null };
  }
  const [, kid, payload] = m;
  const bytes = Buffer.from(payload, 'base64url');
  // Node's decoder silently drops trailing bits; re-encoding catches a payload cut in the middle of a byte.
  if (bytes.length < NONCE_BYTES + TAG_BYTES || bytes.toString('base64url') !== payload) return { ok: false, reason: 'malformed', kid };
  return {
    ok: true,
    value: {
      kid,
      nonce: bytes.subarray(0, NONCE_BYTES),
      ciphertext: bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES),
      tag: bytes.subarray(bytes.length - TAG_BYTES),
    },
  };
}

const HEAD = /^\$gcm2\$([0-9a-f]{8})\$$/;

/** Length of `$gcm2$<kid>$`, the head that SQL groups and filters on. */
export const HEAD_LENGTH = `$${FORMAT_VERSION}$`.length + 8 + 1;

/** The key id in a value's first HEAD_LENGTH characters, or null when they are not a `$gcm2$<kid>$` head. */
export function kidOfHead(head: string): string | null {
  const m = HEAD.exec(head);
  return m ? m[1] : null;
}

/** The key id of a stored value, or null when it is not a well-formed current-format value. */
export function kidOf(stored: string): string | null {
  const m = STORED.exec(stored);
  return m ? m[1] : null;
}
