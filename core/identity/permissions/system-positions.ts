/**
 * The 31 system positions of the original (original-backend.md §9), seeded into every
 * organization. Permission strings may name modules that are not installed: they simply grant
 * nothing until the module is. The table is documented in docs/security.md.
 */
export interface SystemPositionDefinition {
  slug: string;
  name: string;
  priority: number;
  description: string;
  permissions: string[];
}

const all = (...categories: string[]) => categories.map((c) => `${c}.*`);

/** What every member can do: read most modules, swap shifts, submit equipment checks, order from the store. */
export const MEMBER_PERMISSIONS: readonly string[] = [
  'users.view', 'members.view', 'positions.view', 'organization.view', 'settings.view',
  'training.view', 'scheduling.view', 'scheduling.swap', 'equipment_check.view', 'equipment_check.submit',
  'inventory.view', 'storefront.view', 'storefront.order', 'meetings.view', 'elections.view', 'forms.view',
  'minutes.view', 'documents.view', 'notifications.view', 'events.view', 'locations.view', 'apparatus.view',
  'facilities.view', 'admin_hours.view', 'admin_hours.log', 'compliance.view',
];

const member = (...extra: string[]) => [...new Set([...MEMBER_PERMISSIONS, ...extra])];

const CHIEF_CATEGORIES = [
  'users', 'members', 'prospective_members', 'positions', 'organization', 'settings', 'training', 'compliance',
  'medical_screening', 'scheduling', 'equipment_check', 'inventory', 'storefront', 'meetings', 'elections',
  'fundraising', 'forms', 'minutes', 'documents', 'notifications', 'reports', 'events', 'locations', 'apparatus',
  'facilities', 'analytics', 'admin_hours',
];

const OPERATIONS = ['training', 'compliance', 'medical_screening', 'scheduling', 'equipment_check', 'apparatus', 'facilities', 'events', 'locations', 'inventory', 'reports', 'documents', 'notifications'];

function position(slug: string, name: string, priority: number, description: string, permissions: string[]): SystemPositionDefinition {
  return { slug, name, priority, description, permissions: [...new Set(permissions)].sort() };
}

