import { QueryTypes, type Transaction } from 'sequelize';
import { Position } from '../models/position.model';

export interface HeldPositions {
  /** Position names, highest priority first (CurrentUser.positions). */
  names: string[];
  slugs: string[];
  /** Union of the positions' permission strings. */
  permissions: string[];
}

function parsePermissions(value: unknown): string[] {
  const list = typeof value === 'string' ? JSON.parse(value) as unknown : value;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
}

/** Positions as read, highest priority first: their names, slugs and the union of their permissions. */
export function positionsOf(rows: ReadonlyArray<{ name: string; slug: string; permissions: unknown }>): HeldPositions {
  if (rows.length === 0) return { names: [], slugs: [], permissions: [] };
  const permissions = new Set<string>();
  for (const p of rows) for (const perm of parsePermissions(p.permissions)) permissions.add(perm);
  return { names: rows.map((p) => p.name), slugs: rows.map((p) => p.slug), permissions: [...permissions].sort() };
}

/**
 * A member's positions within their organization and the union of their permissions. One joined
 * statement, sent as plain SQL: this runs on every GET /auth/me, where the model layer's query
 * building cost more than the query itself (sign-in reads the positions with the account).
 */
export async function heldPositions(userId: string, organizationId: string, tx?: Transaction): Promise<HeldPositions> {
  const positions = await Position.sequelize!.query<{ name: string; slug: string; permissions: unknown }>(
    'SELECT p.name, p.slug, p.permissions FROM user_positions up JOIN positions p ON p.id = up.position_id '
    + 'WHERE up.user_id = ? AND p.organization_id = ? ORDER BY p.priority DESC, p.name ASC',
    { replacements: [userId, organizationId], type: QueryTypes.SELECT, transaction: tx },
  );
  return positionsOf(positions);
}

export { parsePermissions };
