import type { Transaction } from 'sequelize';
import type { ModuleConfigService } from '../../modules/module-config.service';
import { Organization } from '../../identity/models/organization.model';
import { parseSettings } from '../../identity/organization-settings';
import { MODULE_SETTING_KEYS } from '../../identity/api/module-keys';

/** Always on whatever the wizard says (original-backend §5). */
export const ALWAYS_ON = ['members', 'events', 'documents', 'forms'] as const;

/** Every id the SPA may send (spa-contract §2.6), normalised ('-' -> '_'); others are refused. */
export const WIZARD_MODULE_IDS: ReadonlySet<string> = new Set([
  'members', 'events', 'documents', 'forms', 'training', 'inventory', 'medical_supplies', 'scheduling', 'apparatus',
  'facilities', 'elections', 'minutes', 'reports', 'notifications', 'mobile', 'integrations', 'prospective_members',
  'positions', 'settings',
]);

export function normaliseModules(ids: readonly string[]): { modules: string[]; unknown: string[] } {
  const normalised = ids.map((id) => id.trim().replace(/-/g, '_'));
  const unknown = normalised.filter((id) => !WIZARD_MODULE_IDS.has(id));
  return { modules: [...new Set([...ALWAYS_ON, ...normalised.filter((id) => WIZARD_MODULE_IDS.has(id))])], unknown };
}

/**
 * At /complete: installed modules get a module_config row (the gate reads it), the SPA's other
 * switches go to organizations.settings.modules, as GET /organization/modules reads them.
 */
export async function persistModules(tx: Transaction, moduleConfig: ModuleConfigService, organizationId: string, chosen: readonly string[], actor: string | null): Promise<void> {
  const on = new Set(chosen);
  // Switches the wizard does not show keep their defaults.
  for (const m of moduleConfig.installed()) {
    if (WIZARD_MODULE_IDS.has(m.manifest.key)) await moduleConfig.write(tx, organizationId, m.manifest.key, { enabled: on.has(m.manifest.key) }, actor);
  }
  const flags: Record<string, boolean> = {};
  for (const key of MODULE_SETTING_KEYS) if (!moduleConfig.isInstalled(key) && WIZARD_MODULE_IDS.has(key)) flags[key] = on.has(key);
  const org = await Organization.findByPk(organizationId, { transaction: tx, lock: tx.LOCK.UPDATE });
  if (!org) return;
  const settings = parseSettings(org.settings);
  await org.update({ settings: { ...settings, modules: { ...flags, _user_configured: true } } }, { transaction: tx });
}