export const SYSTEM_POSITIONS: readonly SystemPositionDefinition[] = Object.freeze([
  position('it_manager', 'IT Manager', 100, 'Full access to everything, including security and system administration', ['*']),
  position('fire_chief', 'Fire Chief', 95, 'Head of the department', member(...all(...CHIEF_CATEGORIES, 'finance', 'legal'), 'audit.view', 'audit.export', 'admin.access', 'security.manage')),
  position('deputy_chief', 'Deputy Chief', 90, 'Second in command', member(...all(...CHIEF_CATEGORIES), 'finance.view', 'finance.approve', 'legal.propose', 'audit.view', 'admin.access')),
  position('assistant_chief', 'Assistant Chief', 85, 'Runs operations', member(...all(...OPERATIONS), 'members.view', 'members.manage', 'users.view_contact', 'users.edit', 'audit.view', 'admin.access')),
  position('captain', 'Captain', 70, 'Company officer', member('training.manage', 'training.view_all', 'scheduling.manage', 'scheduling.assign', 'scheduling.report', 'equipment_check.manage', 'apparatus.maintenance', 'events.manage', 'users.view_contact', 'reports.view', 'admin.access')),
  position('lieutenant', 'Lieutenant', 60, 'Company officer', member('training.view_all', 'scheduling.assign', 'scheduling.report', 'equipment_check.manage', 'apparatus.maintenance', 'events.create', 'events.edit', 'users.view_contact')),
  position('engineer', 'Engineer', 40, 'Driver/operator', member('apparatus.maintenance', 'equipment_check.manage', 'scheduling.report')),
  position('firefighter', 'Firefighter', 15, 'Firefighter', member('scheduling.report')),
  // The reference names 28 of the original's 31; these three complete the field ranks (upstream added `emt` later).
  position('paramedic', 'Paramedic', 20, 'Advanced life support provider', member('scheduling.report', 'inventory.view_medical')),
  position('emt', 'EMT', 15, 'Emergency medical technician', member('scheduling.report')),
  position('probationary_firefighter', 'Probationary Firefighter', 12, 'Member in the probationary period', member()),
  position('president', 'President', 95, 'Head of the association', member(...all('members', 'users', 'positions', 'organization', 'settings', 'meetings', 'elections', 'minutes', 'documents', 'events', 'fundraising', 'finance', 'legal', 'reports', 'notifications', 'prospective_members'), 'audit.view', 'admin.access', 'analytics.view')),
  position('vice_president', 'Vice President', 80, 'Second officer of the association', member('members.manage', 'users.create', 'users.edit', 'users.view_contact', 'meetings.manage', 'elections.manage', 'minutes.manage', 'events.manage', 'documents.manage', 'reports.view', 'finance.view', 'admin.access')),
  position('treasurer', 'Treasurer', 75, 'Keeps the books', member(...all('finance', 'fundraising'), 'storefront.manage', 'reports.view', 'users.view_contact')),
  position('secretary', 'Secretary', 75, 'Keeps records and minutes', member(...all('minutes', 'meetings', 'documents', 'members', 'notifications'), 'users.create', 'users.edit', 'users.view_contact', 'events.manage', 'reports.view', 'legal.propose', 'admin.access')),
  position('board_of_directors', 'Board of Directors', 70, 'Board member', member('finance.view', 'finance.approve', 'legal.propose', 'reports.view', 'elections.manage')),
  position('assistant_secretary', 'Assistant Secretary', 70, 'Helps the secretary', member('minutes.manage', 'meetings.manage', 'documents.manage', 'users.view_contact')),
  position('quartermaster', 'Quartermaster', 85, 'Equipment and uniforms', member(...all('inventory', 'storefront', 'equipment_check'), 'users.view_contact', 'reports.view', 'admin.access')),
  position('safety_officer', 'Safety Officer', 65, 'Safety and health', member(...all('equipment_check', 'compliance', 'medical_screening'), 'training.view_all', 'reports.view', 'inventory.view_medical')),
  position('training_officer', 'Training Officer', 65, 'Runs training', member(...all('training', 'compliance'), 'scheduling.assign', 'users.view_contact', 'reports.view')),
  position('meeting_hall_coordinator', 'Meeting Hall Coordinator', 60, 'Books the hall', member(...all('facilities', 'locations', 'events'))),
  position('ems_supply_officer', 'EMS Supply Officer', 55, 'Medical supplies', member('inventory.view_medical', 'inventory.manage_medical', 'equipment_check.manage')),
  position('public_outreach', 'Public Outreach', 55, 'Community events and public information', member('events.manage', 'notifications.manage', 'forms.manage', 'documents.manage')),
  position('communications_officer', 'Communications Officer', 55, 'Department communications', member(...all('notifications'), 'documents.manage', 'users.view_contact')),
  position('membership_coordinator', 'Membership Coordinator', 55, 'Recruitment and membership records', member(...all('members', 'prospective_members'), 'users.create', 'users.edit', 'users.view_contact', 'users.update_positions', 'admin.access')),
  position('fundraising_chair', 'Fundraising Chair', 55, 'Runs fundraising', member(...all('fundraising'), 'finance.view', 'events.manage', 'storefront.manage')),
  position('scheduling_officer', 'Scheduling Officer', 55, 'Builds the schedule', member(...all('scheduling'), 'users.view_contact')),
  position('historian', 'Historian', 50, 'Keeps the department history', member('documents.manage')),
  position('apparatus_officer', 'Apparatus Officer', 50, 'Apparatus and their checks', member(...all('apparatus', 'equipment_check'))),
  position('facilities_manager', 'Facilities Manager', 50, 'Buildings and grounds', member(...all('facilities', 'locations'))),
  position('member', 'Member', 10, 'Every member: reads most modules, swaps shifts, submits equipment checks, orders from the store', member()),
]);
