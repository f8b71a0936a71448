import { inject, injectable } from 'inversify';
import type { Cache } from '../../cache';
import type { Config } from '../../config';
import type { Database } from '../../database/database';
import { TOKENS } from '../../kernel/tokens';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { JwtTokens } from '../../security/jwt-tokens';
import { newTotpSecret, totpUri, verifyTotp } from '../../security/totp';
import { hashRecoveryCode, newRecoveryCode } from '../../security/recovery-codes';
import { UnauthorizedError } from '../../http/errors';
import { Organization } from '../models/organization.model';
import { LOGIN_STATUSES, User } from '../models/user.model';
import { MfaRecoveryCode } from '../models/credential.models';
import { LoginService } from './login.service';
import { SessionService, type IssuedSession } from './session.service';
import { UserAuthStates } from './user-auth-state';
import { authErrors } from './auth-errors';
import { auditEvent } from './auth-audit';
import type { RequestMeta } from './request-meta';
import type { MfaSetupResponse, MfaStatus } from './auth.types';

export const RECOVERY_CODE_COUNT = 10;
/** Wrong second-factor attempts per member per 5 minutes before 429 (a 6-digit code must not be guessable in a token's lifetime). */
const MFA_ATTEMPTS = 10;
const MFA_WINDOW_MS = 5 * 60_000;

export interface Caller {
  userId: string;
  organizationId: string;
  username: string;
  sessionId: string | null;
}

/**
 * TOTP two-factor authentication: enrolment (setup, verify-setup), the second login step,
 * recovery codes and disabling. The seed is encrypted at rest (User.mfaSecret); codes are accepted
 * once (mfa_last_timestep); recovery codes are single use and stored hashed.
 */
@injectable()
export class MfaService {
  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(TOKENS.Cache) private readonly cache: Cache,
    @inject(JwtTokens) private readonly tokens: JwtTokens,
    @inject(LoginService) private readonly login: LoginService,
    @inject(SessionService) private readonly sessions: SessionService,
    @inject(UserAuthStates) private readonly states: UserAuthStates,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async status(caller: Caller): Promise<MfaStatus> {
    const user = await this.user(caller);
    const remaining = await MfaRecoveryCode.count({ where: { userId: user.id, usedAt: null } });
    return { mfa_enabled: user.mfaEnabled, recovery_codes_remaining: user.mfaEnabled ? remaining : 0 };
  }

  /** Starts (or restarts) enrolment: a new seed, stored encrypted, active only after verify-setup. */
  async setup(caller: Caller): Promise<MfaSetupResponse> {
    const user = await this.user(caller);
    if (user.mfaEnabled) throw authErrors.mfaState('Two-factor authentication is already enabled; disable it first to enrol a new device');
    const secret = newTotpSecret();
    user.mfaSecret = secret;
    user.mfaLastTimestep = null;
    await user.save({ fields: ['mfaSecret', 'mfaLastTimestep'] });
    const org = await Organization.findByPk(caller.organizationId, { attributes: ['id', 'name'], raw: true });
    return { secret, qr_code_url: totpUri(org?.name || this.config.appName, user.username, secret) };
  }

  /** Confirms the device with a first code, turns MFA on and hands out the recovery codes (shown once). */
  async verifySetup(caller: Caller, code: string, meta: RequestMeta): Promise<string[]> {
    await this.limitAttempts(caller.userId);
    return this.db.transaction(async (tx) => {
      const user = await this.user(caller, tx);
      if (user.mfaEnabled) throw authErrors.mfaState('Two-factor authentication is already enabled');
      if (!user.mfaSecret) throw authErrors.mfaState('Start the setup first');
      const step = await verifyTotp(user.mfaSecret, code, null);
      if (step === null) throw authErrors.invalidMfaCode();
      user.mfaEnabled = true;
      user.mfaLastTimestep = step;
      await user.save({ transaction: tx, fields: ['mfaEnabled', 'mfaLastTimestep'] });
      const codes = await this.replaceRecoveryCodes(user.id, tx);
      this.audit.record(tx, auditEvent('auth.mfa-enabled', meta, { ...this.who(caller), severity: 'warning' }));
      tx.afterCommit(() => this.states.refresh(caller.userId, caller.organizationId).catch(() => undefined));
      return codes;
    });
  }

  /** Turns MFA off after a valid code (TOTP or recovery code); other sessions end. */
  async disable(caller: Caller, code: string, meta: RequestMeta): Promise<void> {
    await this.limitAttempts(caller.userId);
    const revoked = await this.db.transaction(async (tx) => {
      const user = await this.user(caller, tx);
      if (!user.mfaEnabled || !user.mfaSecret) throw authErrors.mfaState('Two-factor authentication is not enabled');
      if ((await verifyTotp(user.mfaSecret, code, this.lastStep(user))) === null) throw authErrors.invalidMfaCode();
      user.mfaEnabled = false;
      user.mfaSecret = null;
      user.mfaLastTimestep = null;
      await user.save({ transaction: tx, fields: ['mfaEnabled', 'mfaSecret', 'mfaLastTimestep'] });
      await MfaRecoveryCode.destroy({ where: { userId: user.id }, transaction: tx });
      const ids = await this.sessions.revokeAllRows(tx, user.id, 'mfa_changed', caller.sessionId ?? undefined);
      this.audit.record(tx, auditEvent('auth.mfa-disabled', meta, { ...this.who(caller), severity: 'critical', eventData: { other_sessions_ended: ids.length } }));
      return ids;
    });
    await this.sessions.forget(caller.organizationId, caller.userId, revoked);
    await this.states.refresh(caller.userId, caller.organizationId);
  }

