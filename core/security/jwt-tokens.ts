import crypto from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
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

/** The one header we issue; encoded once. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' }), 'utf8').toString('base64url');

/**
 * HS256 JWTs. The HMAC key is derived from SECRET_KEY with HKDF for this one purpose, so the same
 * secret can key other things without one use weakening another. `typ` is checked on every
 * verification, so a refresh or MFA-pending token is never accepted as an access token.
 *
 * Verification is jose's (the side that parses untrusted input). Signing our own fixed header and
 * claims is one HMAC, done here with node:crypto on the calling thread: WebCrypto (which jose signs
 * with) queues each HMAC as a job on libuv's thread pool, where at sign-in it waits behind the
 * password hashes and costs more than the HMAC itself. Tests verify what we sign with jose.
 */
export class JwtTokens {
  private readonly raw: Buffer;
  /**
   * Imported into WebCrypto once: handing jose the raw bytes makes it import the key again on every
   * verify, which cost more than the HMAC itself on the GET /auth/me path.
   */
  private readonly key: Promise<crypto.webcrypto.CryptoKey>;

  constructor(secretKey: string) {
    this.raw = Buffer.from(crypto.hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), Buffer.from('logbook-jwt', 'utf8'), Buffer.from('logbook jwt hs256 v1', 'utf8'), 32));
    this.key = crypto.webcrypto.subtle.importKey('raw', this.raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  sign(claims: { sub: string; org: string; sid?: string; typ: TokenType }, ttlMs: number): SignedToken {
    const jti = randomToken(16);
    const now = Date.now();
    const expiresAt = new Date(now + ttlMs);
    const payload = {
      org: claims.org, typ: claims.typ, ...(claims.sid ? { sid: claims.sid } : {}),
      sub: claims.sub, iss: ISSUER, jti, iat: Math.floor(now / 1000), exp: Math.floor(expiresAt.getTime() / 1000),
    };
    const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
    const signature = crypto.createHmac('sha256', this.raw).update(signingInput, 'ascii').digest('base64url');
    return { token: `${signingInput}.${signature}`, jti, expiresAt };
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
