import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 defaults every authenticator app supports: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;

/** A new 160-bit TOTP seed, base32. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app reads from a QR code. */
export function totpUri(issuer: string, label: string, secret: string): string {
  return generateURI({ issuer, label, secret, period: PERIOD_SECONDS });
}

/**
 * Checks a 6-digit code against the current step ±1 (clock drift), refusing any step at or before
 * `lastTimeStep`, so a code is never accepted twice (ASVS 6.5.1). Returns the matched step to
 * store as the new `lastTimeStep`, or null.
 */
export async function verifyTotp(secret: string, code: string, lastTimeStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = await verify({ secret, token: code, period: PERIOD_SECONDS, epochTolerance: PERIOD_SECONDS, ...(lastTimeStep !== null ? { afterTimeStep: lastTimeStep } : {}) });
    // The functional verify's result type also covers HOTP; a TOTP match always carries timeStep.
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}
