import type { Request } from 'express';
import { inject, injectable } from 'inversify';
import type { AuthContext, AuthResolver } from '../../security/auth-context';
import { JwtTokens } from '../../security/jwt-tokens';
import { ACCESS_COOKIE, readCookies } from '../../security/cookies';
import { SessionService } from './session.service';
import { UserAuthStates, type UserAuthState } from './user-auth-state';
import { authErrors } from './auth-errors';

/** Routes a member may still use while a gate (password change, MFA enrolment) holds them. */
const GATE_ALLOWED_PREFIX = '/api/v1/auth/';

/** The member state each authenticated request was checked against, for handlers that answer from it (GET /auth/me). */
const checkedStates = new WeakMap<Request, UserAuthState>();

export function checkedStateOf(req: Request): UserAuthState | undefined {
  return checkedStates.get(req);
}

/** The credentials a request carries: `Authorization: Bearer` first (scripts), else the access cookie (the SPA). */
export function presentedAccessToken(req: Request): string | null {
  const header = req.get('authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m ? m[1] : null;
  }
  return readCookies(req)[ACCESS_COOKIE] ?? null;
}

/**
 * The real AuthResolver: token → verified JWT → live session (Redis, every request) → member state
 * and permissions (Redis, refreshed on every change) → gates. No credentials: null (401 where a
 * route needs auth). Bad or ended ones: 401. Redis unreachable: 503 — a request never passes on a
 * session that could not be checked.
 */
@injectable()
export class SessionAuthResolver implements AuthResolver {
  constructor(
    @inject(JwtTokens) private readonly tokens: JwtTokens,
    @inject(SessionService) private readonly sessions: SessionService,
    @inject(UserAuthStates) private readonly states: UserAuthStates,
  ) {}

  async resolve(req: Request): Promise<AuthContext | null> {
    const token = presentedAccessToken(req);
    if (token === null) {
      if (req.get('authorization')) throw authErrors.sessionEnded();
      return null;
    }
    const claims = await this.tokens.verify(token, 'access');
    // Both reads at once (one round trip's wait, not two); the state is used only if the session holds.
    const [, state] = await Promise.all([this.sessions.validate(claims), this.states.get(claims.sub, claims.org)]);
    if (!state || !state.active) {
      // Deactivated (or deleted) since this session began: end it here too.
      await this.sessions.revoke(claims.org, claims.sid!, 'deactivated');
      throw authErrors.sessionEnded();
    }
    enforceGates(req, state);
    checkedStates.set(req, state);
    return { userId: claims.sub, organizationId: claims.org, username: state.username, permissions: new Set(state.permissions), sessionId: claims.sid! };
  }
}

/** must_change_password and an unmet MFA policy: 403 with the header the SPA routes on, except on the auth routes. */
export function enforceGates(req: Request, state: UserAuthState): void {
  if (req.originalUrl.startsWith(GATE_ALLOWED_PREFIX)) return;
  if (state.mustChangePassword) throw authErrors.passwordChangeRequired();
  if (state.mfaRequired && !state.mfaEnabled) throw authErrors.mfaEnrollmentRequired();
}
