import { Op, type Transaction } from 'sequelize';
import { ValidationError, type FieldProblem } from '../http/errors';
import { identityKey, User } from '../identity/models/user.model';
import { Position } from '../identity/models/position.model';
import { UserPosition } from '../identity/models/user-position.model';

/** The position of a department's first administrator: it holds `*` (spa-contract §2.6). */
export const OWNER_POSITION = 'it_manager';

export interface NewAdminMember {
  organizationId: string;
  username: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  membershipNumber?: string | null;
  /** True for an admin created by the CLI (first sign-in goes through the password page); the wizard's owner chose a password already. */
  mustChangePassword: boolean;
}

/**
 * Creates a member holding it_manager, without a password (the caller sets one through
 * PasswordService.setPassword, or mails a link). Usernames and emails are unique installation-wide,
 * case-insensitively; a clash is a 422 on that field.
 */
export async function createAdminMember(tx: Transaction, input: NewAdminMember): Promise<User> {
  const usernameKey = identityKey(input.username);
  const emailKey = identityKey(input.email);
  const clashes = await User.findAll({ where: { [Op.or]: [{ usernameKey }, { emailKey }] }, attributes: ['usernameKey', 'emailKey'], raw: true, transaction: tx });
  const problems: FieldProblem[] = [];
  if (clashes.some((c) => c.usernameKey === usernameKey)) problems.push({ field: 'username', message: 'This username is already taken' });
  if (clashes.some((c) => c.emailKey === emailKey)) problems.push({ field: 'email', message: 'This email address is already in use' });
  if (problems.length) throw new ValidationError(problems);
  const user = await User.create({
    organizationId: input.organizationId, username: input.username.trim(), email: input.email.trim(),
    firstName: input.firstName, lastName: input.lastName, membershipNumber: input.membershipNumber ?? null,
    status: 'active', membershipType: 'active', mustChangePassword: input.mustChangePassword,
  }, { transaction: tx });
  const owner = await Position.findOne({ where: { organizationId: input.organizationId, slug: OWNER_POSITION }, attributes: ['id'], raw: true, transaction: tx });
  if (!owner) throw new Error(`organization ${input.organizationId} has no ${OWNER_POSITION} position (system positions not seeded)`);
  await UserPosition.create({ userId: user.id, positionId: owner.id }, { transaction: tx });
  return user;
}
