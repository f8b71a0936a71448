import { inject, injectable } from 'inversify';
import type { Transaction } from 'sequelize';
import type { Database } from '../../database/database';
import { TOKENS } from '../../kernel/tokens';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { PasswordHasher } from '../../security/passwords/password-hasher';
import { PasswordPolicy } from '../../security/passwords/password-policy';
import { ValidationError } from '../../http/errors';
import { Organization } from '../models/organization.model';
import { User } from '../models/user.model';
import { PasswordHistory } from '../models/credential.models';
import { SessionService } from './session.service';
import { UserAuthStates } from './user-auth-state';
import { authErrors } from './auth-errors';
import { auditEvent } from './auth-audit';
import type { RequestMeta } from './request-meta';
import type { Caller } from './mfa.service';

/** Passwords of the last this-many changes (the current one included) cannot be chosen again. */
export const PASSWORD_HISTORY_COUNT = 12;

/**
 * Setting and changing passwords: the policy (length, common list, context words), the history of
 * the last 12, argon2id hashing, and "log out everywhere else" after a change (ASVS 7.4.3).
 */
@injectable()
export class PasswordService {
  constructor(
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @inject(PasswordPolicy) private readonly policy: PasswordPolicy,
    @inject(SessionService) private readonly sessions: SessionService,
    @inject(UserAuthStates) private readonly states: UserAuthStates,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  /** Change by the member: current password required; other sessions end, this one stays. */
  async change(caller: Caller, currentPassword: string, newPassword: string, meta: RequestMeta): Promise<void> {
    const user = await User.findOne({ where: { id: caller.userId, organizationId: caller.organizationId }, attributes: ['id', 'organizationId', 'username', 'email', 'passwordHash'], raw: true });
    if (!user?.passwordHash || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
      await this.audit.recordStandalone(auditEvent('auth.password-change-failed', meta, { organizationId: caller.organizationId, userId: caller.userId, username: caller.username, sessionId: caller.sessionId, severity: 'warning', outcome: 'failure', eventData: { reason: 'wrong_current_password' } }));
      throw authErrors.wrongCurrentPassword();
    }
    const revoked = await this.db.transaction(async (tx) => {
      await this.setPassword(tx, user, newPassword);
      const ids = await this.sessions.revokeAllRows(tx, user.id, 'password_changed', caller.sessionId ?? undefined);
      this.audit.record(tx, auditEvent('auth.password-changed', meta, { organizationId: caller.organizationId, userId: caller.userId, username: caller.username, sessionId: caller.sessionId, severity: 'warning', eventData: { other_sessions_ended: ids.length } }));
      return ids;
    });
    await this.sessions.forget(caller.organizationId, caller.userId, revoked);
    await this.states.refresh(caller.userId, caller.organizationId);
  }

  /**
   * Checks `password` against the policy and the history, then stores it (hash, history row,
   * password_changed_at, must_change_password cleared). Inside the caller's transaction; also used
   * by password reset and onboarding. Throws 422 on a refused password.
   */
  async setPassword(tx: Transaction, user: Pick<User, 'id' | 'organizationId' | 'username' | 'email'>, password: string): Promise<void> {
    const org = await Organization.findByPk(user.organizationId, { attributes: ['id', 'name', 'slug'], raw: true, transaction: tx });
    this.policy.assertAcceptable(password, { username: user.username, email: user.email, organizationName: org?.name, organizationSlug: org?.slug });
    const history = await PasswordHistory.findAll({ where: { userId: user.id }, order: [['createdAt', 'DESC']], limit: PASSWORD_HISTORY_COUNT, attributes: ['id', 'passwordHash'], raw: true, transaction: tx });
    for (const h of history) {
      if (await this.hasher.verify(h.passwordHash, password)) {
        throw new ValidationError([{ field: 'new_password', message: `Password must differ from your last ${PASSWORD_HISTORY_COUNT} passwords` }]);
      }
    }
    const hash = await this.hasher.hash(password);
    await User.update({ passwordHash: hash, passwordChangedAt: new Date(), mustChangePassword: false, failedLoginCount: 0, lockedUntil: null }, { where: { id: user.id }, transaction: tx });
    await PasswordHistory.create({ userId: user.id, passwordHash: hash }, { transaction: tx });
  }
}
