import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '../../database/database';
import { UserPosition } from '../models/user-position.model';
import type { UserAuthStates } from '../auth/user-auth-state';

/** Members (not deleted) holding each position of an organization. */
export async function memberCounts(db: Database, organizationId: string): Promise<Map<string, number>> {
  const rows = await db.sequelize.query<{ position_id: string; n: number | string }>(
    'SELECT up.position_id AS position_id, COUNT(*) AS n FROM user_positions up JOIN users u ON u.id = up.user_id '
    + 'WHERE u.organization_id = ? AND u.deleted_at IS NULL GROUP BY up.position_id',
    { replacements: [organizationId], type: QueryTypes.SELECT },
  );
  return new Map(rows.map((r) => [r.position_id, Number(r.n)]));
}

/** Ids of the members holding a position (read before a change, to refresh them after it). */
export async function holdersOf(positionId: string, tx?: Transaction): Promise<string[]> {
  const links = await UserPosition.findAll({ where: { positionId }, attributes: ['userId'], raw: true, transaction: tx });
  return [...new Set(links.map((l) => l.userId))];
}

/** Recomputes cached permissions after commit, so every process enforces the change on the next request. */
export async function refreshMembers(states: UserAuthStates, organizationId: string, userIds: readonly string[]): Promise<void> {
  for (const id of userIds) await states.refresh(id, organizationId);
}
