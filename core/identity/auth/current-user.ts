import { QueryTypes } from 'sequelize';
import { User } from '../models/user.model';
import { heldPositions, type HeldPositions } from '../permissions/effective-permissions';
import { NotFoundError } from '../../http/errors';
import type { CurrentUser } from './auth.types';
import type { UserAuthState } from './user-auth-state';

/** The member's plain columns and the organization's time zone: what a CurrentUser is built from. */
export interface MemberRow {
  id: string; username: string; email: string; first_name: string | null; last_name: string | null; organization_id: string;
  rank: string | null; platoon: string | null; membership_type: string | null; status: string;
  email_verified: number | boolean; mfa_enabled: number | boolean; must_change_password: number | boolean; timezone: string;
}

// Plain columns only: personal fields stay encrypted and unread. One joined statement as plain SQL,
// since this runs on every sign-in and every GET /auth/me (the model layer cost more than the query).
/** Selects a MemberRow from `users u` joined to `organizations o` (sign-in reads them with the password hash). */
export const MEMBER_COLUMNS = 'u.id, u.username, u.email, u.first_name, u.last_name, u.organization_id, u.rank, u.platoon, u.membership_type, '
  + 'u.status, u.email_verified, u.mfa_enabled, u.must_change_password, o.timezone';
const MEMBER_SQL = `SELECT ${MEMBER_COLUMNS} `
  + 'FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = ? AND u.organization_id = ? AND u.deleted_at IS NULL';

function fullName(u: MemberRow): string | null {
  const name = [u.first_name, u.last_name].filter(Boolean).join(' ').trim();
  return name || null;
}

/** The CurrentUser of spa-contract §2.2, read from the database. */
export async function loadCurrentUser(userId: string, organizationId: string, state?: UserAuthState): Promise<CurrentUser> {
  const [rows, held] = await Promise.all([
    User.sequelize!.query<MemberRow>(MEMBER_SQL, { replacements: [userId, organizationId], type: QueryTypes.SELECT }),
    heldPositions(userId, organizationId),
  ]);
  const user = rows[0];
  if (!user) throw new NotFoundError('Member not found', 'LB-AUTH-016');
  return currentUserOf(user, held, state);
}

/** The CurrentUser of a member row and positions already read (sign-in reads both with the account). */
export function currentUserOf(user: MemberRow, held: HeldPositions, state?: UserAuthState): CurrentUser {
  const mfaEnabled = Boolean(user.mfa_enabled);
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    full_name: fullName(user),
    organization_id: user.organization_id,
    timezone: user.timezone,
    roles: held.slugs,
    positions: held.names,
    rank: user.rank,
    platoon: user.platoon,
    membership_type: user.membership_type ?? null,
    permissions: held.permissions,
    is_active: state ? state.active : user.status === 'active',
    email_verified: Boolean(user.email_verified),
    mfa_enabled: mfaEnabled,
    mfa_enrollment_required: Boolean(state?.mfaRequired) && !mfaEnabled,
    password_expired: false,
    must_change_password: Boolean(user.must_change_password),
  };
}
