import { inject, injectable } from 'inversify';
import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { Config } from '../../config';
import type { Database } from '../../database/database';
import type { Logger } from '../../logging/logger';
import { Mailer } from '../../mail/mailer';
import { TOKENS } from '../../kernel/tokens';
import { AUDIT_RECORDER, type AuditRecorder } from '../../audit/audit.types';
import { AppError, ConflictError, ValidationError, type FieldProblem } from '../../http/errors';
import { Position } from '../models/position.model';
import { Organization } from '../models/organization.model';
import { identityKey, User, LOGIN_STATUSES } from '../models/user.model';
import { UserPosition } from '../models/user-position.model';
import { parsePermissions } from '../permissions/effective-permissions';
import { assertCanGrant, assertWildcardHolderRemains } from '../permissions/position-guards';
import { PasswordService } from '../auth/password.service';
import { SessionService } from '../auth/session.service';
import { UserAuthStates } from '../auth/user-auth-state';
import { changeEvent, changedFields, type Actor } from './actor';
import { UsersService } from './users.service';
import { embeddedRole, fullName, userWithRoles } from './user-views';
import { toAttributes } from './user-fields';
import { temporaryPassword } from './temporary-password';
import { INVITE_TOKEN_TTL_MS, issueResetToken, resetLink } from '../password-reset/reset-tokens';
import { emailChangedMail, welcomeMail } from './member-mails';
import type { CreateUserRequest, CreatedUser, DeletionImpact, UpdateContactInfoRequest, UpdateProfileRequest, UserProfile, UserRoles } from './users.types';

const duplicate = () => new ConflictError('That username or email is already in use', 'LB-USER-002');

/**
 * Changing members: create, profile and contact edits, positions, removal. Every change is
 * audited in its transaction with the names of the changed fields (never their values); after a
 * change to positions or status the member's cached permissions are recomputed, and deactivation
 * or removal ends their sessions on every process.
 */
