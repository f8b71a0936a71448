import { Op, type Transaction } from 'sequelize';
import { ConflictError, ForbiddenError, ValidationError } from '../../http/errors';
import { hasPermission } from '../../security/auth-context';
import { Position } from '../models/position.model';
import { UserPosition } from '../models/user-position.model';
import { User, LOGIN_STATUSES } from '../models/user.model';
import type { PermissionCatalog } from './permission-catalog';
import { parsePermissions } from './effective-permissions';

/**
 * The rules the roles and members APIs enforce before changing positions (original-backend.md §2c
 * "Roles: grant ceiling; system positions undeletable; last admin protected"). Each throws the
 * error the API answers with.
 */

/** The grant ceiling: every permission given (including `*` and `x.*`) must be one the granter holds. */
export function assertCanGrant(granted: ReadonlySet<string>, requested: readonly string[]): void {
  const beyond = requested.filter((p) => !hasPermission(granted, p));
  if (beyond.length > 0) throw new ForbiddenError(`You cannot grant permissions you do not hold: ${beyond.join(', ')}`, 'LB-ROLE-001');
}

/** Refuses permission strings the installation does not know (typos would otherwise grant nothing, silently). */
export function assertKnownPermissions(catalog: PermissionCatalog, requested: readonly string[]): void {
  const unknown = requested.filter((p) => !catalog.isKnown(p));
  if (unknown.length > 0) throw new ValidationError([{ field: 'permissions', message: `Unknown permissions: ${unknown.join(', ')}` }]);
}

export function assertDeletable(position: Pick<Position, 'isSystem' | 'name'>): void {
  if (position.isSystem) throw new ConflictError(`"${position.name}" is a system position and cannot be deleted`, 'LB-ROLE-002');
}

/** A proposed change to who holds `*`: a position's new permissions (null = deleted), or a member's new position set (null = leaves/deactivated). */
export interface WildcardChange {
  position?: { id: string; permissions: readonly string[] | null };
  member?: { userId: string; positionIds: readonly string[] | null };
}

/**
 * Refuses a change after which no active member of the organization would hold `*` (nobody could
 * manage positions any more). An organization that has no holder yet (mid-onboarding) is not
 * blocked. Reads inside `tx`, so call it in the transaction that makes the change.
 */
export async function assertWildcardHolderRemains(tx: Transaction, organizationId: string, change: WildcardChange): Promise<void> {
  const positions = await Position.findAll({ where: { organizationId }, attributes: ['id', 'permissions'], raw: true, transaction: tx });
  const before = new Set<string>();
  const after = new Set<string>();
  for (const p of positions) {
    const current = parsePermissions(p.permissions);
    if (current.includes('*')) before.add(p.id);
    const next = change.position?.id === p.id ? change.position.permissions : current;
    if (next?.includes('*')) after.add(p.id);
  }
  const holdersOf = async (wildcard: Set<string>): Promise<Set<string>> => {
    if (wildcard.size === 0) return new Set();
    const links = await UserPosition.findAll({ where: { positionId: [...wildcard] }, attributes: ['userId', 'positionId'], raw: true, transaction: tx });
    const active = await User.findAll({
      where: { id: [...new Set(links.map((l) => l.userId))], organizationId, deletedAt: null, status: { [Op.in]: [...LOGIN_STATUSES] } },
      attributes: ['id'], raw: true, transaction: tx,
    });
    return new Set(active.map((u) => u.id));
  };
  const holdersBefore = await holdersOf(before);
  if (holdersBefore.size === 0) return;
  const holdersAfter = await holdersOf(after);
  const m = change.member;
  if (m) {
    holdersAfter.delete(m.userId);
    if (m.positionIds?.some((id) => after.has(id))) holdersAfter.add(m.userId);
  }
  if (holdersAfter.size === 0) throw new ConflictError('At least one active member must keep full access (*); assign it to someone else first', 'LB-ROLE-003');
}
