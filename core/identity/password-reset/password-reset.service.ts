import { inject, injectable } from 'inversify';
import type { Cache } from '../../cache';
import type { Config } from '../../config';
import type { Database } from '../../database/database';
import type { Logger } from '../../logging/logger';
import { TOKENS } from '../../kernel/tokens';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { sha256Hex } from '../../security/token-hash';
import { NotFoundError } from '../../http/errors';
import { Mailer } from '../../mail/mailer';
import { identityKey, LOGIN_STATUSES, User } from '../models/user.model';
import { PasswordService } from '../auth/password.service';
import { SessionService } from '../auth/session.service';
import { UserAuthStates } from '../auth/user-auth-state';
import { auditEvent } from '../auth/auth-audit';
import type { RequestMeta } from '../auth/request-meta';
import type { Caller } from '../auth/mfa.service';
import { findLiveToken, issueResetToken, resetLink, RESET_TOKEN_TTL_MS } from './reset-tokens';
import { resetMail } from './reset-mail';
import { resetErrors } from './reset-errors';

/** Requests per IP and per email address within RESET_WINDOW_MS (original: 3 per 5 minutes per IP). */
export const RESET_LIMIT_PER_IP = 10;
export const RESET_LIMIT_PER_EMAIL = 3;
export const RESET_WINDOW_MS = 15 * 60_000;

/** The one answer of forgot-password, whatever the address (A8: no enumeration). */
export const FORGOT_PASSWORD_MESSAGE = 'If an account exists for that email address, a password reset link has been sent.';

type ResetMember = Pick<User, 'id' | 'organizationId' | 'username' | 'email' | 'status'>;

/**
 * Forgot / validate / reset password and the admin-triggered reset mail (spa-contract §2.2,
 * original-backend §2c). The token is mailed, never returned; the database holds its SHA-256.
 * Forgot-password answers the same, in about the same time, for known and unknown addresses (A8).
 */
@injectable()
export class PasswordResetService {
  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(TOKENS.Cache) private readonly cache: Cache,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(Mailer) private readonly mailer: Mailer,
    @inject(PasswordService) private readonly passwords: PasswordService,
    @inject(SessionService) private readonly sessions: SessionService,
    @inject(UserAuthStates) private readonly states: UserAuthStates,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  /**
   * Answers after the same work for every address (throttle, one lookup); the token, its audit
   * entry and the mail are made after the response, so neither their time nor a failure shows.
   */
  async forgot(email: string, meta: RequestMeta): Promise<void> {
    const key = identityKey(email);
    await this.throttle(key, meta.ip);
    const user = await User.findOne({ where: { emailKey: key }, attributes: ['id', 'organizationId', 'username', 'email', 'status'], raw: true });
    void this.afterForgot(user, meta).catch((err: Error) => this.logger.error({ reason: err.message }, 'password reset request failed after the response'));
  }

  private async afterForgot(user: ResetMember | null, meta: RequestMeta): Promise<void> {
    if (!user || !LOGIN_STATUSES.has(user.status)) {
      await this.audit.recordStandalone(auditEvent('auth.password-reset-requested', meta, {
        organizationId: user?.organizationId ?? null, userId: user?.id ?? null, outcome: 'failure', severity: 'warning',
        eventData: { reason: user ? 'member_not_active' : 'unknown_email' },
      }));
      return;
    }
    const token = await this.db.transaction(async (tx) => {
      const t = await issueResetToken(tx, user.id);
      this.audit.record(tx, auditEvent('auth.password-reset-requested', meta, { organizationId: user.organizationId, userId: user.id, username: user.username, resourceType: 'user', resourceId: user.id }));
      return t;
    });
    // The link is never logged; a failed send is, and the member can simply ask again.
    await this.mail(user, token, RESET_TOKEN_TTL_MS);
  }

  async validate(token: string): Promise<void> {
    if (!(await findLiveToken(token))) throw resetErrors.invalidToken();
  }

  /** Sets the new password (policy + history), uses up the token, ends every session, clears the lockout. */
  async reset(token: string, newPassword: string, meta: RequestMeta): Promise<void> {
    const done = await this.db.transaction(async (tx) => {
      const row = await findLiveToken(token, tx);
      if (!row) return null;
      const user = await User.findByPk(row.userId, { attributes: ['id', 'organizationId', 'username', 'email', 'status'], raw: true, transaction: tx });
      if (!user || !LOGIN_STATUSES.has(user.status)) return null;
      await this.passwords.setPassword(tx, user, newPassword);
      await row.update({ usedAt: new Date() }, { transaction: tx });
      const revoked = await this.sessions.revokeAllRows(tx, user.id, 'password_changed');
      this.audit.record(tx, auditEvent('auth.password-reset', meta, { organizationId: user.organizationId, userId: user.id, username: user.username, severity: 'warning', resourceType: 'user', resourceId: user.id, eventData: { sessions_ended: revoked.length } }));
      return { user, revoked };
    });
    if (!done) {
      await this.audit.recordStandalone(auditEvent('auth.password-reset-failed', meta, { organizationId: null, outcome: 'failure', severity: 'warning', eventData: { reason: 'invalid_token' } }));
      throw resetErrors.invalidToken();
    }
    await this.sessions.forget(done.user.organizationId, done.user.id, done.revoked);
    await this.states.refresh(done.user.id, done.user.organizationId);
  }

  /** An administrator sends a member a reset link (the password itself is never set by anyone else). */
  async sendByAdmin(caller: Caller, userId: string, meta: RequestMeta): Promise<{ mailed: boolean }> {
    const user = await User.findOne({ where: { id: userId, organizationId: caller.organizationId }, attributes: ['id', 'organizationId', 'username', 'email', 'status'], raw: true });
    if (!user) throw new NotFoundError('Member not found', 'LB-USER-404');
    if (!LOGIN_STATUSES.has(user.status)) throw resetErrors.memberNotActive();
    const token = await this.db.transaction(async (tx) => {
      const t = await issueResetToken(tx, user.id);
      this.audit.record(tx, auditEvent('auth.password-reset-sent-by-admin', meta, { organizationId: caller.organizationId, userId: caller.userId, username: caller.username, sessionId: caller.sessionId, severity: 'warning', resourceType: 'user', resourceId: user.id }));
      return t;
    });
    return this.mail(user, token, RESET_TOKEN_TTL_MS);
  }

  private async mail(user: ResetMember, token: string, ttlMs: number): Promise<{ mailed: boolean }> {
    const message = resetMail(user.email, resetLink(this.config.allowedOrigins, token), Math.round(ttlMs / 60_000), this.config.appName);
    const result = await this.mailer.send(message);
    return { mailed: result.sent };
  }

  /** Per IP and per address (hashed: the cache holds no addresses). Unknown addresses count the same. */
  private async throttle(emailKey: string, ip: string | null): Promise<void> {
    const checks = [this.cache.hit(`pwreset:email:${sha256Hex(emailKey).slice(0, 32)}`, RESET_LIMIT_PER_EMAIL, RESET_WINDOW_MS)];
    if (ip) checks.push(this.cache.hit(`pwreset:ip:${ip.replace(/[^0-9A-Za-z.:]/g, '_')}`, RESET_LIMIT_PER_IP, RESET_WINDOW_MS));
    const refused = (await Promise.all(checks)).filter((r) => !r.allowed);
    if (refused.length) throw resetErrors.throttled(Math.max(...refused.map((r) => r.retryAfterMs)) / 1000);
  }
}
