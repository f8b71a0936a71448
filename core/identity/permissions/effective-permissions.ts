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

/** A position as the queries below read it (priority may come back as a string from some drivers). */
export interface PositionRow { name: string; slug: string; permissions: unknown; priority: number | string | null }

// Case- and accent-insensitive, as MySQL's utf8mb4_unicode_ci orders names; the same on SQLite.
const byName = new Intl.Collator('en', { sensitivity: 'base' });

/**
 * Highest priority first, then by name, then slug (unique per organization) so ties cannot flip.
 * Sorted here rather than with ORDER BY: positions carry a JSON text column, and sorting rows with
 * one sends MariaDB through an on-disk temporary table and a filesort: the sign-in lookup cost it
 * 437 µs of CPU with ORDER BY and 175 µs without (bench/README.md, identity). A member holds a
 * handful of positions.
 */
export function byRank(a: PositionRow, b: PositionRow): number {
  return Number(b.priority ?? 0) - Number(a.priority ?? 0) || byName.compare(a.name, b.name) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

/** Positions in rank order (byRank): their names, slugs and the union of their permissions. */
export function positionsOf(rows: readonly PositionRow[]): HeldPositions {
  if (rows.length === 0) return { names: [], slugs: [], permissions: [] };
  const ranked = [...rows].sort(byRank);
  const permissions = new Set<string>();
  for (const p of ranked) for (const perm of parsePermissions(p.permissions)) permissions.add(perm);
  return { names: ranked.map((p) => p.name), slugs: ranked.map((p) => p.slug), permissions: [...permissions].sort() };
}

/**
 * A member's positions within their organization and the union of their permissions. One joined
 * statement, sent as plain SQL: this runs on every GET /auth/me, where the model layer's query
 * building cost more than the query itself (sign-in reads the positions with the account).
 */
export async function heldPositions(userId: string, organizationId: string, tx?: Transaction): Promise<HeldPositions> {
  const positions = await Position.sequelize!.query<PositionRow>(
    'SELECT p.name, p.slug, p.permissions, p.priority FROM user_positions up JOIN positions p ON p.id = up.position_id '
    + 'WHERE up.user_id = ? AND p.organization_id = ?',
    { replacements: [userId, organizationId], type: QueryTypes.SELECT, transaction: tx },
  );
  return positionsOf(positions);
}

export { parsePermissions };
