import { Organization } from '../models/organization.model';
import { User } from '../models/user.model';
import { heldPositions } from '../permissions/effective-permissions';
import { NotFoundError } from '../../http/errors';
import type { CurrentUser } from './auth.types';
import type { UserAuthState } from './user-auth-state';

function fullName(u: Pick<User, 'firstName' | 'lastName'>): string | null {
  const name = [u.firstName, u.lastName].filter(Boolean).join(' ').trim();
  return name || null;
}

/**
 * The CurrentUser of spa-contract §2.2. Reads only non-encrypted columns (raw), so the hot
 * `/auth/me` path never decrypts personal fields it does not return.
 */
export async function loadCurrentUser(userId: string, organizationId: string, state?: UserAuthState): Promise<CurrentUser> {
  const [user, org, held] = await Promise.all([
    User.findOne({
      where: { id: userId, organizationId, deletedAt: null },
      attributes: ['id', 'username', 'email', 'firstName', 'lastName', 'organizationId', 'rank', 'platoon', 'membershipType', 'status', 'emailVerified', 'mfaEnabled', 'mustChangePassword'],
      raw: true,
    }),
    Organization.findByPk(organizationId, { attributes: ['id', 'timezone'], raw: true }),
    heldPositions(userId, organizationId),
  ]);
  if (!user || !org) throw new NotFoundError('Member not found', 'LB-AUTH-016');
  const mfaEnabled = Boolean(user.mfaEnabled);
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    full_name: fullName(user),
    organization_id: user.organizationId,
    timezone: org.timezone,
    roles: held.slugs,
    positions: held.names,
    rank: user.rank,
    platoon: user.platoon,
    membership_type: user.membershipType ?? null,
    permissions: held.permissions,
    is_active: state ? state.active : user.status === 'active',
    email_verified: Boolean(user.emailVerified),
    mfa_enabled: mfaEnabled,
    mfa_enrollment_required: Boolean(state?.mfaRequired) && !mfaEnabled,
    password_expired: false,
    must_change_password: Boolean(user.mustChangePassword),
  };
}
