import { injectable } from 'inversify';
import type { Transaction } from 'sequelize';
import { NotFoundError } from '../../http/errors';
import { hasPermission, type AuthContext } from '../../security/auth-context';
import { Organization } from '../models/organization.model';
import { Position } from '../models/position.model';
import { User } from '../models/user.model';
import { UserPosition } from '../models/user-position.model';
import { contactVisibility, embeddedRole, userProfile, userRow, userWithRoles, type Visibility } from './user-views';
import type { ContactInfoSettings, EmbeddedRole, UserProfile, UserRow, UserWithRoles } from './users.types';

const LIST_ORDER: [string, string][] = [['lastName', 'ASC'], ['firstName', 'ASC'], ['username', 'ASC']];
/** The roster row's columns: the personal fields are neither read nor decrypted for a list that never shows them. */
const ROW_ATTRIBUTES = [
  'id', 'organizationId', 'username', 'email', 'firstName', 'middleName', 'lastName', 'membershipNumber', 'phone', 'mobile',
  'photoUrl', 'status', 'membershipType', 'complianceExempt', 'hireDate', 'rank', 'station', 'platoon',
];

/**
 * Reading members of the caller's organization. What a caller sees of another member follows
 * the department's contact-visibility setting (or `users.view_contact`); personal fields (date of
 * birth, address, emergency contacts) only the member themself and those who edit members see.
 */
@injectable()
export class UsersService {
  async contactSettings(organizationId: string): Promise<ContactInfoSettings> {
    const org = await Organization.findByPk(organizationId, { attributes: ['id', 'settings'], raw: true });
    return contactVisibility(org?.settings);
  }

  async list(auth: AuthContext): Promise<UserRow[]> {
    const see = await this.seer(auth);
    const users = await User.findAll({ where: { organizationId: auth.organizationId, deletedAt: null }, attributes: ROW_ATTRIBUTES, order: LIST_ORDER });
    return users.map((u) => userRow(u, see(u.id)));
  }

  async listWithRoles(auth: AuthContext): Promise<UserWithRoles[]> {
    const see = await this.seer(auth);
    const users = await User.findAll({ where: { organizationId: auth.organizationId, deletedAt: null }, order: LIST_ORDER });
    const roles = await this.rolesOf(auth.organizationId, users.map((u) => u.id));
    return users.map((u) => userWithRoles(u, see(u.id), roles.get(u.id) ?? []));
  }

  async profile(auth: AuthContext, id: string): Promise<UserProfile> {
    const user = await this.find(auth.organizationId, id);
    const see = await this.seer(auth);
    const roles = await this.rolesOf(auth.organizationId, [user.id]);
    return userProfile(user, see(user.id), roles.get(user.id) ?? []);
  }

  /** Another organization's member, or a deleted one, is answered exactly like a missing one. */
  async find(organizationId: string, id: string, tx?: Transaction): Promise<User> {
    const user = await User.findOne({ where: { id, organizationId, deletedAt: null }, transaction: tx, ...(tx ? { lock: tx.LOCK.UPDATE } : {}) });
    if (!user) throw new NotFoundError('Member not found', 'LB-USER-001');
    return user;
  }

  /** Positions held, per member, highest priority first. */
  async rolesOf(organizationId: string, userIds: readonly string[], tx?: Transaction): Promise<Map<string, EmbeddedRole[]>> {
    const out = new Map<string, EmbeddedRole[]>();
    if (userIds.length === 0) return out;
    const links = await UserPosition.findAll({ where: { userId: [...userIds] }, attributes: ['userId', 'positionId'], raw: true, transaction: tx });
    const positions = await Position.findAll({ where: { organizationId, id: [...new Set(links.map((l) => l.positionId))] }, order: [['priority', 'DESC'], ['name', 'ASC']], raw: true, transaction: tx });
    const byId = new Map(positions.map((p) => [p.id, embeddedRole(p)]));
    for (const l of links) {
      const role = byId.get(l.positionId);
      if (role) out.set(l.userId, [...(out.get(l.userId) ?? []), role]);
    }
    for (const list of out.values()) list.sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
    return out;
  }

  /** A function telling what `auth` may see of a given member. */
  async seer(auth: AuthContext): Promise<(userId: string) => Visibility> {
    const vis = await this.contactSettings(auth.organizationId);
    const contact = hasPermission(auth.permissions, 'users.view_contact');
    const personal = hasPermission(auth.permissions, 'users.edit') || hasPermission(auth.permissions, 'members.manage');
    const others: Visibility = {
      email: contact || (vis.enabled && vis.show_email),
      phone: contact || (vis.enabled && vis.show_phone),
      mobile: contact || (vis.enabled && vis.show_mobile),
      personal,
    };
    const self: Visibility = { email: true, phone: true, mobile: true, personal: true };
    return (userId) => (userId === auth.userId ? self : others);
  }
}