  /** New recovery codes (the old ones stop working) after a valid TOTP code. */
  async regenerateRecoveryCodes(caller: Caller, code: string, meta: RequestMeta): Promise<string[]> {
    await this.limitAttempts(caller.userId);
    return this.db.transaction(async (tx) => {
      const user = await this.user(caller, tx);
      if (!user.mfaEnabled || !user.mfaSecret) throw authErrors.mfaState('Two-factor authentication is not enabled');
      const step = await verifyTotp(user.mfaSecret, code, this.lastStep(user));
      if (step === null) throw authErrors.invalidMfaCode();
      user.mfaLastTimestep = step;
      await user.save({ transaction: tx, fields: ['mfaLastTimestep'] });
      const codes = await this.replaceRecoveryCodes(user.id, tx);
      this.audit.record(tx, auditEvent('auth.mfa-recovery-codes-regenerated', meta, { ...this.who(caller), severity: 'warning' }));
      return codes;
    });
  }

  /** The second login step: a valid, unused MFA-pending token plus a TOTP or recovery code. */
  async completeLogin(tempToken: string, code: string | undefined, recoveryCode: string | undefined, meta: RequestMeta): Promise<IssuedSession> {
    const claims = await this.tokens.verify(tempToken, 'mfa_pending');
    if (!code && !recoveryCode) throw authErrors.invalidMfaCode();
    await this.limitAttempts(claims.sub);
    const caller: Caller = { userId: claims.sub, organizationId: claims.org, username: '', sessionId: null };
    const method = await this.db.transaction(async (tx) => {
      const user = await this.user(caller, tx);
      caller.username = user.username;
      if (!user.mfaEnabled || !user.mfaSecret || user.deletedAt || !LOGIN_STATUSES.has(user.status)) throw new UnauthorizedError('Invalid or expired token', 'LB-AUTH-004');
      if (code) {
        const step = await verifyTotp(user.mfaSecret, code, this.lastStep(user));
        if (step === null) return null;
        user.mfaLastTimestep = step;
        await user.save({ transaction: tx, fields: ['mfaLastTimestep'] });
        return 'totp' as const;
      }
      const [used] = await MfaRecoveryCode.update({ usedAt: new Date() }, { where: { userId: user.id, codeHash: hashRecoveryCode(recoveryCode!), usedAt: null }, transaction: tx });
      if (used === 0) return null;
      const left = await MfaRecoveryCode.count({ where: { userId: user.id, usedAt: null }, transaction: tx });
      this.audit.record(tx, auditEvent('auth.mfa-recovery-code-used', meta, { ...this.who(caller), severity: 'warning', eventData: { remaining: left } }));
      return 'recovery_code' as const;
    });
    if (!method) {
      await this.audit.recordStandalone(auditEvent('auth.mfa-failed', meta, { ...this.who(caller), severity: 'warning', outcome: 'failure' }));
      throw authErrors.invalidMfaCode();
    }
    // The pending token is single use: a second completion with it (a replay) is refused.
    if (!(await this.cache.setIfAbsent(`auth:mfa-used:${claims.jti}`, '1', Math.ceil(MFA_WINDOW_MS / 1000) + 60))) throw new UnauthorizedError('Invalid or expired token', 'LB-AUTH-004');
    return this.login.startSession({ id: caller.userId, organizationId: caller.organizationId, username: caller.username }, meta, method);
  }

  private async replaceRecoveryCodes(userId: string, tx: import('sequelize').Transaction): Promise<string[]> {
    await MfaRecoveryCode.destroy({ where: { userId }, transaction: tx });
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode());
    await MfaRecoveryCode.bulkCreate(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })), { transaction: tx });
    return codes;
  }

  private async limitAttempts(userId: string): Promise<void> {
    const result = await this.cache.hit(`auth:mfa-attempts:${userId}`, MFA_ATTEMPTS, MFA_WINDOW_MS);
    if (!result.allowed) throw authErrors.throttled(result.retryAfterMs / 1000);
  }

  private lastStep(user: User): number | null {
    return user.mfaLastTimestep === null || user.mfaLastTimestep === undefined ? null : Number(user.mfaLastTimestep);
  }

  private async user(caller: Pick<Caller, 'userId' | 'organizationId'>, tx?: import('sequelize').Transaction): Promise<User> {
    const user = await User.findOne({ where: { id: caller.userId, organizationId: caller.organizationId }, transaction: tx, ...(tx ? { lock: tx.LOCK.UPDATE } : {}) });
    if (!user) throw new UnauthorizedError();
    return user;
  }

  private who(caller: Caller) {
    return { organizationId: caller.organizationId, userId: caller.userId, username: caller.username || null, sessionId: caller.sessionId };
  }
}
