import type { Request as ExpressRequest } from 'express';
import { inject, injectable } from 'inversify';
import { Body, Controller, Get, Post, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Config } from '../../config';
import { TOKENS } from '../../kernel/tokens';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { clearAuthCookies, cookiesSecure, readCookies, REFRESH_COOKIE } from '../../security/cookies';
import { JwtTokens } from '../../security/jwt-tokens';
import { getRequestAuth } from '../../security/request-auth';
import { LoginService } from '../auth/login.service';
import { MfaService } from '../auth/mfa.service';
import { PasswordService } from '../auth/password.service';
import { SessionService } from '../auth/session.service';
import { UserAuthStates } from '../auth/user-auth-state';
import { currentUserOf, loadCurrentUser } from '../auth/current-user';
import { checkedStateOf } from '../auth/session-auth-resolver';
import { authErrors } from '../auth/auth-errors';
import { auditEvent } from '../auth/auth-audit';
import { requestMeta } from '../auth/request-meta';
import type { ChangePasswordRequest, CurrentUser, LoginRequest, LoginResponse, MessageResponse, MfaChallenge, MfaLoginRequest, RefreshResponse, SessionSettings, AuthErrorBody } from '../auth/auth.types';
import { authOf, callerOf, responseOf, writeSessionCookies } from './request-context';

/** Sign-in, tokens and the current member (spa-contract §2.2). Cookies exactly as §1.2. */
@injectable()
@Route('auth')
@Tags('auth')
export class AuthController extends Controller {
  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(LoginService) private readonly logins: LoginService,
    @inject(MfaService) private readonly mfa: MfaService,
    @inject(SessionService) private readonly sessions: SessionService,
    @inject(PasswordService) private readonly passwords: PasswordService,
    @inject(UserAuthStates) private readonly states: UserAuthStates,
    @inject(JwtTokens) private readonly tokens: JwtTokens,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {
    super();
  }

  /** Username or email and password. With MFA on, answers a challenge instead of cookies. */
  @Post('login')
  @Response<AuthErrorBody>(401, 'Incorrect username or password')
  @Response<AuthErrorBody>(403, 'Account not active')
  @Response<AuthErrorBody>(429, 'Too many attempts (Retry-After, details.retryAfter)')
  public async login(@Request() req: ExpressRequest, @Body() body: LoginRequest): Promise<LoginResponse | MfaChallenge> {
    const outcome = await this.logins.login(body.username, body.password, requestMeta(req));
    if (outcome.kind === 'mfa') return { mfa_required: true, mfa_token: outcome.mfaToken };
    const expiresIn = writeSessionCookies(req, this.config, outcome.issued);
    return { token_type: 'bearer', expires_in: expiresIn, user: currentUserOf(outcome.member, outcome.positions) };
  }

  /** The second step: the challenge token with a TOTP code or a recovery code. A wrong code is 400. */
  @Post('mfa/login')
  @Response<AuthErrorBody>(400, 'Invalid or already used code')
  @Response<AuthErrorBody>(401, 'Invalid or expired challenge token')
  public async mfaLogin(@Request() req: ExpressRequest, @Body() body: MfaLoginRequest): Promise<LoginResponse> {
    const issued = await this.mfa.completeLogin(body.temp_token, body.code, body.recovery_code, requestMeta(req));
    const expiresIn = writeSessionCookies(req, this.config, issued);
    return { token_type: 'bearer', expires_in: expiresIn, user: await loadCurrentUser(issued.userId, issued.organizationId) };
  }

  /** Rotates both tokens (refresh cookie). A replayed refresh token ends every session of its member. */
  @Post('refresh')
  @Response<AuthErrorBody>(401, 'Invalid, expired or replayed refresh token')
  public async refresh(@Request() req: ExpressRequest): Promise<RefreshResponse> {
    const token = readCookies(req)[REFRESH_COOKIE];
    if (!token) throw authErrors.invalidRefresh();
    const outcome = await this.sessions.refresh(token, requestMeta(req));
    if (outcome.kind !== 'rotated') {
      clearAuthCookies(responseOf(req), cookiesSecure(this.config));
      throw outcome.kind === 'replayed' ? authErrors.invalidRefresh() : authErrors.sessionEnded();
    }
    return { token_type: 'bearer', expires_in: writeSessionCookies(req, this.config, outcome.issued) };
  }

  /** Ends this session server-side and clears the cookies; answers 200 even when the session had already ended. */
  @Post('logout')
  public async logout(@Request() req: ExpressRequest): Promise<MessageResponse> {
    const meta = requestMeta(req);
    const auth = await getRequestAuth(req).catch(() => null);
    let ended: { org: string; sid: string; uid: string } | null = auth?.sessionId ? { org: auth.organizationId, sid: auth.sessionId, uid: auth.userId } : null;
    if (!ended) {
      // An expired access token still leaves the refresh cookie naming the session.
      const refresh = readCookies(req)[REFRESH_COOKIE];
      const claims = refresh ? await this.tokens.verify(refresh, 'refresh').catch(() => null) : null;
      if (claims?.sid) ended = { org: claims.org, sid: claims.sid, uid: claims.sub };
    }
    if (ended && (await this.sessions.revoke(ended.org, ended.sid, 'logout'))) {
      await this.audit.recordStandalone(auditEvent('auth.logout', meta, { organizationId: ended.org, userId: ended.uid, username: auth?.username ?? null, sessionId: ended.sid }));
    }
    clearAuthCookies(responseOf(req), cookiesSecure(this.config));
    return { message: 'Logged out' };
  }

  @Get('me')
  @Security('session')
  public async me(@Request() req: ExpressRequest): Promise<CurrentUser> {
    const auth = authOf(req);
    const state = checkedStateOf(req) ?? await this.states.get(auth.userId, auth.organizationId);
    return loadCurrentUser(auth.userId, auth.organizationId, state ?? undefined);
  }

  /** The idle timeout the SPA warns about, and the password age limit (0: none). */
  @Get('session-settings')
  public async sessionSettings(): Promise<SessionSettings> {
    return { session_timeout_minutes: Math.max(1, Math.round(this.config.auth.sessionIdleMs / 60_000)), password_max_age_days: 0 };
  }

  /** Current and new password; every other session of the member ends. */
  @Post('change-password')
  @Security('session')
  @Response<AuthErrorBody>(400, 'Current password is incorrect')
  @Response<AuthErrorBody>(422, 'New password refused by the policy')
  public async changePassword(@Request() req: ExpressRequest, @Body() body: ChangePasswordRequest): Promise<MessageResponse> {
    await this.passwords.change(callerOf(req), body.current_password, body.new_password, requestMeta(req));
    return { message: 'Password changed' };
  }
}
