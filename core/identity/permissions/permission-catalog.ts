import type { InstalledModule, PermissionDefinition } from '../../modules/manifest';
import { CORE_PERMISSIONS } from './core-permissions';

export interface PermissionCategory {
  category: string;
  permissions: PermissionDefinition[];
}

/**
 * Every permission string this installation knows: the core's plus each installed module's
 * manifest. `GET /roles/permissions/by-category` reads it; grants of unknown strings are refused.
 */
export class PermissionCatalog {
  private readonly byName: ReadonlyMap<string, PermissionDefinition>;

  constructor(modules: readonly InstalledModule[]) {
    const all = new Map<string, PermissionDefinition>();
    for (const p of [...CORE_PERMISSIONS, ...modules.flatMap((m) => m.manifest.permissions)]) if (!all.has(p.name)) all.set(p.name, p);
    this.byName = all;
  }

  list(): PermissionDefinition[] {
    return [...this.byName.values()];
  }

  byCategory(): PermissionCategory[] {
    const groups = new Map<string, PermissionDefinition[]>();
    for (const p of this.byName.values()) {
      const list = groups.get(p.category) ?? [];
      list.push(p);
      groups.set(p.category, list);
    }
    return [...groups.entries()].map(([category, permissions]) => ({ category, permissions }));
  }

  /** `*`, `<category>.*` for a known category, or a listed permission. */
  isKnown(permission: string): boolean {
    if (permission === '*') return true;
    if (permission.endsWith('.*')) {
      const category = permission.slice(0, -2);
      return this.list().some((p) => p.name.startsWith(`${category}.`));
    }
    return this.byName.has(permission);
  }
}
