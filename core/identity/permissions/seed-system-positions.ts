import type { Transaction } from 'sequelize';
import { Position } from '../models/position.model';
import { SYSTEM_POSITIONS } from './system-positions';

/**
 * Creates the system positions an organization does not have yet (by slug), inside the caller's
 * transaction; onboarding and `logbook orgs create` call it. Existing rows are left as they are,
 * so running it again (or after an upgrade that adds a position) only adds what is missing.
 * Returns the positions created.
 */
export async function seedSystemPositions(tx: Transaction, organizationId: string): Promise<Position[]> {
  const existing = new Set((await Position.findAll({ where: { organizationId }, attributes: ['slug'], transaction: tx, raw: true })).map((p) => p.slug));
  const missing = SYSTEM_POSITIONS.filter((d) => !existing.has(d.slug));
  if (missing.length === 0) return [];
  return Position.bulkCreate(missing.map((d) => ({
    organizationId, name: d.name, slug: d.slug, description: d.description,
    // A copy: the row must never share the module constant's array.
    permissions: [...d.permissions], isSystem: true, priority: d.priority,
  })), { transaction: tx });
}
