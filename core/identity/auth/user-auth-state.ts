import type { Cache } from '../../cache';
import { Organization } from '../models/organization.model';
import { User, LOGIN_STATUSES } from '../models/user.model';
import { heldPositions } from '../permissions/effective-permissions';
import { mfaRequiredBy } from '../organization-settings';

/** What every authenticated request needs to know about its member, cached per member. */
export interface UserAuthState {
  uid: string;
  org: string;
  username: string;
  /** May sign in and keep sessions (status, not deleted, organization active). */
  active: boolean;
  permissions: string[];
  mustChangePassword: boolean;
  mfaEnabled: boolean;
  /** The organization requires MFA (policy `security.mfa_required`). */
  mfaRequired: boolean;
}

/** A safety net only: every change that matters refreshes the entry at once. */
const TTL_SECONDS = 300;

/**
 * Permissions and account flags per member, loaded from the member's positions and cached in
 * Redis so a request costs one GET. `refresh(userId)` is called after any change to a member's
 * positions, a position's permissions, status, password or MFA: it recomputes and overwrites the
 * entry, so the next request on any process sees the change (ASVS 8.3.2).
 */
export class UserAuthStates {
  constructor(private readonly cache: Cache) {}

  private key(userId: string): string { return `auth:user:${userId}`; }

  async get(userId: string, organizationId: string): Promise<UserAuthState | null> {
    const cache = this.cache.forOrganization(organizationId);
    const cached = await cache.getJson<UserAuthState>(this.key(userId));
    if (cached) return cached;
    const state = await this.load(userId, organizationId);
    if (!state) return null;
    // Set-if-absent: a refresh that ran meanwhile (with newer data) wins over this fill.
    if (await cache.setIfAbsent(this.key(userId), JSON.stringify(state), TTL_SECONDS)) return state;
    return (await cache.getJson<UserAuthState>(this.key(userId))) ?? state;
  }

  /** Recomputes a member's entry from the database (call after the change has committed). */
  async refresh(userId: string, organizationId?: string): Promise<void> {
    const org = organizationId ?? (await User.findByPk(userId, { attributes: ['id', 'organizationId'], raw: true }))?.organizationId;
    if (!org) return;
    const cache = this.cache.forOrganization(org);
    const state = await this.load(userId, org);
    if (state) await cache.setJson(this.key(userId), state, TTL_SECONDS);
    else await cache.del(this.key(userId));
  }

  /** Refreshes every member of an organization (policy changes, a position's permissions edited). */
  async refreshOrganization(organizationId: string): Promise<void> {
    const users = await User.findAll({ where: { organizationId }, attributes: ['id'], raw: true });
    for (const u of users) await this.refresh(u.id, organizationId);
  }

  private async load(userId: string, organizationId: string): Promise<UserAuthState | null> {
    const user = await User.findOne({
      where: { id: userId, organizationId },
      attributes: ['id', 'organizationId', 'username', 'status', 'deletedAt', 'mustChangePassword', 'mfaEnabled'],
      raw: true,
    });
    if (!user) return null;
    const org = await Organization.findByPk(organizationId, { attributes: ['id', 'active', 'settings'], raw: true });
    const held = await heldPositions(userId, organizationId);
    return {
      uid: user.id,
      org: organizationId,
      username: user.username,
      active: Boolean(org?.active) && !user.deletedAt && LOGIN_STATUSES.has(user.status),
      permissions: held.permissions,
      mustChangePassword: Boolean(user.mustChangePassword),
      mfaEnabled: Boolean(user.mfaEnabled),
      mfaRequired: mfaRequiredBy(org?.settings),
    };
  }
}