@injectable()
export class UserAdminService {
  constructor(
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(Mailer) private readonly mailer: Mailer,
    @inject(TOKENS.Database) private readonly db: Database,
    @inject(UsersService) private readonly users: UsersService,
    @inject(PasswordService) private readonly passwords: PasswordService,
    @inject(SessionService) private readonly sessions: SessionService,
    @inject(UserAuthStates) private readonly states: UserAuthStates,
    @inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  /**
   * With `send_welcome_email` (and mail configured) the member gets a one-time link to choose their
   * password and no temporary password is made; otherwise, without `password`, a temporary one is
   * generated, returned once, and must be changed at first sign-in.
   */
  async create(actor: Actor, body: CreateUserRequest): Promise<CreatedUser> {
    const org = actor.auth.organizationId;
    const positions = await this.positionsOf(org, body.role_ids ?? []);
    assertCanGrant(actor.auth.permissions, positions.flatMap((p) => parsePermissions(p.permissions)));
    const welcome = body.send_welcome_email === true && this.mailer.enabled;
    const generated = body.password === undefined && !welcome ? temporaryPassword() : null;
    const { user, token } = await this.db.transaction(async (tx) => {
      const u = await User.create({ ...toAttributes(body), organizationId: org, username: body.username.trim(), email: body.email.trim(), status: 'active' }, { transaction: tx });
      const password = generated ?? body.password;
      if (password !== undefined) {
        await this.passwords.setPassword(tx, u, password).catch((err: unknown) => {
          // The policy names the change-password field; here the field is `password`.
          if (err instanceof ValidationError) throw new ValidationError((err.detail as FieldProblem[]).map((p) => ({ ...p, field: 'password' })));
          throw err;
        });
      }
      // Someone else knows a generated password: the member must choose their own at first sign-in.
      if (generated) await User.update({ mustChangePassword: true }, { where: { id: u.id }, transaction: tx });
      await this.link(tx, u.id, positions.map((p) => p.id), actor.auth.userId);
      const t = welcome ? await issueResetToken(tx, u.id, INVITE_TOKEN_TTL_MS) : null;
      this.audit.record(tx, changeEvent(actor, {
        eventType: 'user.created', eventCategory: 'users', resourceType: 'user', resourceId: u.id,
        eventData: { changed: changedFields(body).filter((f) => f !== 'password'), roles: positions.map((p) => p.slug), temporary_password: Boolean(generated), welcome_link: welcome },
      }));
      return { user: u, token: t };
    }).catch(this.uniqueness);
    await this.states.refresh(user.id, org);
    const see = await this.users.seer(actor.auth);
    const created: CreatedUser = userWithRoles(await this.users.find(org, user.id), see(user.id), positions.map(embeddedRole).sort((a, b) => b.priority - a.priority));
    if (generated) created.temporary_password = generated;
    if (body.send_welcome_email === true) created.welcome_email_sent = token !== null && await this.sendWelcome(user, token);
    return created;
  }

  private async noticeEmailChanged(organizationId: string, previous: { email: string; username: string }, byAdministrator: boolean): Promise<void> {
    const org = await Organization.findByPk(organizationId, { attributes: ['id', 'name'], raw: true });
    await this.mailer.send(emailChangedMail(previous.email, org?.name ?? 'your department', previous.username, byAdministrator, this.config.appName))
      .catch((err: Error & { code?: string }) => this.logger.warn({ reason: err.code ?? 'send failed' }, 'email-change notice not sent'));
  }

  /** After the commit; a failed send is logged (never the link) and the admin can send a reset link instead. */
  private async sendWelcome(user: User, token: string): Promise<boolean> {
    const org = await Organization.findByPk(user.organizationId, { attributes: ['id', 'name'], raw: true });
    const message = welcomeMail(user.email, org?.name ?? 'your department', user.username, resetLink(this.config.allowedOrigins, token), Math.round(INVITE_TOKEN_TTL_MS / 3_600_000), this.config.appName);
    try {
      return (await this.mailer.send(message)).sent;
    } catch (err) {
      this.logger.warn({ reason: (err as Error & { code?: string }).code ?? 'send failed' }, 'welcome mail not sent');
      return false;
    }
  }

  async updateProfile(actor: Actor, id: string, body: UpdateProfileRequest): Promise<UserProfile> {
    const org = actor.auth.organizationId;
    const revoked = await this.db.transaction(async (tx) => {
      const user = await this.users.find(org, id, tx);
      const leaving = body.status !== undefined && LOGIN_STATUSES.has(user.status) && !LOGIN_STATUSES.has(body.status);
      if (leaving) await assertWildcardHolderRemains(tx, org, { member: { userId: id, positionIds: null } });
      await user.update(toAttributes(body), { transaction: tx });
      this.audit.record(tx, changeEvent(actor, {
        eventType: body.status !== undefined ? 'user.status-changed' : 'user.updated', eventCategory: 'users', resourceType: 'user', resourceId: id,
        severity: leaving ? 'warning' : 'info', eventData: { changed: changedFields(body), ...(body.status !== undefined ? { status: body.status } : {}) },
      }));
      return leaving ? this.sessions.revokeAllRows(tx, id, 'deactivated') : [];
    });
    await this.sessions.forget(org, id, revoked);
    await this.states.refresh(id, org);
    return this.users.profile(actor.auth, id);
  }

  /** When the email changes, the old address is told (after the commit; a failed send is only logged). */
  async updateContactInfo(actor: Actor, id: string, body: UpdateContactInfoRequest): Promise<UserProfile> {
    const org = actor.auth.organizationId;
    const changed = await this.db.transaction(async (tx) => {
      const user = await this.users.find(org, id, tx);
      const previous = { email: user.email, username: user.username };
      const prefs = typeof user.notificationPreferences === 'string' ? JSON.parse(user.notificationPreferences) as Record<string, boolean> : (user.notificationPreferences ?? {});
      await user.update({
        ...(body.email !== undefined ? { email: body.email.trim() } : {}),
        ...(body.phone !== undefined ? { phone: body.phone } : {}),
        ...(body.mobile !== undefined ? { mobile: body.mobile } : {}),
        ...(body.notification_preferences ? { notificationPreferences: { ...prefs, ...body.notification_preferences } } : {}),
      }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'user.contact-updated', eventCategory: 'users', resourceType: 'user', resourceId: id, eventData: { changed: changedFields(body) } }));
      return body.email !== undefined && identityKey(body.email) !== identityKey(previous.email) ? previous : null;
    }).catch(this.uniqueness);
    if (changed) await this.noticeEmailChanged(org, changed, id !== actor.auth.userId);
    return this.users.profile(actor.auth, id);
  }

  /** Replaces the member's positions. You can neither give nor take away a position whose permissions you lack. */
  async setRoles(actor: Actor, id: string, roleIds: readonly string[]): Promise<UserRoles> {
    const org = actor.auth.organizationId;
    const wanted = await this.positionsOf(org, roleIds);
    const user = await this.db.transaction(async (tx) => {
      const u = await this.users.find(org, id, tx);
      const current = (await UserPosition.findAll({ where: { userId: id }, attributes: ['positionId'], raw: true, transaction: tx })).map((l) => l.positionId);
      const wantedIds = wanted.map((p) => p.id);
      const added = wantedIds.filter((p) => !current.includes(p));
      const removed = current.filter((p) => !wantedIds.includes(p));
      const touched = await Position.findAll({ where: { id: [...added, ...removed], organizationId: org }, raw: true, transaction: tx });
      assertCanGrant(actor.auth.permissions, touched.flatMap((p) => parsePermissions(p.permissions)));
      await assertWildcardHolderRemains(tx, org, { member: { userId: id, positionIds: wantedIds } });
      if (removed.length) await UserPosition.destroy({ where: { userId: id, positionId: removed }, transaction: tx });
      await this.link(tx, id, added, actor.auth.userId);
      const slug = (pid: string) => touched.find((p) => p.id === pid)?.slug ?? pid;
      this.audit.record(tx, changeEvent(actor, {
        eventType: 'user.roles-updated', eventCategory: 'users', resourceType: 'user', resourceId: id, severity: 'warning',
        eventData: { added: added.map(slug), removed: removed.map(slug) },
      }));
      return u;
    });
    await this.states.refresh(id, org);
    const roles = (await this.users.rolesOf(org, [id])).get(id) ?? [];
    return { user_id: id, username: user.username, full_name: fullName(user), roles };
  }

  /** Soft by default (the record stays for the department's history, the member cannot sign in); `hard` erases the row. */
  async remove(actor: Actor, id: string, hard: boolean): Promise<void> {
    const org = actor.auth.organizationId;
    if (id === actor.auth.userId) throw new AppError(400, 'LB-USER-003', 'You cannot delete your own account');
    const revoked = await this.db.transaction(async (tx) => {
      const user = await this.users.find(org, id, tx);
      const held = await Position.findAll({ where: { organizationId: org, id: (await UserPosition.findAll({ where: { userId: id }, attributes: ['positionId'], raw: true, transaction: tx })).map((l) => l.positionId) }, raw: true, transaction: tx });
      // Removing a member above you would be a back door around the grant ceiling.
      assertCanGrant(actor.auth.permissions, held.flatMap((p) => parsePermissions(p.permissions)));
      await assertWildcardHolderRemains(tx, org, { member: { userId: id, positionIds: null } });
      const ids = await this.sessions.revokeAllRows(tx, id, 'admin');
      if (hard) await user.destroy({ transaction: tx });
      else await user.update({ deletedAt: new Date(), status: 'archived' }, { transaction: tx });
      this.audit.record(tx, changeEvent(actor, { eventType: 'user.deleted', eventCategory: 'users', resourceType: 'user', resourceId: id, severity: 'warning', eventData: { hard, sessions_ended: ids.length } }));
      return ids;
    });
    await this.sessions.forget(org, id, revoked);
    await this.states.refresh(id, org);
  }

  /**
   * What removing the member would touch. The core holds no training, inventory or document
   * records; those modules are not built yet, so their counts are 0 here.
   */
  async deletionImpact(actor: Actor, id: string): Promise<DeletionImpact> {
    const user = await this.users.find(actor.auth.organizationId, id);
    return { user_id: user.id, full_name: fullName(user), status: user.status, training_records: 0, inventory_items: 0, documents: 0, total_records: 0 };
  }

  private async positionsOf(organizationId: string, ids: readonly string[]): Promise<Position[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = await Position.findAll({ where: { organizationId, id: unique }, raw: true });
    // Another organization's position is reported exactly like a missing one.
    if (found.length !== unique.length) throw new ValidationError([{ field: 'role_ids', message: 'Unknown role id' }]);
    return found;
  }

  private async link(tx: Transaction, userId: string, positionIds: readonly string[], by: string): Promise<void> {
    if (positionIds.length) await UserPosition.bulkCreate(positionIds.map((positionId) => ({ userId, positionId, assignedBy: by })), { transaction: tx });
  }

  private readonly uniqueness = (err: unknown): never => {
    if (err instanceof UniqueConstraintError) throw duplicate();
    throw err;
  };
}

