import crypto from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { UnauthorizedError } from '../http/errors';
import { randomToken } from './token-hash';

export type TokenType = 'access' | 'refresh' | 'mfa_pending';

export interface TokenClaims {
  /** The member's id. */
  sub: string;
  org: string;
  /** Session id (access and refresh tokens). */
  sid?: string;
  typ: TokenType;
  /** 128-bit random id; the session row stores its SHA-256. */
  jti: string;
  /** Seconds since the epoch. */
  exp: number;
  iat: number;
}

export interface SignedToken {
  token: string;
  jti: string;
  expiresAt: Date;
}

const ISSUER = 'the-logbook';

/**
 * HS256 JWTs (jose). The HMAC key is derived from SECRET_KEY with HKDF for this one purpose, so the
 * same secret can key other things without one use weakening another. `typ` is checked on every
 * verification, so a refresh or MFA-pending token is never accepted as an access token.
 */
export class JwtTokens {
  /**
   * Imported into WebCrypto once: handing jose the raw bytes makes it import the key again on every
   * sign and verify, which cost more than the HMAC itself on the GET /auth/me path.
   */
  private readonly key: Promise<crypto.webcrypto.CryptoKey>;

  constructor(secretKey: string) {
    const raw = new Uint8Array(crypto.hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), Buffer.from('logbook-jwt', 'utf8'), Buffer.from('logbook jwt hs256 v1', 'utf8'), 32));
    this.key = crypto.webcrypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async sign(claims: { sub: string; org: string; sid?: string; typ: TokenType }, ttlMs: number): Promise<SignedToken> {
    const jti = randomToken(16);
    const now = Date.now();
    const expiresAt = new Date(now + ttlMs);
    const payload: Record<string, string> = { org: claims.org, typ: claims.typ };
    if (claims.sid) payload.sid = claims.sid;
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setJti(jti)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(await this.key);
    return { token, jti, expiresAt };
  }

  /** Verifies signature, expiry and type; any failure is a 401 that says nothing about why. */
  async verify(token: string, typ: TokenType): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, await this.key, { algorithms: ['HS256'], issuer: ISSUER, requiredClaims: ['exp', 'sub', 'jti', 'iat'] });
      if (payload.typ !== typ || typeof payload.org !== 'string' || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') throw new UnauthorizedError('Invalid or expired token', 'LB-AUTH-004');
      if (typ !== 'mfa_pending' && typeof payload.sid !== 'string') throw new UnauthorizedError('Invalid or expired token', 'LB-AUTH-004');
      return { sub: payload.sub, org: payload.org, sid: payload.sid as string | undefined, typ, jti: payload.jti, exp: payload.exp!, iat: payload.iat! };
    } catch (err) {
      if (err instanceof UnauthorizedError) throw err;
      if (err instanceof joseErrors.JOSEError) throw new UnauthorizedError('Invalid or expired token', 'LB-AUTH-004');
      throw err;
    }
  }
}
