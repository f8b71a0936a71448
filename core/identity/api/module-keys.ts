/**
 * The module switches the SPA knows (spa-contract §1.6, §2.5) and the original's defaults
 * (original-backend.md §5). Installed modules are decided by their `module_config` rows; the
 * others (not built yet) keep the department's choice in `organizations.settings.modules`.
 */
export const MODULE_SETTING_KEYS = [
  'training', 'scheduling', 'inventory', 'apparatus', 'facilities', 'elections', 'minutes', 'notifications',
  'prospective_members', 'medical_supplies', 'storefront', 'forms', 'integrations', 'reports', 'public_info',
  'communications', 'mobile', 'incidents', 'hr_payroll', 'grants',
] as const;
export type ModuleSettingKey = (typeof MODULE_SETTING_KEYS)[number];

const DEFAULT_OFF: ReadonlySet<string> = new Set(['communications', 'elections', 'mobile', 'incidents', 'hr_payroll', 'grants', 'storefront', 'medical_supplies']);

export function upstreamDefault(key: string): boolean {
  return !DEFAULT_OFF.has(key);
}

/** Always listed: the SPA treats a list of only these as "unconfigured" and shows every item. */
export const ESSENTIAL_MODULES = ['members', 'events', 'documents', 'roles', 'settings'] as const;
