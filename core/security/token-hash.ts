import crypto from 'node:crypto';

/** 128 bits from the CSPRNG, base64url: token ids (jti), CSRF tokens (ASVS 7.2.3: ≥128 bits, not a UUID). */
export function randomToken(bytes = 16): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** SHA-256 hex. For high-entropy values only (token ids, reset tokens, recovery codes): never for passwords. */
export function sha256Hex(value: string): string {
  return crypto.createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time string comparison (lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  const x = crypto.createHash('sha256').update(a).digest();
  const y = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(x, y) && a.length === b.length;
}
