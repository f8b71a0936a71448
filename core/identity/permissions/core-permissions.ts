import type { PermissionDefinition } from '../../modules/manifest';

/**
 * The permissions the core itself guards (names as the original's, original-backend.md §9).
 * Feature modules add theirs through their manifests; the catalog merges both.
 */
const CORE: Record<string, Record<string, string>> = {
  users: {
    view: 'See the member list', create: 'Add members', edit: 'Edit member profiles', delete: 'Remove members',
    view_contact: 'See members\' contact details', update_positions: 'Change which positions a member holds',
  },
  members: { view: 'See member records', manage: 'Manage member records and statuses', assign_positions: 'Assign positions to members', create: 'Create member records' },
  positions: {
    view: 'See positions', create: 'Create positions', edit: 'Edit positions', update: 'Update positions',
    delete: 'Delete positions', manage_permissions: 'Change the permissions of positions',
  },
  organization: { view: 'See the department profile', edit: 'Edit the department profile', update_settings: 'Change department settings', 'template.manage': 'Export and import setup templates' },
  settings: { view: 'See settings', edit: 'Edit settings', manage: 'Manage settings and modules', manage_contact_visibility: 'Choose which contact fields members see' },
  security: { manage: 'Manage security policy (MFA requirement, sessions)' },
  audit: { view: 'Read the audit log', export: 'Export the audit log', manage: 'Verify and checkpoint the audit log' },
  admin: { access: 'Open the administration area' },
  system: { run_tasks: 'Run scheduled tasks by hand' },
};

export const CORE_PERMISSIONS: readonly PermissionDefinition[] = Object.freeze(
  Object.entries(CORE).flatMap(([category, actions]) => Object.entries(actions).map(([action, description]) => ({ name: `${category}.${action}`, description, category }))),
);
