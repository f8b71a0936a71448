import type { Transaction } from 'sequelize';
import { Position } from '../models/position.model';
import { UserPosition } from '../models/user-position.model';

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

/** A member's positions within their organization and the union of their permissions. */
export async function heldPositions(userId: string, organizationId: string, tx?: Transaction): Promise<HeldPositions> {
  const links = await UserPosition.findAll({ where: { userId }, attributes: ['positionId'], raw: true, transaction: tx });
  if (links.length === 0) return { names: [], slugs: [], permissions: [] };
  const positions = await Position.findAll({
    where: { id: links.map((l) => l.positionId), organizationId },
    attributes: ['name', 'slug', 'permissions', 'priority'], order: [['priority', 'DESC'], ['name', 'ASC']], raw: true, transaction: tx,
  });
  const permissions = new Set<string>();
  for (const p of positions) for (const perm of parsePermissions(p.permissions)) permissions.add(perm);
  return { names: positions.map((p) => p.name), slugs: positions.map((p) => p.slug), permissions: [...permissions].sort() };
}

export { parsePermissions };
