import type { Position } from '../models/position.model';
import { parsePermissions } from '../permissions/effective-permissions';
import type { Role } from './roles.types';

type PositionRow = Pick<Position, 'id' | 'organizationId' | 'name' | 'slug' | 'description' | 'permissions' | 'isSystem' | 'priority' | 'createdAt' | 'updatedAt'>;

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

/** A position as the SPA's `Role`. Accepts raw rows (JSON columns may arrive as text on MariaDB). */
export function roleView(p: PositionRow): Role {
  return {
    id: p.id,
    organization_id: p.organizationId,
    name: p.name,
    slug: p.slug,
    description: p.description ?? null,
    permissions: parsePermissions(p.permissions),
    is_system: Boolean(p.isSystem),
    priority: Number(p.priority),
    created_at: iso(p.createdAt),
    updated_at: iso(p.updatedAt),
  };
}

/** `it_manager`-style slugs: lower-case ASCII words joined by underscores. */
export function slugify(name: string): string {
  const base = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 90);
  return base || 'role';
}
