import type { Transaction } from 'sequelize';
import { Position } from '../../identity/models/position.model';
import type { PositionInput } from '../onboarding.types';

/**
 * The SPA's permission grid as permission names: `view` -> `m.view`, `manage` -> `m.manage` and
 * `m.*` (spa-contract §2.6). Module ids use '_' (the SPA sometimes sends '-').
 */
export function permissionsFromGrid(grid: PositionInput['permissions']): string[] {
  const out = new Set<string>();
  for (const [rawModule, flags] of Object.entries(grid)) {
    const m = rawModule.replace(/-/g, '_');
    if (!/^[a-z0-9_]{1,64}$/.test(m)) continue;
    if (flags.view) out.add(`${m}.view`);
    if (flags.manage) { out.add(`${m}.manage`); out.add(`${m}.*`); }
  }
  return [...out].sort();
}

export interface PositionsOutcome {
  created: string[];
  updated: string[];
  total: number;
}

/**
 * Creates or updates positions by slug. System positions keep their permissions (their grants are
 * the product's, and it_manager must keep `*`); only their name, description and priority follow
 * the wizard.
 */
export async function upsertPositions(tx: Transaction, organizationId: string, inputs: readonly PositionInput[]): Promise<PositionsOutcome> {
  const created: string[] = [];
  const updated: string[] = [];
  for (const input of inputs) {
    const slug = input.id.replace(/-/g, '_');
    const existing = await Position.findOne({ where: { organizationId, slug }, transaction: tx });
    const fields = { name: input.name, description: input.description ?? null, priority: input.priority ?? 50 };
    if (existing) {
      await existing.update(existing.isSystem ? fields : { ...fields, permissions: permissionsFromGrid(input.permissions) }, { transaction: tx });
      updated.push(slug);
    } else {
      await Position.create({ organizationId, slug, ...fields, permissions: permissionsFromGrid(input.permissions), isSystem: false }, { transaction: tx });
      created.push(slug);
    }
  }
  const total = await Position.count({ where: { organizationId }, transaction: tx });
  return { created, updated, total };
}
