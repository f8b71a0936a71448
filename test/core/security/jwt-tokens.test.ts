import crypto from 'node:crypto';
import { expect } from 'chai';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { JwtTokens } from '../../../core/security/jwt-tokens';
import { UnauthorizedError } from '../../../core/http/errors';

const SECRET = 'jwt-test-secret-key-0123456789abcdef0123456789';
/** The key as the server derives it, so jose can check our signatures on its own. */
const derivedKey = new Uint8Array(crypto.hkdfSync('sha256', Buffer.from(SECRET, 'utf8'), Buffer.from('logbook-jwt', 'utf8'), Buffer.from('logbook jwt hs256 v1', 'utf8'), 32));
const CLAIMS = { sub: '0b6a3c2e-1111-4e0b-9a55-2f5f1c1c0001', org: '0b6a3c2e-2222-4e0b-9a55-2f5f1c1c0002', sid: '0b6a3c2e-3333-4e0b-9a55-2f5f1c1c0003', typ: 'access' as const };

function tamperPayload(token: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe('JwtTokens (HS256, signed with node:crypto, verified with jose)', () => {
  const tokens = new JwtTokens(SECRET);

  it('when a token is signed, then jose alone accepts it as HS256 with every claim we set', async () => {
    const signed = tokens.sign(CLAIMS, 60_000);
    expect(decodeProtectedHeader(signed.token)).to.deep.equal({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(signed.token, derivedKey, { algorithms: ['HS256'], issuer: 'the-logbook' });
    expect(payload).to.include({ sub: CLAIMS.sub, org: CLAIMS.org, sid: CLAIMS.sid, typ: 'access', jti: signed.jti, exp: Math.floor(signed.expiresAt.getTime() / 1000) });
    const nowS = Math.floor(Date.now() / 1000);
    expect(payload.iat).to.be.within(nowS - 2, nowS);
    expect(signed.jti).to.match(/^[A-Za-z0-9_-]{20,}$/);
  });

  it('when a token round-trips through verify, then the claims come back, and an MFA token carries no session id', async () => {
    const signed = tokens.sign(CLAIMS, 60_000);
    expect(await tokens.verify(signed.token, 'access')).to.include({ sub: CLAIMS.sub, org: CLAIMS.org, sid: CLAIMS.sid, typ: 'access', jti: signed.jti });
    const mfa = tokens.sign({ sub: CLAIMS.sub, org: CLAIMS.org, typ: 'mfa_pending' }, 60_000);
    const claims = await tokens.verify(mfa.token, 'mfa_pending');
    expect(claims.sid).to.equal(undefined);
  });

  it('when the payload, the type, the key, the algorithm or the expiry is wrong, then verify answers 401 every time', async () => {
    const signed = tokens.sign(CLAIMS, 60_000);
    const rejected = async (token: string, typ: 'access' | 'refresh' | 'mfa_pending', using = tokens) => {
      const err = await using.verify(token, typ).then(() => null, (e: unknown) => e);
      expect(err, `${typ} ${token.slice(0, 24)}…`).to.be.instanceOf(UnauthorizedError);
    };
    await rejected(tamperPayload(signed.token, (c) => { c.sub = 'someone-else'; }), 'access');
    await rejected(signed.token, 'refresh');
    await rejected(signed.token, 'access', new JwtTokens('another-secret-key-0123456789abcdef012345678'));
    await rejected(tokens.sign(CLAIMS, -1_000).token, 'access');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${signed.token.split('.')[1]}.`;
    await rejected(unsigned, 'access');
    await rejected('not-a-token', 'access');
  });
});
